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
