import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {DiscoveryResponse} from '../proxy-status/types.js'
import {MeshctlError} from '../errors.js'
import {messageToJson, structOf} from './json.js'
import {fullXdsProtos, type XdsProtos, xdsProtos} from './protos.js'

/** How to reach one xDS server (istiod), as istioctl's central control plane flags say. */
export interface XdsDialOptions {
  /** host:port */
  address: string
  /** --plaintext: no TLS (istiod's 15010; debug types need authentication, so istiod refuses them there). */
  plaintext?: boolean
  /** --cert-dir: client certificate (cert-chain.pem, key.pem) and root-cert.pem instead of a token. */
  certDir?: string
  /** --insecure: skip verifying istiod's certificate (always skipped with a token, as istioctl does). */
  insecure?: boolean
  /** --authority: the name istiod's certificate is checked against (and the :authority sent). */
  authority?: string
  /** istiod's service name (istiod[-REV].NS.svc), for TLS when --authority is not given. */
  serverName?: string
  /** A bearer token (TokenRequest, audience istio-ca). */
  token?: string
  /** --timeout in ms: connect plus answer. */
  timeoutMs: number
  /** The node this client announces (istioctl: a sidecar-like node with GENERATOR=event). */
  node?: {id: string; metadata: Record<string, string>}
  /** Decode nested Anys against every Envoy proto (config dumps), not just the debug ones. */
  fullProtos?: boolean
}

export interface XdsRequest {
  typeUrl: string
  resourceNames?: string[]
}

const ADS_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources'

/** istioctl's node for debug requests: GENERATOR=event, in the istio namespace, default service account. */
export function debugNode(
  namespace: string,
  serviceAccount = 'default',
): {id: string; metadata: Record<string, string>} {
  return {
    id: `sidecar~0.0.0.0~meshctl.${namespace}~${namespace}.svc.cluster.local`,
    metadata: {GENERATOR: 'event', SERVICE_ACCOUNT: serviceAccount, NAMESPACE: namespace},
  }
}

/**
 * Starts loading gRPC and the protos so that they compile while the cluster is still answering (finding
 * istiod, the token, the port-forward); a failure shows when the request itself loads them.
 */
export function preloadXds(full = false): void {
  import('@grpc/grpc-js').catch(() => undefined)
  ;(full ? fullXdsProtos() : xdsProtos()).catch(() => undefined)
}

/**
 * Opens an ADS stream, sends one DiscoveryRequest and resolves with the first response of that type,
 * decoded to proto3 JSON. Errors name the address and what went wrong in one line.
 */
export async function xdsRequest(req: XdsRequest, opts: XdsDialOptions): Promise<DiscoveryResponse> {
  // a CommonJS package: bundled, its exports are the default export
  type Grpc = typeof import('@grpc/grpc-js')
  const mod = (await import('@grpc/grpc-js')) as unknown as Grpc & {default?: Grpc}
  const grpc: Grpc = mod.default ?? mod
  const protos: XdsProtos = opts.fullProtos ? await fullXdsProtos() : await xdsProtos()
  const {DiscoveryRequest, DiscoveryResponse: Response, root} = protos

  const channelOptions: Record<string, string | number> = {}
  // the name TLS checks and sends (SNI cannot be an IP address): --authority, else istiod's service name
  const authority = opts.authority ?? opts.serverName
  if (authority && !opts.plaintext) {
    channelOptions['grpc.ssl_target_name_override'] = authority
    channelOptions['grpc.default_authority'] = authority
  }
  let creds
  if (opts.plaintext) creds = grpc.credentials.createInsecure()
  else if (opts.certDir) {
    const read = (f: string) => readCert(opts.certDir!, f)
    creds = grpc.credentials.createSsl(read('root-cert.pem'), read('key.pem'), read('cert-chain.pem'), {
      rejectUnauthorized: !opts.insecure,
      ...(opts.insecure ? {checkServerIdentity: () => undefined} : {}),
    })
  } else {
    // istioctl skips verification with a token: istiod's certificate is signed by the mesh's own CA. With
    // nothing to verify against, no CA is loaded either (Node's bundled roots cost ~70 ms of CPU to parse).
    const {createSecureContext} = await import('node:tls')
    creds = grpc.credentials.createFromSecureContext(createSecureContext({ca: []}), {
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    })
  }
  const Client = grpc.makeGenericClientConstructor(
    {
      StreamAggregatedResources: {
        path: ADS_PATH,
        requestStream: true,
        responseStream: true,
        requestSerialize: (m: unknown) => Buffer.from(DiscoveryRequest.encode(m as never).finish()),
        requestDeserialize: (b: Buffer) => DiscoveryRequest.decode(b),
        responseSerialize: (m: unknown) => Buffer.from(Response.encode(m as never).finish()),
        responseDeserialize: (b: Buffer) => Response.decode(b),
      },
    },
    'AggregatedDiscoveryService',
  )
  const client = new Client(opts.address, creds, channelOptions)
  const metadata = new grpc.Metadata()
  if (opts.token && !opts.plaintext) metadata.set('authorization', `Bearer ${opts.token}`)
  const deadline = Date.now() + opts.timeoutMs
  const where = `xDS server ${opts.address}`
  try {
    return await new Promise<DiscoveryResponse>((resolve, reject) => {
      const call = (
        client as unknown as {
          StreamAggregatedResources(
            md: unknown,
            o: unknown,
          ): import('@grpc/grpc-js').ClientDuplexStream<unknown, unknown>
        }
      ).StreamAggregatedResources(metadata, {deadline})
      let done = false
      const finish = (err?: Error, res?: DiscoveryResponse) => {
        if (done) return
        done = true
        call.cancel()
        if (err) reject(err)
        else resolve(res!)
      }
      // istiod answers a debug request with one response (of the request's type URL); nothing else is asked
      call.on('data', (msg: Record<string, unknown>) => {
        finish(undefined, messageToJson(Response, msg, root) as DiscoveryResponse)
      })
      call.on('error', (e: Error & {code?: number; details?: string}) =>
        finish(grpcError(e, where, req.typeUrl)),
      )
      call.on('end', () =>
        finish(new MeshctlError(`${where} closed the stream before answering ${req.typeUrl}`)),
      )
      const node = opts.node ?? debugNode('istio-system')
      const msg = DiscoveryRequest.fromObject({
        node: {id: node.id, metadata: structOf(node.metadata, root)},
        typeUrl: req.typeUrl,
        resourceNames: req.resourceNames ?? [],
        responseNonce: new Date().toISOString(),
      })
      call.write(msg)
    })
  } finally {
    client.close()
  }
}

function readCert(dir: string, file: string): Buffer {
  try {
    return readFileSync(join(dir, file))
  } catch (e) {
    throw new MeshctlError(
      `--cert-dir: cannot read ${join(dir, file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    )
  }
}

/** gRPC status codes meshctl explains. */
const UNAVAILABLE = 14
const DEADLINE_EXCEEDED = 4
const UNAUTHENTICATED = 16
const PERMISSION_DENIED = 7

function grpcError(
  e: Error & {code?: number; details?: string},
  where: string,
  typeUrl: string,
): MeshctlError {
  const details = (e.details ?? e.message).split('\n')[0]
  switch (e.code) {
    case UNAVAILABLE:
      return new MeshctlError(`${where} is unreachable: ${details}`, {cause: e})
    case DEADLINE_EXCEEDED:
      return new MeshctlError(`${where} did not answer ${typeUrl} in time (--timeout)`, {cause: e})
    case UNAUTHENTICATED:
    case PERMISSION_DENIED:
      return new MeshctlError(`${where} refused ${typeUrl}: ${details}`, {
        cause: e,
        hints: ['debug types need an authenticated TLS connection (port 15012 with a token, or --cert-dir)'],
      })
    default:
      return new MeshctlError(`${where}: ${typeUrl}: ${details}`, {cause: e})
  }
}
