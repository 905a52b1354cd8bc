// The live-cluster scale shape of issue 15: 20,000 ConfigMaps (mostly Helm-like noise outside Istio's
// namespace), 5,000 Services, 2,000 Pods and 2,000 Istio resources over 50 namespaces, as objects to seed
// into the simulator. Deterministic; a few deliberate mistakes so analyzers have findings to report.

type Obj = {apiVersion: string; kind: string; metadata: Record<string, unknown>; [k: string]: unknown}

export interface ClusterShape {
  configMaps: number
  services: number
  pods: number
  istio: number
  namespaces: number
}

export const SCALE_SHAPE: ClusterShape = {
  configMaps: 20000,
  services: 5000,
  pods: 2000,
  istio: 2000,
  namespaces: 50,
}

export function generateCluster(shape: ClusterShape = SCALE_SHAPE): Obj[] {
  const out: Obj[] = []
  const ns = (i: number) => `team-${i % shape.namespaces}`
  for (let i = 0; i < shape.namespaces; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {name: `team-${i}`, labels: {'istio-injection': 'enabled'}},
    })
  out.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}})
  for (let i = 0; i < shape.configMaps; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: `release-${i}`, namespace: ns(i), labels: {owner: 'helm'}},
      data: {release: 'x'.repeat(512)},
    })
  for (let i = 0; i < shape.services; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: `svc-${i}`, namespace: ns(i)},
      spec: {selector: {app: `svc-${i}`}, ports: [{name: 'http', port: 80, targetPort: 8080}]},
    })
  for (let i = 0; i < shape.pods; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `svc-${i}-pod`, namespace: ns(i), labels: {app: `svc-${i}`, version: 'v1'}},
      spec: {
        containers: [
          {name: 'app', image: `example.io/svc-${i}:1`},
          {name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3'},
        ],
      },
    })
  // Istio resources in fours: VirtualService, DestinationRule, and a Gateway or a ServiceEntry.
  for (let i = 0, n = 0; n < shape.istio; i++) {
    const host = `svc-${i}`
    const broken = i % 97 === 5
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {name: host, namespace: ns(i)},
      spec: {
        hosts: [host],
        http: [{route: [{destination: {host: broken ? `${host}-gone` : host, subset: 'v1'}}]}],
      },
    })
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: {name: host, namespace: ns(i)},
      spec: {host, subsets: [{name: 'v1', labels: {version: 'v1'}}]},
    })
    out.push(
      i % 2 === 0
        ? {
            apiVersion: 'networking.istio.io/v1',
            kind: 'Gateway',
            metadata: {name: `gw-${i}`, namespace: ns(i)},
            spec: {
              selector: {istio: 'ingressgateway'},
              servers: [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: [`${host}.example.com`]}],
            },
          }
        : {
            apiVersion: 'networking.istio.io/v1',
            kind: 'ServiceEntry',
            metadata: {name: `ext-${i}`, namespace: ns(i)},
            spec: {
              hosts: [`api-${i}.example.org`],
              location: 'MESH_EXTERNAL',
              resolution: 'DNS',
              ports: [{number: 443, name: 'tls', protocol: 'TLS'}],
            },
          },
    )
    n += 3
  }
  return out
}
