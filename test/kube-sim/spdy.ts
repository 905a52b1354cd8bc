/**
 * A small SPDY/3.1 server-side session for the subset kubectl's port-forward uses: SYN_STREAM/SYN_REPLY,
 * DATA with FIN, RST_STREAM, PING, SETTINGS, WINDOW_UPDATE, GOAWAY. Header blocks use zlib with the
 * SPDY/3 dictionary and one compression context per direction. No npm package fits: spdy-transport
 * rejects kubectl's SYN_STREAMs (it insists on :method/:path).
 */
import {EventEmitter} from 'node:events'
import zlib from 'node:zlib'

export const FRAME = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const
export const FLAG_FIN = 0x01

const WORDS = [
  ...'options head post put delete trace accept accept-charset accept-encoding accept-language accept-ranges age allow'.split(
    ' ',
  ),
  ...'authorization cache-control connection content-base content-encoding content-language content-length'.split(
    ' ',
  ),
  ...'content-location content-md5 content-range content-type date etag expect expires from host if-match'.split(
    ' ',
  ),
  ...'if-modified-since if-none-match if-range if-unmodified-since last-modified location max-forwards pragma'.split(
    ' ',
  ),
  ...'proxy-authenticate proxy-authorization range referer retry-after server te trailer transfer-encoding upgrade'.split(
    ' ',
  ),
  ...'user-agent vary via warning www-authenticate method get status'.split(' '),
  '200 OK',
  ...'version HTTP/1.1 url public set-cookie keep-alive origin'.split(' '),
]
const TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.'

/**
 * The SPDY/3 header compression dictionary (spec §2.6.10.1): length-prefixed common header names and
 * values, then a run of common status codes, dates and content types.
 */
export const SPDY_DICTIONARY: Buffer = Buffer.concat([
  ...WORDS.map((w) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(Buffer.byteLength(w))
    return Buffer.concat([len, Buffer.from(w)])
  }),
  Buffer.from(TAIL),
])

export type Headers = Record<string, string>

/** Encodes a header block (uncompressed). */
export function encodeHeaderBlock(h: Headers): Buffer {
  const parts: Buffer[] = []
  const u32 = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    return b
  }
  const entries = Object.entries(h)
  parts.push(u32(entries.length))
  for (const [k, v] of entries) {
    const kb = Buffer.from(k.toLowerCase())
    const vb = Buffer.from(v)
    parts.push(u32(kb.length), kb, u32(vb.length), vb)
  }
  return Buffer.concat(parts)
}

/** Decodes a header block (uncompressed). Multiple values (NUL-separated) are kept joined. */
export function decodeHeaderBlock(b: Buffer): Headers {
  const out: Headers = {}
  let off = 0
  const n = b.readUInt32BE(off)
  off += 4
  for (let i = 0; i < n; i++) {
    const kl = b.readUInt32BE(off)
    const k = b.subarray(off + 4, off + 4 + kl).toString()
    off += 4 + kl
    const vl = b.readUInt32BE(off)
    out[k] = b.subarray(off + 4, off + 4 + vl).toString()
    off += 4 + vl
  }
  return out
}

/** Runs one block through a long-lived zlib stream and collects the output of a Z_SYNC_FLUSH. */
function flushThrough(z: zlib.Inflate | zlib.Deflate, block: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const onData = (d: Buffer) => chunks.push(d)
    const onError = (e: Error) => reject(e)
    z.on('data', onData)
    z.once('error', onError)
    z.write(block)
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData)
      z.off('error', onError)
      resolve(Buffer.concat(chunks))
    })
  })
}

/** Shared zlib contexts: one inflater for the peer's header blocks, one deflater for ours (SPDY needs both long-lived). */
export class HeaderCodec {
  private readonly inflater = zlib.createInflate({dictionary: SPDY_DICTIONARY})
  private readonly deflater = zlib.createDeflate({dictionary: SPDY_DICTIONARY})

  async decode(block: Buffer): Promise<Headers> {
    if (!block.length) return {}
    return decodeHeaderBlock(await flushThrough(this.inflater, block))
  }

  encode(h: Headers): Promise<Buffer> {
    return flushThrough(this.deflater, encodeHeaderBlock(h))
  }

  close(): void {
    this.inflater.close()
    this.deflater.close()
  }
}

function control(type: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt16BE(0x8003, 0)
  head.writeUInt16BE(type, 2)
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4)
  return Buffer.concat([head, data])
}

function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(streamId & 0x7fffffff, 0)
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4)
  return Buffer.concat([head, data])
}

/** One SPDY stream opened by the client. */
export class SpdyStream extends EventEmitter {
  ended = false
  remoteEnded = false

  constructor(
    readonly id: number,
    readonly headers: Headers,
    private readonly session: SpdySession,
  ) {
    super()
  }

  write(data: Buffer | string): void {
    if (this.ended) return
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data)
    // Frames carry at most 16 MiB; keep them small like other implementations.
    for (let off = 0; off < buf.length; off += 32768)
      this.session.send(dataFrame(this.id, 0, buf.subarray(off, off + 32768)))
  }

  /** Half-closes our side (DATA with FLAG_FIN). */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.session.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)))
  }

  reset(status = 5): void {
    this.ended = true
    const b = Buffer.alloc(8)
    b.writeUInt32BE(this.id & 0x7fffffff, 0)
    b.writeUInt32BE(status, 4)
    this.session.send(control(FRAME.RST_STREAM, 0, b))
  }
}

/**
 * Server side of a SPDY/3.1 session over any byte transport. Feed received bytes to `receive()`;
 * frames to send go to the `write` callback. Emits 'stream' (SpdyStream) for each SYN_STREAM, after
 * answering it with an empty SYN_REPLY, and 'close'.
 */
export class SpdySession extends EventEmitter {
  private buf: Buffer = Buffer.alloc(0)
  private readonly codec = new HeaderCodec()
  /** Frames are handled one after another (header decoding is asynchronous). */
  private queue: Promise<void> = Promise.resolve()
  readonly streams = new Map<number, SpdyStream>()
  closed = false

  constructor(private readonly write: (b: Buffer) => void) {
    super()
  }

  send(b: Buffer): void {
    if (!this.closed) this.write(b)
  }

  receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff
      if (this.buf.length < 8 + len) return
      const frame = this.buf.subarray(0, 8 + len)
      this.buf = this.buf.subarray(8 + len)
      this.queue = this.queue.then(
        () => this.frame(frame),
        () => this.frame(frame),
      )
      this.queue.catch(() => this.close())
    }
  }

  private async frame(f: Buffer): Promise<void> {
    if (this.closed) return
    const flags = f[4]!
    const data = f.subarray(8)
    if (!(f[0]! & 0x80)) {
      const id = f.readUInt32BE(0) & 0x7fffffff
      const s = this.streams.get(id)
      if (!s) return
      if (data.length) s.emit('data', Buffer.from(data))
      if (flags & FLAG_FIN) this.remoteEnd(s)
      return
    }
    const type = f.readUInt16BE(2)
    switch (type) {
      case FRAME.SYN_STREAM: {
        const id = data.readUInt32BE(0) & 0x7fffffff
        const headers = await this.codec.decode(data.subarray(10))
        const s = new SpdyStream(id, headers, this)
        this.streams.set(id, s)
        const reply = Buffer.alloc(4)
        reply.writeUInt32BE(id)
        this.send(control(FRAME.SYN_REPLY, 0, Buffer.concat([reply, await this.codec.encode({})])))
        this.emit('stream', s)
        if (flags & FLAG_FIN) this.remoteEnd(s)
        break
      }
      case FRAME.RST_STREAM: {
        const id = data.readUInt32BE(0) & 0x7fffffff
        const s = this.streams.get(id)
        if (s) {
          s.ended = true
          this.streams.delete(id)
          s.emit('reset')
          s.emit('close')
        }
        break
      }
      case FRAME.PING:
        this.send(control(FRAME.PING, 0, Buffer.from(data)))
        break
      case FRAME.GOAWAY:
        this.close()
        break
      case FRAME.HEADERS:
        await this.codec.decode(data.subarray(4))
        break
      default:
        // SETTINGS, WINDOW_UPDATE: nothing to do for the volumes port-forward tests move.
        break
    }
  }

  private remoteEnd(s: SpdyStream): void {
    s.remoteEnded = true
    s.emit('end')
    if (s.ended) {
      this.streams.delete(s.id)
      s.emit('close')
    }
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.codec.close()
    for (const s of this.streams.values()) s.emit('close')
    this.streams.clear()
    this.emit('close')
  }
}

/** Client-side helpers for tests: build frames the way kubectl does. */
export const spdyFrames = {
  control,
  data: dataFrame,
  async synStream(codec: HeaderCodec, id: number, headers: Headers, flags = 0): Promise<Buffer> {
    const head = Buffer.alloc(10)
    head.writeUInt32BE(id, 0)
    head.writeUInt32BE(0, 4)
    return control(FRAME.SYN_STREAM, flags, Buffer.concat([head, await codec.encode(headers)]))
  },
}
