// A loopback ADS server for tests: answers istio.io/debug/* requests from recorded proto3 JSON, as istiod
// does (one DiscoveryResponse per request), and records what clients sent (node, token).
import * as grpc from '@grpc/grpc-js'
import type {DiscoveryResponse} from '../../src/lib/proxy-status/types.js'
import {jsonToMessage, messageToJson} from '../../src/lib/xds/json.js'
import {fullXdsProtos, xdsProtos} from '../../src/lib/xds/protos.js'

export interface SeenRequest {
  typeUrl: string
  resourceNames: string[]
  node?: {id?: string; metadata?: Record<string, unknown>}
  authorization?: string
}

export interface AdsServerOptions {
  /** The answer for a request; undefined: no answer (the client times out). */
  answer(req: SeenRequest): DiscoveryResponse | undefined
  /** Refuse requests whose bearer token this rejects (UNAUTHENTICATED, as istiod does). */
  checkToken?: (token: string | undefined) => boolean
  /** Decode with every Envoy proto (config dumps with nested Anys). */
  full?: boolean
  /** TLS key and certificate (PEM); plaintext otherwise. */
  tls?: {key: string; cert: string}
}

export interface AdsServer {
  port: number
  address: string
  seen: SeenRequest[]
  stop(): Promise<void>
}

export async function startAdsServer(opts: AdsServerOptions): Promise<AdsServer> {
  const {
    root,
    DiscoveryRequest,
    DiscoveryResponse: Response,
  } = opts.full ? await fullXdsProtos() : await xdsProtos()
  const seen: SeenRequest[] = []
  const server = new grpc.Server()
  const definition = {
    StreamAggregatedResources: {
      path: '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources',
      requestStream: true,
      responseStream: true,
      requestSerialize: (m: unknown) => Buffer.from(DiscoveryRequest.encode(m as never).finish()),
      requestDeserialize: (b: Buffer) => DiscoveryRequest.decode(b),
      responseSerialize: (m: unknown) => Buffer.from(Response.encode(m as never).finish()),
      responseDeserialize: (b: Buffer) => Response.decode(b),
    },
  }
  server.addService(definition as never, {
    StreamAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      const auth = call.metadata.get('authorization')[0]?.toString()
      call.on('data', (msg: Record<string, unknown>) => {
        const json = messageToJson(DiscoveryRequest, msg, root) as Record<string, unknown>
        const req: SeenRequest = {
          typeUrl: String(json.typeUrl ?? ''),
          resourceNames: (json.resourceNames as string[] | undefined) ?? [],
          node: json.node as SeenRequest['node'],
          authorization: auth,
        }
        seen.push(req)
        if (opts.checkToken && !opts.checkToken(auth?.replace(/^Bearer /, ''))) {
          call.emit('error', {code: grpc.status.UNAUTHENTICATED, details: 'authentication failure'})
          return
        }
        const res = opts.answer(req)
        try {
          if (res) call.write(jsonToMessage(Response, {typeUrl: req.typeUrl, ...res}, root))
        } catch (e) {
          console.error('ads-server: cannot encode the answer:', e)
          call.emit('error', {code: grpc.status.INTERNAL, details: String(e)})
        }
      })
      call.on('error', () => undefined)
      call.on('end', () => call.end())
    },
  })
  const creds = opts.tls
    ? grpc.ServerCredentials.createSsl(null, [
        {private_key: Buffer.from(opts.tls.key), cert_chain: Buffer.from(opts.tls.cert)},
      ])
    : grpc.ServerCredentials.createInsecure()
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))),
  )
  return {
    port,
    address: `127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve())
        setTimeout(() => server.forceShutdown(), 500).unref()
      }),
  }
}

/**
 * What proxy-status looks up in the cluster: an istiod Deployment (its ServiceAccount's tokens are asked
 * for) in `istioNamespace`, and a sidecar pod `productpage-v1-abc` in `podNamespace`, as simulator YAML.
 */
export function istiodAndSidecarSeed(istioNamespace: string, podNamespace: string): string {
  return `apiVersion: v1
kind: Namespace
metadata: {name: ${istioNamespace}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ${istioNamespace}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: ${istioNamespace}}
spec:
  replicas: 1
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod, istio.io/rev: default}}
    spec: {containers: [{name: discovery, image: pilot:1.30.3}]}
---
apiVersion: v1
kind: Pod
metadata: {name: productpage-v1-abc, namespace: ${podNamespace}, labels: {app: productpage}}
spec: {containers: [{name: productpage, image: pp}, {name: istio-proxy, image: proxyv2}]}`
}
