// Deterministic Istio configuration for the analyze benchmark: apps of five resources each (Service,
// Deployment, DestinationRule, VirtualService, and every fifth app a Gateway, else a ServiceEntry),
// spread over ten namespaces, with a few deliberate mistakes so analyzers have findings to report.

/** YAML stream of exactly `count` resources. */
export function generateResources(count: number): string {
  const docs: string[] = []
  for (let app = 0; docs.length < count; app++) {
    const ns = `bench-${app % 10}`
    const name = `app-${app}`
    const broken = app % 50 === 7 // a route to a subset that does not exist, a gateway that does not exist
    docs.push(
      `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: grpc-api, port: 9090}]`,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-v1, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}, version: v1}}
  template:
    metadata: {labels: {app: ${name}, version: v1}}
    spec:
      containers: [{name: app, image: example.io/${name}:1.0, ports: [{containerPort: 8080}]}]`,
      `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec:
  host: ${name}.${ns}.svc.cluster.local
  trafficPolicy: {connectionPool: {http: {http2MaxRequests: 100}}}
  subsets: [{name: v1, labels: {version: v1}}]`,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  hosts: [${name}.${ns}.svc.cluster.local${app % 5 === 0 ? `, ${name}.example.com` : ''}]
  gateways: [mesh${app % 5 === 0 ? `, ${broken ? 'missing-gateway' : `gw-${app}`}` : ''}]
  http:
    - match: [{uri: {prefix: /api}}]
      timeout: 5s
      route: [{destination: {host: ${name}.${ns}.svc.cluster.local, subset: ${broken ? 'v9' : 'v1'}, port: {number: 80}}}]
    - route: [{destination: {host: ${name}.${ns}.svc.cluster.local, subset: v1}}]`,
      app % 5 === 0
        ? `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-${app}, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${name}.example.com]}]`
        : `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext-${app}, namespace: ${ns}}
spec:
  hosts: [api-${app}.external.example]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: TLS}]`,
    )
  }
  return docs.slice(0, count).join('\n---\n') + '\n'
}

/**
 * The many-namespace shape of issue 15: in each of `namespaces` namespaces a Namespace, a `catalog`
 * Service and Deployment, a DestinationRule with subsets, a VirtualService routing `catalog` to a subset
 * and a gateway-bound VirtualService routing to `catalog` without one, and its Gateway (7 resources per
 * namespace). Every namespace uses the same short host, which analysis must resolve per namespace: time
 * and findings grow linearly, not with the square of the namespaces.
 */
export function generateNamespaces(namespaces: number): string {
  const docs: string[] = []
  for (let i = 0; i < namespaces; i++) {
    const ns = `tenant-${i}`
    docs.push(
      `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {istio-injection: enabled}}`,
      `apiVersion: v1
kind: Service
metadata: {name: catalog, namespace: ${ns}}
spec:
  selector: {app: catalog}
  ports: [{name: http, port: 80, targetPort: 8080}]`,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: catalog, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: catalog, version: v1}}
  template:
    metadata: {labels: {app: catalog, version: v1}}
    spec:
      containers: [{name: app, image: example.io/catalog:1.0, ports: [{containerPort: 8080}]}]`,
      `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: catalog, namespace: ${ns}}
spec:
  host: catalog
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]`,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: catalog, namespace: ${ns}}
spec:
  hosts: [catalog]
  http:
    - route: [{destination: {host: catalog, subset: v1}, weight: 90}, {destination: {host: catalog, subset: v2}, weight: 10}]`,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: edge, namespace: ${ns}}
spec:
  hosts: [${ns}.example.com]
  gateways: [edge]
  http:
    - route: [{destination: {host: catalog}}]`,
      `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${ns}.example.com]}]`,
    )
  }
  return docs.join('\n---\n') + '\n'
}

/**
 * The many-selector shape of issue 15: `count` ingress gateways, each on its own workload (a Pod with its
 * own `app` label beside the shared `istio: ingressgateway`, a Gateway selecting both labels), and
 * `count` mesh VirtualServices, half exported everywhere with a wildcard host (`*.zone-N.example.com`)
 * and half kept in their namespace with a host under one of those wildcards. Gateways whose selectors are
 * compared pairwise, or namespace hosts checked against every exported wildcard, make analysis grow with
 * the square of `count`; indexed by selector and by host suffix it stays linear.
 */
export function generateSelectors(count: number): string {
  const docs: string[] = []
  for (let i = 0; i < count; i++) {
    const ns = `edge-${i % 20}`
    docs.push(
      `apiVersion: v1
kind: Pod
metadata: {name: gw-${i}, namespace: ${ns}, labels: {istio: ingressgateway, app: gw-${i}}}
spec:
  containers: [{name: istio-proxy, image: docker.io/istio/proxyv2:1.30.3}]`,
      `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-${i}, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway, app: gw-${i}}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["site-${i}.example.com"]}]`,
      i % 2 === 0
        ? `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: zone-${i}, namespace: ${ns}}
spec:
  hosts: ["*.zone-${i}.example.com"]
  http: [{route: [{destination: {host: backend.${ns}.svc.cluster.local}}]}]`
        : `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app-${i}, namespace: ${ns}}
spec:
  hosts: ["app.zone-${i - 1}.example.com"]
  exportTo: ["."]
  http: [{route: [{destination: {host: backend.${ns}.svc.cluster.local}}]}]`,
    )
  }
  return docs.join('\n---\n') + '\n'
}
