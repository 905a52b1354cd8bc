/**
 * The Istio API model: one source of truth for the kinds meshctl knows, their schemas and their types.
 *
 * - {@link ISTIO_KINDS} / {@link kindInfo} / {@link findKind}: group, versions, plural, short names, scope of
 *   each kind, looked up by apiVersion and kind or by a name users type (`vs`, `destinationrules`).
 * - {@link validateObject}: schema + semantic validation of one object, as istiod's webhook would do it;
 *   errors and warnings carry field paths (`['spec', 'http', 0, 'route']`, printed by {@link formatPath}).
 * - Typed interfaces: {@link VirtualService}, {@link DestinationRule}, … and their spec types, for analyzers.
 * - {@link validateInputs}: the same for objects loaded by `../input` (files, stdin), as findings with file and
 *   line; {@link formatFinding} prints one as `error: FILE:LINE: Kind ns/name: field.path: message`.
 * - {@link unreachableRules}: the VirtualService rules and matches that can never be used (warnings).
 * - {@link generateCrds}: the CustomResourceDefinitions meshctl installs (`npm run gen:crds -- FILE`), with the
 *   CEL rules (x-kubernetes-validations) of Istio's, from cel.ts; validate enforces the same rules in TypeScript.
 *
 * ```ts
 * import {kindInfo, validateObject, type VirtualService} from '../api/index.js'
 * const {errors, warnings} = validateObject(obj)                  // IST0106 SchemaValidationError material
 * if (kindInfo(obj.apiVersion, obj.kind)?.kind === 'VirtualService') use(obj as VirtualService)
 * ```
 * The schemas live in networking.ts, security.ts, telemetry.ts, extensions.ts and install.ts, written with
 * the DSL of schema.ts (which also gives the TypeScript types); the semantic rules in rules/ (one file per
 * kind, run by semantic.ts) and checks.ts (value checks also run as schema keywords).
 * @module
 */
import type {IstioStatus} from './common.js'
import type {TrafficExtensionSpec, WasmPluginSpec} from './extensions.js'
import type {IstioOperatorSpec} from './install.js'
import type {
  DestinationRuleSpec,
  EnvoyFilterSpec,
  GatewaySpec,
  ProxyConfigSpec,
  ServiceEntrySpec,
  SidecarSpec,
  VirtualServiceSpec,
  WorkloadEntrySpec,
  WorkloadGroupSpec,
} from './networking.js'
import type {AuthorizationPolicySpec, PeerAuthenticationSpec, RequestAuthenticationSpec} from './security.js'
import type {TelemetrySpec} from './telemetry.js'

export {crdFor, crdsYaml, generateCrds, objectSchema, structuralSchema} from './crds.js'
export {findKind, ISTIO_KINDS, isIstioGroup, kindInfo, parseApiVersion} from './kinds.js'
export type {KindInfo, PrinterColumn} from './kinds.js'
export {compileStructural, formatPath, validateObject, validateSchema} from './validate.js'
export {formatFinding, formatVerdict, reportData, validateInputs} from './report.js'
export type {Finding, SourceSummary, ValidationReport} from './report.js'
export {unreachableRules} from './reachability.js'
export type {FieldError, FieldPath, ValidateOptions, ValidationResult} from './validate.js'
export {
  checkDuration,
  checkFqdn,
  checkIpOrCidr,
  checkPort,
  checkRegex,
  checkWildcardDomain,
  parseDurationNs,
} from './checks.js'
export {ISTIO_PROTOCOLS} from './kubernetes.js'
export type * from './networking.js'
export type {
  AuthorizationPolicySpec,
  Condition,
  JWTRule,
  Operation,
  PeerAuthenticationSpec,
  RequestAuthenticationSpec,
  Rule,
  Source,
} from './security.js'
export type {TelemetrySpec} from './telemetry.js'
export type {TrafficExtensionSpec, WasmPluginSpec} from './extensions.js'
export type {ComponentSpec, GatewayComponentSpec, IstioOperatorSpec, KubernetesResources} from './install.js'
export type {IstioStatus, PolicyTargetReference, WorkloadSelector} from './common.js'

/** The metadata fields analyzers read. */
export interface ObjectMeta {
  name?: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [field: string]: unknown
}

/** An Istio object of kind K with spec S. */
export interface IstioResource<K extends string, S> {
  apiVersion: string
  kind: K
  metadata: ObjectMeta
  spec: S
  status?: IstioStatus
}

export type VirtualService = IstioResource<'VirtualService', VirtualServiceSpec>
export type DestinationRule = IstioResource<'DestinationRule', DestinationRuleSpec>
export type Gateway = IstioResource<'Gateway', GatewaySpec>
export type ServiceEntry = IstioResource<'ServiceEntry', ServiceEntrySpec>
export type Sidecar = IstioResource<'Sidecar', SidecarSpec>
export type WorkloadEntry = IstioResource<'WorkloadEntry', WorkloadEntrySpec>
export type WorkloadGroup = IstioResource<'WorkloadGroup', WorkloadGroupSpec>
export type EnvoyFilter = IstioResource<'EnvoyFilter', EnvoyFilterSpec>
export type ProxyConfig = IstioResource<'ProxyConfig', ProxyConfigSpec>
export type AuthorizationPolicy = IstioResource<'AuthorizationPolicy', AuthorizationPolicySpec>
export type PeerAuthentication = IstioResource<'PeerAuthentication', PeerAuthenticationSpec>
export type RequestAuthentication = IstioResource<'RequestAuthentication', RequestAuthenticationSpec>
export type Telemetry = IstioResource<'Telemetry', TelemetrySpec>
export type WasmPlugin = IstioResource<'WasmPlugin', WasmPluginSpec>
export type TrafficExtension = IstioResource<'TrafficExtension', TrafficExtensionSpec>
export type IstioOperator = IstioResource<'IstioOperator', IstioOperatorSpec>

/** Any Istio object meshctl has a type for, discriminated by `kind`. */
export type IstioObject =
  | VirtualService
  | DestinationRule
  | Gateway
  | ServiceEntry
  | Sidecar
  | WorkloadEntry
  | WorkloadGroup
  | EnvoyFilter
  | ProxyConfig
  | AuthorizationPolicy
  | PeerAuthentication
  | RequestAuthentication
  | Telemetry
  | WasmPlugin
  | TrafficExtension
  | IstioOperator
