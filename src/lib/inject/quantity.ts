/**
 * resource.Quantity's canonical form, as encoding/json writes quantities after Go parses them: `2000m` →
 * `2`, `1024Mi` → `1Gi`, `0.5` → `500m`. Forms it does not model (exponents) are left as written.
 * @module
 */
const DECIMAL: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18}
const BINARY: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60}

// every pod's sidecar asks again for the same few quantities
const known = new Map<string, string>()

export function canonicalQuantity(q: string): string {
  let c = known.get(q)
  if (c === undefined) {
    if (known.size >= 1024) known.clear()
    known.set(q, (c = canonical(q)))
  }
  return c
}

function canonical(q: string): string {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([numkMGTPE]|[KMGTPE]i)?$/.exec(q)
  if (!m) return q
  const [, sign, num, suffix = ''] = m
  const [w, f = ''] = num.split('.')
  const digits = BigInt((w || '0') + f)
  if (digits === 0n) return '0'
  const neg = sign === '-' ? '-' : ''
  if (suffix in BINARY) {
    const scaled = digits * 2n ** BigInt(BINARY[suffix])
    const div = 10n ** BigInt(f.length)
    if (scaled % div !== 0n) return neg + canonicalDecimal(scaled, -f.length)
    let v = scaled / div
    let e = 0
    while (e < 60 && v % 1024n === 0n && v >= 1024n) {
      v /= 1024n
      e += 10
    }
    const s = Object.entries(BINARY).find(([, x]) => x === e)?.[0] ?? ''
    return neg + String(v) + s
  }
  return neg + canonicalDecimal(digits, DECIMAL[suffix] - f.length)
}

function canonicalDecimal(mantissa: bigint, exp: number): string {
  while (mantissa % 10n === 0n) {
    mantissa /= 10n
    exp++
  }
  let e3 = Math.floor(exp / 3) * 3
  if (e3 > 18) e3 = 18
  if (e3 < -9) {
    // below nano: Kubernetes rounds up to 1n
    return '1n'
  }
  const v = mantissa * 10n ** BigInt(exp - e3)
  const suffix = Object.entries(DECIMAL).find(([, x]) => x === e3)?.[0] ?? ''
  return `${v}${suffix}`
}
