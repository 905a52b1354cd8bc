// telemetry.istio.io: Telemetry (v1 and v1alpha1).
import {policyTargetReference, targetRefs, workloadSelector} from './common.js'
import {TAG_OVERRIDE_RULES, selectorOrTargetRefs} from './cel.js'
import {bool, double, duration, enm, list, map, nullable, obj, str, type Infer} from './schema.js'

const providers = () => list(obj({name: str({minLength: 1})}, {required: ['name']}))
const workloadModeMatch = () => obj({mode: enm('CLIENT_AND_SERVER', 'CLIENT', 'SERVER')})
const valueOnly = () => obj({value: str({minLength: 1})}, {required: ['value']})

export const accessLogging = obj({
  disabled: nullable(bool()),
  filter: obj({expression: str()}),
  match: workloadModeMatch(),
  providers: providers(),
})

export const metricsOverrides = obj({
  disabled: nullable(bool()),
  match: obj(
    {
      customMetric: str({minLength: 1}),
      metric: enm(
        'ALL_METRICS',
        'REQUEST_COUNT',
        'REQUEST_DURATION',
        'REQUEST_SIZE',
        'RESPONSE_SIZE',
        'TCP_OPENED_CONNECTIONS',
        'TCP_CLOSED_CONNECTIONS',
        'TCP_SENT_BYTES',
        'TCP_RECEIVED_BYTES',
        'GRPC_REQUEST_MESSAGES',
        'GRPC_RESPONSE_MESSAGES',
      ),
      mode: enm('CLIENT_AND_SERVER', 'CLIENT', 'SERVER'),
    },
    {oneOf: [['metric', 'customMetric']]},
  ),
  tagOverrides: map(obj({operation: enm('UPSERT', 'REMOVE'), value: str()}, {rules: TAG_OVERRIDE_RULES})),
})

export const metrics = obj({
  overrides: list(metricsOverrides),
  providers: providers(),
  reportingInterval: duration(),
})

const envOrHeader = () => obj({defaultValue: str(), name: str({minLength: 1})}, {required: ['name']})
export const tracing = obj({
  customTags: map(
    obj(
      {environment: envOrHeader(), formatter: valueOnly(), header: envOrHeader(), literal: valueOnly()},
      {oneOf: [['literal', 'environment', 'header', 'formatter']]},
    ),
  ),
  disableContextPropagation: nullable(bool()),
  disableSpanReporting: nullable(bool()),
  enableIstioTags: nullable(bool()),
  match: workloadModeMatch(),
  providers: providers(),
  randomSamplingPercentage: nullable(double({minimum: 0, maximum: 100})),
  useRequestIdForTraceSampling: nullable(bool()),
})

export const telemetrySpec = obj(
  {
    accessLogging: list(accessLogging),
    metrics: list(metrics),
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: targetRefs(),
    tracing: list(tracing),
  },
  {rules: [selectorOrTargetRefs(['selector', 'targetRef', 'targetRefs'])]},
)
export type TelemetrySpec = Infer<typeof telemetrySpec>
