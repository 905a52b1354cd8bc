// extensions.istio.io: WasmPlugin and TrafficExtension (v1alpha1).
import {struct, targetRefs, workloadSelector, policyTargetReference} from './common.js'
import {ENV_VALUE_INLINE, WASM_OR_LUA, selectorOrTargetRefs, wasmUrl} from './cel.js'
import {cel, enm, int32, list, nullable, obj, str, type Infer} from './schema.js'

const trafficSelector = obj({
  mode: enm('UNDEFINED', 'CLIENT', 'SERVER', 'CLIENT_AND_SERVER'),
  ports: list(obj({number: {type: 'integer', minimum: 1, maximum: 65535}}, {required: ['number']}), {
    mapKeys: ['number'],
  }),
})

const vmConfig = obj({
  env: list(
    obj(
      {
        name: str({minLength: 1, maxLength: 256}),
        value: str({maxLength: 2048}),
        valueFrom: enm('INLINE', 'HOST'),
      },
      {required: ['name'], rules: [ENV_VALUE_INLINE]},
    ),
    {maxItems: 256, mapKeys: ['name']},
  ),
})

/** The fields that say which Wasm module to load and how; the URL schemes are listed in Istio's order. */
const wasmModule = (urlSchemes: string[]) => ({
  failStrategy: enm('FAIL_CLOSE', 'FAIL_OPEN', 'FAIL_RELOAD'),
  imagePullPolicy: enm('UNSPECIFIED_POLICY', 'IfNotPresent', 'Always'),
  imagePullSecret: str({minLength: 1, maxLength: 253}),
  pluginConfig: struct(),
  pluginName: str({minLength: 1, maxLength: 256}),
  sha256: str({pattern: '(^$|^[a-f0-9]{64}$)'}),
  type: enm('UNSPECIFIED_PLUGIN_TYPE', 'HTTP', 'NETWORK'),
  url: cel(str({minLength: 1}), wasmUrl(urlSchemes)),
  verificationKey: str(),
  vmConfig,
})

export const wasmPluginSpec = obj(
  {
    ...wasmModule(['http', 'https', 'oci', 'file']),
    match: list(trafficSelector),
    phase: enm('UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'),
    priority: nullable(int32()),
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: targetRefs(),
  },
  {required: ['url'], rules: [selectorOrTargetRefs(['selector', 'targetRef', 'targetRefs'])]},
)
export type WasmPluginSpec = Infer<typeof wasmPluginSpec>

export const trafficExtensionSpec = obj(
  {
    lua: obj({inlineCode: str({minLength: 1, maxLength: 65536})}, {required: ['inlineCode']}),
    match: list(trafficSelector),
    phase: enm('UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS'),
    priority: nullable(int32()),
    selector: workloadSelector,
    targetRefs: targetRefs(),
    wasm: obj(wasmModule(['http', 'https', 'file', 'oci']), {required: ['url']}),
  },
  {
    oneOf: [['wasm', 'lua']],
    rules: [selectorOrTargetRefs(['selector', 'targetRefs']), WASM_OR_LUA],
  },
)
export type TrafficExtensionSpec = Infer<typeof trafficExtensionSpec>
