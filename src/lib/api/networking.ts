// networking.istio.io: one spec per kind, served unchanged as v1, v1beta1 and v1alpha3.
import {
  destination,
  networkingWorkloadSelector,
  portFields,
  portSelector,
  stringMap,
  struct,
  targetRefs,
  workloadEntryFields,
  workloadSelector,
} from './common.js'
import {
  ADDRESS_REQUIRED,
  PROBE_SCHEME,
  SERVER_TLS_RULES,
  SERVICE_ENTRY_RULES,
  UDS_NO_PORTS,
  UNIQUE_PORT_NUMBERS,
  WAYPOINT_MATCH,
  atMostOneOf,
} from './cel.js'
import {
  bool,
  bytes,
  cel,
  deprecated,
  double,
  duration,
  enm,
  int32,
  list,
  map,
  nullable,
  obj,
  port,
  str,
  uint32,
  uint64,
  type Infer,
} from './schema.js'

const strings = () => list(str())
const percent = obj({value: double()})

// ---- VirtualService

/** StringMatch: exactly one of exact, prefix, regex. */
export const stringMatch = obj(
  {exact: str(), prefix: str(), regex: str({checks: ['regex']})},
  {oneOf: [['exact', 'prefix', 'regex']]},
)
export type StringMatch = Infer<typeof stringMatch>

const headerOperations = obj({add: map(str()), remove: strings(), set: map(str())})
export const headers = obj({request: headerOperations, response: headerOperations})

export const httpMatchRequest = obj({
  authority: stringMatch,
  gateways: strings(),
  headers: map(stringMatch),
  ignoreUriCase: bool(),
  method: stringMatch,
  name: str(),
  port: uint32(),
  queryParams: map(stringMatch),
  scheme: stringMatch,
  sourceLabels: map(str()),
  sourceNamespace: str(),
  statPrefix: str(),
  uri: stringMatch,
  withoutHeaders: map(stringMatch),
})
export type HTTPMatchRequest = Infer<typeof httpMatchRequest>

export const httpRouteDestination = obj({destination, headers, weight: int32()}, {required: ['destination']})
export type HTTPRouteDestination = Infer<typeof httpRouteDestination>

const corsPolicy = obj({
  allowCredentials: nullable(bool()),
  allowHeaders: strings(),
  allowMethods: strings(),
  allowOrigin: deprecated(strings(), 'use allowOrigins'),
  allowOrigins: list(stringMatch),
  exposeHeaders: strings(),
  maxAge: duration(),
  unmatchedPreflights: enm('UNSPECIFIED', 'FORWARD', 'IGNORE'),
})

const fault = obj({
  abort: obj(
    {grpcStatus: str(), http2Error: str(), httpStatus: int32(), percentage: percent},
    {oneOf: [['httpStatus', 'grpcStatus', 'http2Error']]},
  ),
  delay: obj(
    {
      exponentialDelay: duration(),
      fixedDelay: duration(),
      percent: deprecated(int32(), 'use percentage'),
      percentage: percent,
    },
    {oneOf: [['fixedDelay', 'exponentialDelay']]},
  ),
})

export const httpRoute = obj({
  corsPolicy,
  delegate: obj({name: str(), namespace: str()}),
  directResponse: obj(
    {body: obj({bytes: bytes(), string: str()}, {oneOf: [['string', 'bytes']]}), status: uint32()},
    {required: ['status']},
  ),
  fault,
  headers,
  match: list(httpMatchRequest),
  mirror: destination,
  mirror_percent: deprecated(nullable(uint32()), 'use mirrorPercentage'),
  mirrorPercent: deprecated(nullable(uint32()), 'use mirrorPercentage'),
  mirrorPercentage: percent,
  mirrors: list(obj({destination, percentage: percent}, {required: ['destination']})),
  name: str(),
  redirect: obj(
    {
      authority: str(),
      derivePort: enm('FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT'),
      port: uint32(),
      redirectCode: uint32(),
      scheme: str(),
      uri: str(),
    },
    {oneOf: [['port', 'derivePort']]},
  ),
  retries: obj({
    attempts: int32(),
    backoff: duration(),
    perTryTimeout: duration(),
    retryIgnorePreviousHosts: nullable(bool()),
    retryOn: str(),
    retryRemoteLocalities: nullable(bool()),
  }),
  rewrite: obj({
    authority: str(),
    uri: str(),
    uriRegexRewrite: obj({match: str({checks: ['regex']}), rewrite: str()}),
  }),
  route: list(httpRouteDestination),
  timeout: duration(),
})
export type HTTPRoute = Infer<typeof httpRoute>

const l4Match = {
  destinationSubnets: strings(),
  gateways: strings(),
  port: uint32(),
  sourceLabels: map(str()),
  sourceNamespace: str(),
}
const routeDestination = obj({destination, weight: int32()}, {required: ['destination']})
export type RouteDestination = Infer<typeof routeDestination>

export const tcpRoute = obj({
  match: list(obj({...l4Match, sourceSubnet: str()})),
  route: list(routeDestination),
})
export type TCPRoute = Infer<typeof tcpRoute>
export const tlsRoute = obj(
  {
    match: list(obj({...l4Match, sniHosts: strings()}, {required: ['sniHosts']})),
    route: list(routeDestination),
  },
  {required: ['match']},
)
export type TLSRoute = Infer<typeof tlsRoute>

export const virtualServiceSpec = obj({
  exportTo: strings(),
  gateways: strings(),
  hosts: strings(),
  http: list(httpRoute),
  tcp: list(tcpRoute),
  tls: list(tlsRoute),
})
export type VirtualServiceSpec = Infer<typeof virtualServiceSpec>

// ---- DestinationRule

export const connectionPoolSettings = obj({
  http: obj({
    h2UpgradePolicy: enm('DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'),
    http1MaxPendingRequests: int32(),
    http2MaxRequests: int32(),
    idleTimeout: duration(),
    maxConcurrentStreams: int32(),
    maxRequestsPerConnection: int32(),
    maxRetries: int32(),
    useClientProtocol: bool(),
  }),
  tcp: obj({
    connectTimeout: duration(),
    idleTimeout: str(),
    maxConnectionDuration: duration(),
    maxConnections: int32(),
    tcpKeepalive: obj({interval: duration(), probes: uint32(), time: duration()}),
  }),
})

const consistentHash = obj(
  {
    httpCookie: obj(
      {
        attributes: list(obj({name: str(), value: str()}, {required: ['name']})),
        name: str(),
        path: str(),
        ttl: str(),
      },
      {required: ['name']},
    ),
    httpHeaderName: str(),
    httpQueryParameterName: str(),
    maglev: obj({tableSize: uint64()}),
    minimumRingSize: deprecated(uint64(), 'use ringHash.minimumRingSize'),
    ringHash: obj({minimumRingSize: uint64()}),
    useSourceIp: bool(),
  },
  {
    oneOf: [
      ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'],
      ['ringHash', 'maglev'],
    ],
  },
)

export const loadBalancerSettings = obj(
  {
    consistentHash,
    localityLbSetting: obj({
      distribute: list(obj({from: str(), to: map(uint32())})),
      enabled: nullable(bool()),
      failover: list(obj({from: str(), to: str()})),
      failoverPriority: strings(),
    }),
    simple: enm('UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'),
    warmup: obj(
      {
        aggression: nullable(double({minimum: 0})),
        duration: duration(),
        minimumPercent: nullable(double({minimum: 0, maximum: 100})),
      },
      {required: ['duration']},
    ),
    warmupDurationSecs: duration(),
  },
  {oneOf: [['simple', 'consistentHash']]},
)

export const outlierDetection = obj({
  baseEjectionTime: duration(),
  consecutive5xxErrors: nullable(uint32()),
  consecutiveErrors: deprecated(int32(), 'use consecutive5xxErrors'),
  consecutiveGatewayErrors: nullable(uint32()),
  consecutiveLocalOriginFailures: nullable(uint32()),
  interval: duration(),
  maxEjectionPercent: int32(),
  minHealthPercent: int32(),
  splitExternalLocalOriginErrors: bool(),
})

export const clientTLSSettings = obj({
  caCertificates: str(),
  caCrl: str(),
  clientCertificate: str(),
  credentialName: str(),
  insecureSkipVerify: nullable(bool()),
  mode: enm('DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'),
  privateKey: str(),
  sni: str(),
  subjectAltNames: strings(),
})
export type ClientTLSSettings = Infer<typeof clientTLSSettings>

const portTrafficPolicy = obj({
  connectionPool: connectionPoolSettings,
  loadBalancer: loadBalancerSettings,
  outlierDetection,
  port: portSelector,
  tls: clientTLSSettings,
})

export const trafficPolicy = obj({
  connectionPool: connectionPoolSettings,
  loadBalancer: loadBalancerSettings,
  outlierDetection,
  portLevelSettings: list(portTrafficPolicy, {maxItems: 4096}),
  proxyProtocol: obj({version: enm('V1', 'V2')}),
  retryBudget: obj({minRetryConcurrency: uint32(), percent: nullable(double({minimum: 0, maximum: 100}))}),
  tls: clientTLSSettings,
  tunnel: obj(
    {protocol: str(), targetHost: str(), targetPort: uint32()},
    {required: ['targetHost', 'targetPort']},
  ),
})
export type TrafficPolicy = Infer<typeof trafficPolicy>

export const subset = obj({labels: map(str()), name: str(), trafficPolicy}, {required: ['name']})
export type Subset = Infer<typeof subset>

export const destinationRuleSpec = obj(
  {exportTo: strings(), host: str(), subsets: list(subset), trafficPolicy, workloadSelector},
  {required: ['host']},
)
export type DestinationRuleSpec = Infer<typeof destinationRuleSpec>

// ---- Gateway

export const serverTLSSettings = obj(
  {
    caCertCredentialName: str(),
    caCertificates: str(),
    caCrl: str(),
    cipherSuites: strings(),
    credentialName: str(),
    credentialNames: list(str(), {minItems: 1, maxItems: 2}),
    httpsRedirect: bool(),
    maxProtocolVersion: enm('TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'),
    minProtocolVersion: enm('TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'),
    mode: enm('PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'),
    privateKey: str(),
    serverCertificate: str(),
    subjectAltNames: strings(),
    tlsCertificates: list(obj({caCertificates: str(), privateKey: str(), serverCertificate: str()}), {
      minItems: 1,
      maxItems: 2,
    }),
    verifyCertificateHash: strings(),
    verifyCertificateSpki: strings(),
  },
  {rules: SERVER_TLS_RULES},
)
export type ServerTLSSettings = Infer<typeof serverTLSSettings>

const targetPort = deprecated(uint32(), 'not used')

export const server = obj(
  {
    bind: str(),
    defaultEndpoint: str(),
    hosts: strings(),
    name: str(),
    port: obj({...portFields, targetPort}, {required: ['number', 'protocol', 'name']}),
    tls: serverTLSSettings,
  },
  {required: ['port', 'hosts']},
)
export type Server = Infer<typeof server>

export const gatewaySpec = obj({selector: map(str()), servers: list(server)})
export type GatewaySpec = Infer<typeof gatewaySpec>

// ---- ServiceEntry, WorkloadEntry, WorkloadGroup

export const workloadEntrySpec = obj(workloadEntryFields, {rules: [ADDRESS_REQUIRED, UDS_NO_PORTS]})
export type WorkloadEntrySpec = Infer<typeof workloadEntrySpec>

export const servicePort = obj(
  {name: str({maxLength: 256}), number: port(), protocol: str({maxLength: 256}), targetPort: port()},
  {required: ['number', 'name']},
)
export type ServicePort = Infer<typeof servicePort>

export const serviceEntrySpec = obj(
  {
    addresses: list(str({maxLength: 64}), {maxItems: 256}),
    endpoints: list(workloadEntrySpec, {maxItems: 4096}),
    exportTo: strings(),
    hosts: list(str({checks: ['notStar']}), {minItems: 1, maxItems: 256}),
    location: enm('MESH_EXTERNAL', 'MESH_INTERNAL'),
    ports: cel(list(servicePort, {maxItems: 256, mapKeys: ['name']}), UNIQUE_PORT_NUMBERS),
    resolution: enm('NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'),
    subjectAltNames: strings(),
    workloadSelector: networkingWorkloadSelector,
  },
  {required: ['hosts'], rules: SERVICE_ENTRY_RULES},
)
export type ServiceEntrySpec = Infer<typeof serviceEntrySpec>

const probePort = {host: str(), port: port()}
const seconds = () => int32({minimum: 0})
export const readinessProbe = obj(
  {
    exec: obj({command: list(str({minLength: 1}))}, {required: ['command']}),
    failureThreshold: seconds(),
    grpc: obj({port: port(), service: str()}),
    httpGet: obj(
      {
        ...probePort,
        httpHeaders: list(obj({name: str({pattern: '^[-_A-Za-z0-9]+$'}), value: str()})),
        path: str(),
        scheme: cel(str(), PROBE_SCHEME),
      },
      {required: ['port']},
    ),
    initialDelaySeconds: seconds(),
    periodSeconds: seconds(),
    successThreshold: seconds(),
    tcpSocket: obj(probePort, {required: ['port']}),
    timeoutSeconds: seconds(),
  },
  {oneOf: [['httpGet', 'tcpSocket', 'exec', 'grpc']]},
)

export const workloadGroupSpec = obj(
  {
    metadata: obj({annotations: stringMap(256), labels: stringMap(256)}),
    probe: readinessProbe,
    // a template needs no address (each workload brings its own)
    template: obj(workloadEntryFields, {rules: [UDS_NO_PORTS]}),
  },
  {required: ['template']},
)
export type WorkloadGroupSpec = Infer<typeof workloadGroupSpec>

// ---- Sidecar

const sidecarPort = obj({...portFields, targetPort})
const captureMode = enm('DEFAULT', 'IPTABLES', 'NONE')

export const sidecarSpec = obj({
  egress: list(obj({bind: str(), captureMode, hosts: strings(), port: sidecarPort}, {required: ['hosts']})),
  inboundConnectionPool: connectionPoolSettings,
  ingress: list(
    obj(
      {
        bind: str(),
        captureMode,
        connectionPool: connectionPoolSettings,
        defaultEndpoint: str(),
        port: sidecarPort,
        tls: serverTLSSettings,
      },
      {required: ['port']},
    ),
  ),
  outboundTrafficPolicy: obj({egressProxy: destination, mode: enm('REGISTRY_ONLY', 'ALLOW_ANY')}),
  workloadSelector: networkingWorkloadSelector,
})
export type SidecarSpec = Infer<typeof sidecarSpec>

// ---- EnvoyFilter

const filterMatch = obj({name: str(), subFilter: obj({name: str()})})
const envoyFilterMatch = obj(
  {
    cluster: obj({name: str(), portNumber: uint32(), service: str(), subset: str()}),
    context: enm('ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'WAYPOINT'),
    listener: obj({
      filterChain: obj({
        applicationProtocols: str(),
        destinationPort: uint32(),
        filter: filterMatch,
        name: str(),
        sni: str(),
        transportProtocol: str(),
      }),
      listenerFilter: str(),
      name: str(),
      portName: str(),
      portNumber: uint32(),
    }),
    proxy: obj({metadata: map(str()), proxyVersion: str({checks: ['regex']})}),
    routeConfiguration: obj({
      gateway: str(),
      name: str(),
      portName: str(),
      portNumber: uint32(),
      vhost: obj({
        domainName: str(),
        name: str(),
        route: obj({action: enm('ANY', 'ROUTE', 'REDIRECT', 'DIRECT_RESPONSE'), name: str()}),
      }),
    }),
    waypoint: obj({filter: filterMatch, portNumber: port(), route: obj({name: str()})}),
  },
  {oneOf: [['listener', 'routeConfiguration', 'cluster', 'waypoint']], rules: [WAYPOINT_MATCH]},
)

export const envoyConfigObjectPatch = obj({
  applyTo: enm(
    'INVALID',
    'LISTENER',
    'FILTER_CHAIN',
    'NETWORK_FILTER',
    'HTTP_FILTER',
    'ROUTE_CONFIGURATION',
    'VIRTUAL_HOST',
    'HTTP_ROUTE',
    'CLUSTER',
    'EXTENSION_CONFIG',
    'BOOTSTRAP',
    'LISTENER_FILTER',
  ),
  match: envoyFilterMatch,
  patch: obj({
    filterClass: enm('UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS'),
    operation: enm(
      'INVALID',
      'MERGE',
      'ADD',
      'REMOVE',
      'INSERT_BEFORE',
      'INSERT_AFTER',
      'INSERT_FIRST',
      'REPLACE',
    ),
    value: struct(),
  }),
})
export type EnvoyConfigObjectPatch = Infer<typeof envoyConfigObjectPatch>

export const envoyFilterSpec = obj(
  {
    configPatches: list(envoyConfigObjectPatch),
    priority: int32(),
    targetRefs: targetRefs(),
    workloadSelector: networkingWorkloadSelector,
  },
  {
    rules: [
      atMostOneOf('only one of targetRefs or workloadSelector can be set', [
        'workloadSelector',
        'targetRefs',
      ]),
    ],
  },
)
export type EnvoyFilterSpec = Infer<typeof envoyFilterSpec>

// ---- ProxyConfig

export const proxyConfigSpec = obj({
  concurrency: nullable(int32({minimum: 0})),
  environmentVariables: map(str({maxLength: 2048})),
  image: obj({imageType: str()}),
  selector: workloadSelector,
})
export type ProxyConfigSpec = Infer<typeof proxyConfigSpec>
