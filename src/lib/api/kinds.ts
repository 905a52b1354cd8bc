// The registry of Istio kinds: names, versions, scope and schema. CRDs and validators are generated from it.
import {istioStatus} from './common.js'
import * as ext from './extensions.js'
import {istioOperatorSpec} from './install.js'
import * as net from './networking.js'
import type {JSONSchemaProps} from './schema.js'
import * as sec from './security.js'
import {telemetrySpec} from './telemetry.js'

/** An extra column for `kubectl get`. */
export interface PrinterColumn {
  name: string
  type: 'string' | 'date' | 'integer'
  jsonPath: string
  description: string
}

/** What meshctl knows of one Istio kind. */
export interface KindInfo {
  group: string
  kind: string
  /** Served versions, the storage version first. */
  versions: readonly string[]
  storageVersion: string
  plural: string
  singular: string
  shortNames: readonly string[]
  categories: readonly string[]
  scope: 'Namespaced' | 'Cluster'
  /** The schema of `spec`. */
  spec: JSONSchemaProps
  /** Whether an object must have a spec. */
  specRequired: boolean
  printerColumns: readonly PrinterColumn[]
  /** Whether meshctl installs a CRD for it (IstioOperator is an input format only). */
  installed: boolean
}

const age: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since the object was created.',
}
const col = (name: string, jsonPath: string, description: string): PrinterColumn => ({
  name,
  type: 'string',
  jsonPath,
  description,
})

const NETWORKING = ['v1', 'v1alpha3', 'v1beta1']
const SECURITY = ['v1', 'v1beta1']

interface KindDef extends Partial<KindInfo> {
  group: string
  kind: string
  versions: readonly string[]
  spec: JSONSchemaProps
}

function define(d: KindDef): KindInfo {
  const singular = d.kind.toLowerCase()
  const domain = d.group.split('.')[0]
  return {
    storageVersion: d.versions[0],
    plural: singular + 's',
    singular,
    shortNames: [],
    categories: ['istio-io', `${domain}-istio-io`],
    scope: 'Namespaced',
    specRequired: false,
    printerColumns: [],
    installed: true,
    ...d,
  }
}

const networking = (kind: string, spec: JSONSchemaProps, rest: Partial<KindDef> = {}) =>
  define({group: 'networking.istio.io', kind, versions: NETWORKING, spec, ...rest})
const security = (kind: string, spec: JSONSchemaProps, rest: Partial<KindDef> = {}) =>
  define({group: 'security.istio.io', kind, versions: SECURITY, spec, ...rest})
const extensions = (kind: string, spec: JSONSchemaProps, rest: Partial<KindDef> = {}) =>
  define({group: 'extensions.istio.io', kind, versions: ['v1alpha1'], spec, specRequired: true, ...rest})

/** Every Istio kind meshctl knows, in a stable order: the 15 CRD kinds, then IstioOperator. */
export const ISTIO_KINDS: readonly KindInfo[] = [
  networking('DestinationRule', net.destinationRuleSpec, {
    shortNames: ['dr'],
    printerColumns: [col('Host', '.spec.host', 'The host the rule applies to.'), age],
  }),
  networking('EnvoyFilter', net.envoyFilterSpec, {versions: ['v1alpha3']}),
  networking('Gateway', net.gatewaySpec, {shortNames: ['gw']}),
  networking('ProxyConfig', net.proxyConfigSpec, {versions: ['v1beta1']}),
  networking('ServiceEntry', net.serviceEntrySpec, {
    plural: 'serviceentries',
    shortNames: ['se'],
    specRequired: true,
    printerColumns: [
      col('Hosts', '.spec.hosts', 'The hosts of the entry.'),
      col('Location', '.spec.location', 'MESH_EXTERNAL or MESH_INTERNAL.'),
      col('Resolution', '.spec.resolution', 'How endpoints are resolved: NONE, STATIC, DNS...'),
      age,
    ],
  }),
  networking('Sidecar', net.sidecarSpec),
  networking('VirtualService', net.virtualServiceSpec, {
    shortNames: ['vs'],
    printerColumns: [
      col('Gateways', '.spec.gateways', 'The gateways and sidecars the routes apply to.'),
      col('Hosts', '.spec.hosts', 'The destination hosts of the routes.'),
      age,
    ],
  }),
  networking('WorkloadEntry', net.workloadEntrySpec, {
    plural: 'workloadentries',
    shortNames: ['we'],
    specRequired: true,
    printerColumns: [age, col('Address', '.spec.address', 'The address of the workload.')],
  }),
  networking('WorkloadGroup', net.workloadGroupSpec, {
    shortNames: ['wg'],
    specRequired: true,
    printerColumns: [age],
  }),
  security('AuthorizationPolicy', sec.authorizationPolicySpec, {
    plural: 'authorizationpolicies',
    shortNames: ['ap'],
    printerColumns: [col('Action', '.spec.action', 'ALLOW, DENY, AUDIT or CUSTOM.'), age],
  }),
  security('PeerAuthentication', sec.peerAuthenticationSpec, {
    shortNames: ['pa'],
    printerColumns: [col('Mode', '.spec.mtls.mode', 'The mutual TLS mode.'), age],
  }),
  security('RequestAuthentication', sec.requestAuthenticationSpec, {shortNames: ['ra']}),
  define({
    group: 'telemetry.istio.io',
    kind: 'Telemetry',
    versions: ['v1alpha1', 'v1'],
    spec: telemetrySpec,
    plural: 'telemetries',
    shortNames: ['telemetry'],
    printerColumns: [age],
  }),
  extensions('TrafficExtension', ext.trafficExtensionSpec, {printerColumns: [age]}),
  extensions('WasmPlugin', ext.wasmPluginSpec, {printerColumns: [age]}),
  define({
    group: 'install.istio.io',
    kind: 'IstioOperator',
    versions: ['v1alpha1'],
    spec: istioOperatorSpec,
    categories: [],
    shortNames: ['iop', 'io'],
    installed: false,
  }),
]

/** The status schema istiod writes on every Istio kind. */
export const STATUS_SCHEMA: JSONSchemaProps = istioStatus

/** Splits `group/version` (or a core `version`). */
export function parseApiVersion(apiVersion: string): {group: string; version: string} {
  const i = apiVersion.lastIndexOf('/')
  return i < 0
    ? {group: '', version: apiVersion}
    : {group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1)}
}

/**
 * The kind served at `apiVersion` (e.g. `networking.istio.io/v1beta1`) with that kind name, or undefined when
 * the group is not Istio's, the kind is unknown, or the version is not served.
 */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  const {group, version} = parseApiVersion(apiVersion)
  return ISTIO_KINDS.find((k) => k.group === group && k.kind === kind && k.versions.includes(version))
}

/** True when the apiVersion is in an Istio API group (known kind or not). */
export function isIstioGroup(apiVersion: string): boolean {
  const {group} = parseApiVersion(apiVersion)
  return ISTIO_KINDS.some((k) => k.group === group)
}

/**
 * The Istio kind a user names: its kind (`VirtualService`), plural, singular or short name (`vs`), any case,
 * optionally qualified by group (`virtualservices.networking.istio.io`). Undefined when none matches.
 */
export function findKind(name: string): KindInfo | undefined {
  const [first, ...rest] = name.toLowerCase().split('.')
  const group = rest.join('.')
  return ISTIO_KINDS.find(
    (k) =>
      (!group || k.group === group) &&
      [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames].includes(first),
  )
}
