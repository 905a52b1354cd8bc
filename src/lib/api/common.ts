// Messages shared by several Istio kinds (istio.io/api type/v1beta1, meta/v1alpha1, networking common ones).
import {NO_WILDCARD_LABEL, NO_WILDCARD_SELECTOR} from './cel.js'
import {
  cel,
  dateTime,
  enm,
  intOrString,
  list,
  map,
  obj,
  open,
  port,
  str,
  uint32,
  type Infer,
} from './schema.js'

/** meta.v1alpha1.IstioStatus: what istiod writes back (conditions and analysis messages). */
export const istioStatus = {
  ...obj({
    conditions: list(
      obj({
        lastProbeTime: dateTime(),
        lastTransitionTime: dateTime(),
        message: str(),
        observedGeneration: intOrString(),
        reason: str(),
        status: str(),
        type: str(),
      }),
    ),
    observedGeneration: intOrString(),
    validationMessages: list(
      obj({
        documentationUrl: str(),
        level: enm('UNKNOWN', 'ERROR', 'WARNING', 'INFO'),
        type: obj({code: str(), name: str()}),
      }),
    ),
  }),
  'x-kubernetes-preserve-unknown-fields': true,
}
export type IstioStatus = Infer<typeof istioStatus>

/** type.v1beta1.WorkloadSelector (security, telemetry, extensions): `matchLabels`. */
export const workloadSelector = obj({
  matchLabels: map(cel(str({maxLength: 63, checks: ['noWildcard']}), NO_WILDCARD_LABEL), {
    maxProperties: 4096,
    checks: ['labelKeys'],
  }),
})
export type WorkloadSelector = Infer<typeof workloadSelector>

/** networking.v1alpha3.WorkloadSelector (Sidecar, ServiceEntry, EnvoyFilter): `labels`. */
export const networkingWorkloadSelector = obj({
  labels: map(cel(str({maxLength: 63, checks: ['noWildcard']}), NO_WILDCARD_SELECTOR), {maxProperties: 256}),
})

/** type.v1beta1.PolicyTargetReference: a Gateway API style reference to a target in the same namespace. */
export const policyTargetReference = obj(
  {
    group: str({
      maxLength: 253,
      pattern: '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    }),
    kind: str({minLength: 1, maxLength: 63, pattern: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$'}),
    name: str({minLength: 1, maxLength: 253}),
    namespace: str({checks: ['emptyNamespace']}),
  },
  {required: ['kind', 'name']},
)
export type PolicyTargetReference = Infer<typeof policyTargetReference>
export const targetRefs = () => list(policyTargetReference, {maxItems: 16})

/** networking PortSelector: `{number}`. */
export const portSelector = obj({number: uint32()})

/** networking Destination: host, subset, port. */
export const destination = obj({host: str(), port: portSelector, subset: str()}, {required: ['host']})
export type Destination = Infer<typeof destination>

/** networking Port (Gateway servers, Sidecar listeners). */
export const portFields = {name: str(), number: uint32(), protocol: str()}

/** Labels and annotations maps with a size limit. */
export const stringMap = (maxProperties?: number) => map(str(), maxProperties ? {maxProperties} : {})

/** Free-form configuration (google.protobuf.Struct). */
export const struct = open

/** WorkloadEntry fields, shared by WorkloadEntry, ServiceEntry endpoints and WorkloadGroup templates. */
export const workloadEntryFields = {
  address: str({maxLength: 256, checks: ['unixAddress']}),
  labels: stringMap(256),
  locality: str({maxLength: 2048}),
  network: str({maxLength: 2048}),
  ports: map(port(), {maxProperties: 128, checks: ['portName']}),
  serviceAccount: str({maxLength: 253}),
  weight: uint32(),
}
