// istiod's words for a required field that is missing. The schema finds the field missing; istiod's Go
// validation (what `istioctl validate` and `istioctl analyze` run) words it per field, and users and tools
// match on those words, so a missing field is reported as istiod reports it.
import type {FieldPath} from './validate.js'
import {invalidServerProtocol} from './rules/gateway.js'

const PORT_0 = 'port number 0 must be in the range 1..65535'
const DESTINATION = 'destination is required'
const EMPTY_HOST = 'empty domain name not allowed'
const TARGET_REF_NAME = 'targetRef name must be set'

/** The target reference fields every policy kind validates alike (validatePolicyTargetReference). */
const TARGET_REFS = {
  'spec.targetRef.name': TARGET_REF_NAME,
  'spec.targetRefs[].name': TARGET_REF_NAME,
  // istiod reports a missing kind as a kind it does not allow, which the rules say (policies.ts)
  'spec.targetRef.kind': null,
  'spec.targetRefs[].kind': null,
}

/**
 * Per kind, a field's pattern (list indexes as `[]`) → istiod's error when the field is missing; `null`
 * when the semantic rules report the missing field themselves, in istiod's words. For a list field the
 * same error stands for an empty list (istiod checks `len(x) == 0`). Fields not listed
 * keep the generic wording: istiod either does not check them or words them unreproducibly (Gateway
 * `port name must be set: %v` prints the port in protobuf text format, whose spacing Go randomizes).
 */
const REQUIRED: Record<string, Record<string, string | null>> = {
  Gateway: {
    'spec.servers[].port': 'port is required',
    'spec.servers[].hosts': 'server config must contain at least one host',
    'spec.servers[].port.number': PORT_0,
    'spec.servers[].port.protocol': invalidServerProtocol(''),
  },
  VirtualService: {
    'spec.http[].route[].destination': DESTINATION,
    'spec.tcp[].route[].destination': DESTINATION,
    'spec.tls[].route[].destination': DESTINATION,
    'spec.http[].route[].destination.host': EMPTY_HOST,
    'spec.tcp[].route[].destination.host': EMPTY_HOST,
    'spec.tls[].route[].destination.host': EMPTY_HOST,
    'spec.http[].mirror.host': EMPTY_HOST,
    'spec.http[].mirrors[].destination': 'destination is required for mirrors',
    'spec.http[].mirrors[].destination.host': EMPTY_HOST,
    'spec.http[].directResponse.status': 'HTTP status 0 is not in range 200-599',
    'spec.tls[].match': 'TLS route must have at least one match condition',
    'spec.tls[].match[].sniHosts': 'TLS match must have at least one SNI host',
  },
  DestinationRule: {
    'spec.host': EMPTY_HOST,
    'spec.subsets[].name': 'subset name cannot be empty',
  },
  ServiceEntry: {
    'spec.hosts': 'service entry must have at least one host',
    'spec.ports[].number': PORT_0,
    // ValidatePortName("") formats the empty name after the colon
    'spec.ports[].name': 'invalid port name: ',
  },
  Sidecar: {
    'spec.ingress[].port': 'sidecar: port is required for ingress listeners',
    'spec.egress[].hosts': 'sidecar: egress listener must contain at least one host',
  },
  WorkloadGroup: {
    'spec.template': 'template is required',
    'spec.probe.exec.command': 'exec.command is required',
    'spec.probe.httpGet.port': PORT_0,
    'spec.probe.tcpSocket.port': PORT_0,
  },
  AuthorizationPolicy: {...TARGET_REFS, 'spec.rules[].when[].key': '`key` must not be empty'},
  RequestAuthentication: TARGET_REFS,
  Telemetry: {
    ...TARGET_REFS,
    'spec.accessLogging[].providers[].name': 'providers.name may not be empty',
    'spec.metrics[].providers[].name': 'providers.name may not be empty',
    'spec.tracing[].providers[].name': 'providers.name may not be empty',
  },
  WasmPlugin: {...TARGET_REFS, 'spec.url': 'url field needs to be set'},
  TrafficExtension: {'spec.targetRefs[].name': TARGET_REF_NAME, 'spec.targetRefs[].kind': null},
}

/** A path as a pattern of the table: `spec.servers[].port`. */
const pattern = (path: FieldPath): string =>
  path
    .map((seg) => (typeof seg === 'number' ? '[]' : `.${seg}`))
    .join('')
    .slice(1)

/**
 * istiod's error for the required field at `path` of a `kind` missing (or, for a list, empty): undefined
 * when not known, null when the semantic rules report it.
 */
export function requiredMessage(kind: string, path: FieldPath): string | null | undefined {
  return REQUIRED[kind]?.[pattern(path)]
}
