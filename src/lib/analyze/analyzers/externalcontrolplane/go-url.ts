/**
 * The host name Go's `url.Parse(...).Hostname()` gives for a URL, or undefined where `url.Parse` fails.
 * istioctl lints webhook URLs with Go's parser, which accepts scheme-less and relative URLs that the WHATWG
 * `URL` rejects (and rejects some it takes), so the checks that decide between the two are redone here.
 */
export function goUrlHostname(raw: string): string | undefined {
  const hash = raw.indexOf('#')
  const [u, fragment] = hash < 0 ? [raw, ''] : [raw.slice(0, hash), raw.slice(hash + 1)]
  if (hasControlByte(u) || !unescapes(fragment)) return undefined
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u)
  let rest = scheme ? u.slice(scheme[0].length) : u
  const q = rest.indexOf('?')
  if (q >= 0) rest = rest.slice(0, q)
  if (!rest.startsWith('/')) {
    if (scheme) return '' // opaque (mailto:x): no host
    if (rest.split('/')[0].includes(':')) return undefined // "first path segment in URL cannot contain colon"
  }
  let host = ''
  if ((scheme || !rest.startsWith('///')) && rest.startsWith('//')) {
    // `rest` keeps the authority: its escapes are checked with the path's at the end.
    const authority = rest.slice(2).split('/')[0]
    const at = authority.lastIndexOf('@')
    const parsed = parseHost(authority.slice(at + 1))
    if (parsed === undefined) return undefined
    if (at >= 0) {
      const userinfo = authority.slice(0, at)
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return undefined
    }
    host = parsed
  }
  if (!unescapes(rest)) return undefined
  return hostnameOf(host)
}

/** Go rejects URLs with ASCII control bytes (below space, and DEL). */
const hasControlByte = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

const validOptionalPort = (p: string) => p === '' || /^:\d*$/.test(p)

/** Go's parseHost: the authority's host (with port) unescaped, or undefined when invalid. */
function parseHost(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']')
    // without a `]`, the slice is the whole host, which starts with `[`: no port
    if (!validOptionalPort(host.slice(close + 1))) return undefined
  } else {
    const colon = host.lastIndexOf(':')
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return undefined
  }
  // In a host, only %25 (or escapes of non-ASCII bytes) may be escaped, and few characters may appear bare.
  // (A malformed escape is refused with the path: goUrlHostname unescapes the authority with it.)
  for (let i = 0; i < host.length; i++) {
    const c = host[i]
    if (c === '%') {
      if (parseInt(host[i + 1], 16) < 8 && host.slice(i, i + 3) !== '%25') return undefined
      i += 2
    } else if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(c)) return undefined
  }
  // Go unescapes to bytes; bytes that are not UTF-8 read as U+FFFD, as Go's JSON shows them.
  const parts = host.split(/(%[0-9A-Fa-f]{2})/)
  return Buffer.concat(
    parts.map((p) => (p.startsWith('%') ? Buffer.from([parseInt(p.slice(1), 16)]) : Buffer.from(p))),
  ).toString()
}

/** Whether every `%` starts a two-digit hex escape (Go's unescape of paths, user info and fragments). */
const unescapes = (s: string) => !/%(?![0-9A-Fa-f]{2})/.test(s)

/** Go's URL.Hostname: the host without its port and IPv6 brackets. */
function hostnameOf(host: string): string {
  let h = host
  const colon = h.lastIndexOf(':')
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon)
  // parseHost let a `[` through only with its `]` and an optional port, which is gone now
  if (h.startsWith('[')) h = h.slice(1, -1)
  return h
}
