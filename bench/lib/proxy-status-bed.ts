// What the proxy-status benches run against: syncz answers for N proxies, and a simulator whose istiod pod's
// port 15012 forwards to a loopback TLS ADS server giving those answers, so that meshctl and istioctl reach
// the same xDS server the same way (list the istiod pods, TokenRequest, port-forward, ADS over TLS).
import {TYPE, type DiscoveryResponse} from '../../src/lib/proxy-status/types.js'
import {startAdsServer} from '../../test/helpers/ads-server.js'
import {startKubeSim} from '../../test/kube-sim/index.js'
import {testPki} from '../../test/kube-sim/tls.js'

const TYPES = [TYPE.cluster, TYPE.listener, TYPE.route, TYPE.endpoint, TYPE.extension]
const STATUSES = ['SYNCED', 'SYNCED', 'SYNCED', 'STALE', 'NOT_SENT', 'ERROR']

/** istiod `istiod`'s syncz answer for `count` proxies numbered from `offset`. */
export function synczAnswer(istiod: number, count: number, offset: number): DiscoveryResponse {
  const now = Date.now()
  return {
    versionInfo: '2026-12-07T00:00:00Z/1',
    typeUrl: TYPE.syncz,
    resources: Array.from({length: count}, (_, k) => {
      const n = offset + k
      return {
        '@type': TYPE.clientConfig,
        node: {
          id: `app-${n % 97}-v${n % 3}-${n.toString(36).padStart(5, '0')}.ns-${n % 20}`,
          metadata: {
            CLUSTER_ID: 'Kubernetes',
            ISTIO_VERSION: n % 10 === 0 ? '1.29.2' : '1.30.3',
            NAMESPACE: `ns-${n % 20}`,
          },
        },
        genericXdsConfigs: TYPES.map((typeUrl, t) => ({
          typeUrl,
          lastUpdated: new Date(now - ((n * 7 + t * 13) % 3600) * 1000).toISOString(),
          configStatus: STATUSES[(n + t) % STATUSES.length],
        })),
      }
    }),
    controlPlane: {
      identifier: JSON.stringify({Component: 'istiod', ID: `istiod-${istiod}`, Info: {version: '1.30.3'}}),
    },
  }
}

export interface ProxyStatusBed {
  kubeconfigPath: string
  stop(): Promise<void>
}

/** The simulator with one istiod pod whose xDS port answers syncz for `proxies` proxies. */
export async function startProxyStatusBed(proxies: number): Promise<ProxyStatusBed> {
  const sim = await startKubeSim()
  await sim.seed(`apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: istio-system}
---
apiVersion: v1
kind: Pod
metadata: {name: istiod-bench, namespace: istio-system, labels: {app: istiod, istio.io/rev: default}}
spec: {containers: [{name: discovery, image: pilot}]}
`)
  await sim.waitFor(() => sim.get('v1', 'Pod', 'istiod-bench', 'istio-system')?.status?.phase === 'Running')
  const answer = synczAnswer(0, proxies, 0)
  const pki = testPki()
  const ads = await startAdsServer({
    tls: {key: pki.serverKeyPem, cert: pki.serverCertPem},
    answer: () => answer,
  })
  sim.portForward(
    {namespace: 'istio-system', pod: 'istiod-bench', port: 15012},
    {host: '127.0.0.1', port: ads.port},
  )
  return {
    kubeconfigPath: sim.kubeconfigPath,
    async stop() {
      await ads.stop()
      await sim.stop()
    },
  }
}
