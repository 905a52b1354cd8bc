/**
 * A raw REST client for the differential suite: sends exactly the bytes a test gives (so both back ends
 * see the same request) and returns the status, content type and parsed body, with nothing retried.
 */
import {readFileSync} from 'node:fs'
import {request as httpRequest, type IncomingMessage} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {parse} from 'yaml'

export interface Reply {
  status: number
  contentType: string
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown
}

export interface RequestOptions {
  body?: unknown
  contentType?: string
  accept?: string
}

interface Kubeconfig {
  clusters: {name: string; cluster: Record<string, string>}[]
  users: {name: string; user: Record<string, string>}[]
  contexts: {name: string; context: {cluster: string; user: string}}[]
  'current-context': string
}

export class Rest {
  private readonly server: URL
  private readonly ca?: string
  private readonly token?: string

  constructor(kubeconfigPath: string) {
    const kc = parse(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig
    const ctx = kc.contexts.find((c) => c.name === kc['current-context'])!.context
    const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster
    const user = kc.users.find((u) => u.name === ctx.user)?.user ?? {}
    this.server = new URL(cluster.server)
    const caData = cluster['certificate-authority-data']
    this.ca = caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined
    this.token = user.token
  }

  private open(
    method: string,
    path: string,
    opts: RequestOptions,
    onResponse: (res: IncomingMessage) => void,
  ) {
    const url = new URL(path, this.server)
    const data =
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body)
    const headers: Record<string, string> = {accept: opts.accept ?? 'application/json'}
    if (this.token) headers.authorization = `Bearer ${this.token}`
    if (data !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json'
      headers['content-length'] = String(Buffer.byteLength(data))
    }
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {method, headers, ca: this.ca, rejectUnauthorized: url.protocol === 'https:' && !!this.ca},
      onResponse,
    )
    req.end(data)
    return req
  }

  request(method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, opts, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => {
          let body: unknown = text
          try {
            body = JSON.parse(text)
          } catch {
            /* not JSON: keep the text */
          }
          resolve({status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body})
        })
      })
      req.on('error', reject)
    })
  }

  /** Opens a watch and collects events until `count` arrived or `ms` passed. */
  watch(
    path: string,
    count: number,
    ms: number,
    accept?: string,
  ): Promise<{type: string; object: unknown}[]> {
    return new Promise((resolve, reject) => {
      const events: {type: string; object: unknown}[] = []
      let buf = ''
      const done = () => {
        clearTimeout(timer)
        req.destroy()
        resolve(events)
      }
      const timer = setTimeout(done, ms)
      const req = this.open('GET', path, {accept}, (res) => {
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          buf += c
          let nl
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim()
            buf = buf.slice(nl + 1)
            if (line) events.push(JSON.parse(line) as {type: string; object: unknown})
            if (events.length >= count) return done()
          }
        })
        res.on('end', done)
      })
      req.on('error', (e) => (events.length ? done() : reject(e)))
    })
  }
}
