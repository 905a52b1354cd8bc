// ServiceEntry, WorkloadEntry and WorkloadGroup rules one by one (src/lib/api/rules/serviceentry.ts), each with every
// error and warning the object gets: hosts, addresses, resolutions, endpoints, ports, auto-allocation, probes.
import {check, obj} from './problems.js'

describe('api rules: ServiceEntry, WorkloadEntry, WorkloadGroup, every problem of each object', () => {
  check(
    'endpoint with network, no address',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{network: 'n1'}],
    }),
    ['W spec.endpoints[0]: address is unset with network "n1"'],
  )
  check(
    'endpoint without address or network',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{labels: {a: 'b'}}],
    }),
    ['E spec.endpoints[0]: address is required (or network for a workload behind a gateway)'],
  )
  check(
    'endpoint unix address with ports',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{address: 'unix:///sock', ports: {http: 8080}}],
    }),
    ['E spec.endpoints[0].ports: unix endpoints must not have ports'],
  )
  check(
    'endpoint unix address',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{address: 'unix:///sock'}],
    }),
    [],
  )
  check(
    'endpoint host name with DNS',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
      endpoints: [{address: 'backend.example.com'}],
    }),
    [],
  )
  check(
    'endpoint bad address',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
      endpoints: [{address: 'bad_address'}],
    }),
    ['E spec.endpoints[0].address: endpoint address "bad_address" is not a valid IP address or host name'],
  )
  check(
    'endpoint host name with STATIC',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{address: 'backend.example.com'}, {address: '10.0.0.1'}, {address: '10.0.0.0/24'}],
    }),
    [
      'E spec.endpoints[0].address: endpoint address "backend.example.com" must be an IP address for resolution STATIC',
    ],
  )
  check(
    'endpoint port not declared',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      endpoints: [{address: '10.0.0.1', ports: {http: 8080, grpc: 9090}}],
    }),
    ['E spec.endpoints[0].ports.grpc: endpoint port grpc is not defined by the service entry'],
  )
  check(
    'hosts: wildcard, IP, bad label',
    obj('ServiceEntry', {
      hosts: ['*.example.com', '10.0.0.1', 'bad_host.com', '*'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'NONE',
      addresses: ['10.1.0.0/16'],
    }),
    [
      'E spec.hosts[3]: invalid host *',
      'E spec.hosts[1]: domain name "0.0.1" invalid (top level domain "1" cannot be all-numeric)',
      'E spec.hosts[2]: domain name "bad_host.com" invalid (label "bad_host" invalid)',
    ],
  )
  check(
    'addresses: IP, CIDR, bad',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      addresses: ['10.0.0.1', '10.0.0.0/8', 'nope'],
      resolution: 'STATIC',
      endpoints: [{address: '10.0.0.2'}],
    }),
    ['E spec.addresses[2]: nope is not a valid IP'],
  )
  check(
    'CIDR address with DNS',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      addresses: ['10.0.0.0/8'],
      resolution: 'DNS',
    }),
    ['E spec.addresses: CIDR addresses are allowed only with resolution NONE or STATIC'],
  )
  check(
    'CIDR address with STATIC',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      addresses: ['10.0.0.0/8'],
      resolution: 'STATIC',
      endpoints: [{address: '10.0.0.2'}],
    }),
    [],
  )
  check(
    'exportTo bad namespace',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      exportTo: ['Bad_NS'],
      resolution: 'DNS',
    }),
    ['E spec.exportTo[0]: invalid exportTo value "Bad_NS": must be ".", "*", "~" or a namespace name'],
  )
  check(
    'DNS_ROUND_ROBIN with one endpoint',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS_ROUND_ROBIN',
      endpoints: [{address: 'a.example.com'}],
    }),
    [],
  )
  check(
    'DNS_ROUND_ROBIN with two endpoints',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS_ROUND_ROBIN',
      endpoints: [{address: 'a.example.com'}, {address: 'b.example.com'}],
    }),
    ['E spec.endpoints: there must be at most one endpoint for resolution DNS_ROUND_ROBIN'],
  )
  check(
    'NONE with endpoints',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'NONE',
      addresses: ['10.0.0.1'],
      endpoints: [{address: '10.0.0.1'}],
    }),
    ['E spec.endpoints: no endpoints may be given for resolution NONE'],
  )
  check(
    'NONE with a workload selector',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'NONE',
      addresses: ['10.0.0.1'],
      workloadSelector: {labels: {app: 'a'}},
    }),
    ['W spec.workloadSelector: workloadSelector should not be set when resolution mode is NONE'],
  )
  check(
    'STATIC with a workload selector',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      workloadSelector: {labels: {app: 'a'}},
    }),
    [],
  )
  check(
    'selector and endpoints',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      workloadSelector: {labels: {app: 'a'}},
      endpoints: [{address: '10.0.0.1'}],
    }),
    ['E spec: only one of workloadSelector, endpoints may be set (found workloadSelector, endpoints)'],
  )
  check(
    'DNS without endpoints, wildcard host',
    obj('ServiceEntry', {
      hosts: ['*.example.com', 'b.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
    }),
    [
      'E spec.hosts[0]: hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)',
    ],
  )
  check(
    'DNS without endpoints, short host',
    obj('ServiceEntry', {
      hosts: ['a.example.com', 'bad_host'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
    }),
    [
      'E spec.hosts[1]: domain name "bad_host" invalid (label "bad_host" invalid)',
      'E spec.hosts[1]: hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "bad_host" invalid (label "bad_host" invalid)',
    ],
  )
  check(
    'DNS_ROUND_ROBIN with empty endpoints, IP host',
    obj('ServiceEntry', {
      hosts: ['1.2.3.4'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS_ROUND_ROBIN',
      endpoints: [],
    }),
    [
      'E spec.hosts[0]: domain name "2.3.4" invalid (top level domain "4" cannot be all-numeric)',
      'E spec.hosts[0]: hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS_ROUND_ROBIN, domain name "1.2.3.4" invalid (top level domain "4" cannot be all-numeric)',
    ],
  )
  check(
    'DNS with endpoints, wildcard host',
    obj('ServiceEntry', {
      hosts: ['*.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
      endpoints: [{address: 'a.example.com'}],
    }),
    [],
  )
  check(
    'partial wildcard host with DNS',
    obj('ServiceEntry', {
      hosts: ['a*.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DNS',
      endpoints: [{address: 'a.example.com'}],
    }),
    [
      'E spec.hosts[0]: domain name "a*.example.com" invalid (label "a*" invalid)',
      'W spec.hosts[0]: partial wildcard "a*.example.com" not allowed',
    ],
  )
  check(
    'partial wildcard host with DYNAMIC_DNS',
    obj('ServiceEntry', {
      hosts: ['a*.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'DYNAMIC_DNS',
    }),
    ['E spec.hosts[0]: domain name "a*.example.com" invalid (label "a*" invalid)'],
  )
  check(
    'NONE without addresses: TCP and unset protocols',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [
        {number: 80, protocol: 'HTTP', name: 'http'},
        {number: 81, protocol: 'TCP', name: 'tcp'},
        {number: 82, name: 'x'},
      ],
      resolution: 'NONE',
    }),
    [
      'W spec.ports[1]: addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
      'W spec.ports[2]: addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
    ],
  )
  check(
    'NONE with addresses: TCP',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 81, protocol: 'TCP', name: 'tcp'}],
      resolution: 'NONE',
      addresses: ['10.0.0.1'],
    }),
    [],
  )
  check(
    'DNS without addresses: TCP',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 81, protocol: 'TCP', name: 'tcp'}],
      resolution: 'DNS',
    }),
    [],
  )
  check(
    'DNS without addresses, opted out of auto-allocation: TCP',
    {
      ...obj('ServiceEntry', {
        hosts: ['a.example.com'],
        ports: [
          {number: 81, protocol: 'TCP', name: 'tcp'},
          {number: 80, protocol: 'HTTP', name: 'http'},
        ],
        resolution: 'DNS',
      }),
      metadata: {name: 'x', namespace: 'ns', labels: {'networking.istio.io/enable-autoallocate-ip': 'False'}},
    },
    [
      'W spec.ports[0]: addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
    ],
  )
  check(
    'DNS without addresses, auto-allocation label true: TCP',
    {
      ...obj('ServiceEntry', {
        hosts: ['a.example.com'],
        ports: [{number: 81, protocol: 'TCP', name: 'tcp'}],
        resolution: 'DNS',
      }),
      metadata: {name: 'x', namespace: 'ns', labels: {'networking.istio.io/enable-autoallocate-ip': 'true'}},
    },
    [],
  )
  check(
    'duplicate port numbers and names',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [
        {number: 80, protocol: 'HTTP', name: 'http'},
        {number: 80, protocol: 'HTTP', name: 'other'},
        {number: 81, protocol: 'HTTP', name: 'http'},
        {number: 82, protocol: 'HTTP', name: 'third'},
      ],
      resolution: 'DNS',
    }),
    ['E spec.ports[1]: duplicate port number: 80', 'E spec.ports[2]: duplicate port name: http'],
  )
  check('WorkloadEntry with a host name', obj('WorkloadEntry', {address: 'vm.example.com'}), [])
  check('WorkloadEntry with a bad address', obj('WorkloadEntry', {address: 'bad_vm'}), [
    'E spec.address: endpoint address "bad_vm" is not a valid IP address or host name',
  ])
  check('WorkloadEntry with bad labels', obj('WorkloadEntry', {address: '10.0.0.1', labels: {'': 'x'}}), [
    'E spec.labels: empty key is not supported in selector: "=x"',
  ])
  check('WorkloadEntry without address', obj('WorkloadEntry', {network: 'n'}), [
    'W spec: address is unset with network "n"',
  ])
  check(
    'WorkloadGroup with HTTP probe',
    obj('WorkloadGroup', {template: {}, probe: {httpGet: {port: 80, scheme: 'HTTPS'}}}),
    [],
  )
  check(
    'WorkloadGroup with empty scheme',
    obj('WorkloadGroup', {template: {}, probe: {httpGet: {port: 80, scheme: ''}}}),
    [],
  )
  check(
    'WorkloadGroup with bad scheme',
    obj('WorkloadGroup', {template: {}, probe: {httpGet: {port: 80, scheme: 'FTP'}}}),
    ['E spec.probe.httpGet.scheme: scheme "FTP" must be HTTP or HTTPS'],
  )
  check(
    'WorkloadGroup template unix with ports',
    obj('WorkloadGroup', {template: {address: 'unix:///a', ports: {http: 80}}}),
    ['E spec.template.ports: unix endpoints must not have ports'],
  )
  check('WorkloadGroup template bad address', obj('WorkloadGroup', {template: {address: 'bad_addr'}}), [
    'E spec.template.address: endpoint address "bad_addr" is not a valid IP address or host name',
  ])
  check(
    'workload selector without labels',
    obj('ServiceEntry', {
      hosts: ['a.example.com'],
      ports: [{number: 80, protocol: 'HTTP', name: 'http'}],
      resolution: 'STATIC',
      workloadSelector: {},
    }),
    [
      'W spec.workloadSelector: service entry: workload selector specified without labels, will be applied to all services in namespace',
    ],
  )
})
