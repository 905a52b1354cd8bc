// A fake sidecar for tests against a real istiod: one ADS stream over plaintext xDS (15010) with the node
// metadata a sidecar sends, subscribing to CDS and LDS, ACKing the types asked to and NACKing the others.
import * as grpc from '@grpc/grpc-js'
import {jsonToMessage, messageToJson} from '../../src/lib/xds/json.js'
import {xdsProtos} from '../../src/lib/xds/protos.js'

export interface FakeProxyOptions {
  address: string
  pod: string
  namespace: string
  ip: string
  istioVersion: string
  /** Type URLs to NACK (the rest are ACKed). */
  nack?: string[]
  types: string[]
}

export interface FakeProxy {
  id: string
  /** Resolves when every subscribed type got a response and was ACKed or NACKed. */
  settled: Promise<void>
  close(): void
}

export async function connectFakeProxy(o: FakeProxyOptions): Promise<FakeProxy> {
  const {root, DiscoveryRequest, DiscoveryResponse} = await xdsProtos()
  const id = `sidecar~${o.ip}~${o.pod}.${o.namespace}~${o.namespace}.svc.cluster.local`
  const node = {
    id,
    cluster: `${o.pod.split('-')[0]}.${o.namespace}`,
    metadata: {
      ISTIO_VERSION: o.istioVersion,
      CLUSTER_ID: 'Kubernetes',
      NAMESPACE: o.namespace,
      NAME: o.pod,
      POD_PORTS: '[]',
      INSTANCE_IPS: o.ip,
      SERVICE_ACCOUNT: 'default',
      LABELS: {app: o.pod.split('-')[0]!},
      PROXY_CONFIG: {},
    },
  }
  const Client = grpc.makeGenericClientConstructor(
    {
      StreamAggregatedResources: {
        path: '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources',
        requestStream: true,
        responseStream: true,
        requestSerialize: (m: unknown) => Buffer.from(DiscoveryRequest.encode(m as never).finish()),
        requestDeserialize: (b: Buffer) => DiscoveryRequest.decode(b),
        responseSerialize: (m: unknown) => Buffer.from(DiscoveryResponse.encode(m as never).finish()),
        responseDeserialize: (b: Buffer) => DiscoveryResponse.decode(b),
      },
    },
    'ADS',
  )
  const client = new Client(o.address, grpc.credentials.createInsecure())
  const call = (
    client as unknown as {StreamAggregatedResources(): grpc.ClientDuplexStream<unknown, unknown>}
  ).StreamAggregatedResources()
  const pending = new Set(o.types)
  let done!: () => void
  const settled = new Promise<void>((r) => (done = r))
  const send = (req: Record<string, unknown>) => call.write(jsonToMessage(DiscoveryRequest, req, root))
  call.on('data', (msg: Record<string, unknown>) => {
    const res = messageToJson(DiscoveryResponse, msg, root) as {
      typeUrl: string
      versionInfo?: string
      nonce?: string
    }
    if (!pending.has(res.typeUrl)) return
    pending.delete(res.typeUrl)
    if (o.nack?.includes(res.typeUrl))
      send({
        typeUrl: res.typeUrl,
        responseNonce: res.nonce,
        errorDetail: {code: 3, message: 'fake proxy rejects this'},
      })
    else send({typeUrl: res.typeUrl, responseNonce: res.nonce, versionInfo: res.versionInfo})
    if (pending.size === 0) done()
  })
  call.on('error', () => undefined)
  o.types.forEach((typeUrl, i) => send({...(i === 0 ? {node} : {}), typeUrl}))
  return {id, settled, close: () => (call.cancel(), client.close())}
}
