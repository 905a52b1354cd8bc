/**
 * A small DSL for structural OpenAPI v3 schemas that also carries the TypeScript type of the data it
 * describes: `obj({hosts: list(str())}, {required: ['hosts']})` is both the schema and `{hosts: string[]}`.
 *
 * Nodes are plain JSON Schema objects. Keys starting with `x-meshctl-` are ours: they name semantic checks
 * (see checks.ts) and deprecations; the CRDs we generate carry, instead of the checks, the CEL rules that
 * say the same to the API server (cel.ts).
 */

declare const TYPE: unique symbol

/** The subset of OpenAPI v3 (Kubernetes structural schema) that Istio's APIs use. */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  format?: string
  enum?: readonly string[]
  properties?: Record<string, JSONSchemaProps>
  required?: readonly string[]
  items?: JSONSchemaProps
  additionalProperties?: JSONSchemaProps
  oneOf?: JSONSchemaProps[]
  anyOf?: JSONSchemaProps[]
  allOf?: JSONSchemaProps[]
  not?: JSONSchemaProps
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  minItems?: number
  maxItems?: number
  minProperties?: number
  maxProperties?: number
  nullable?: boolean
  description?: string
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-list-type'?: 'map' | 'set' | 'atomic'
  'x-kubernetes-list-map-keys'?: readonly string[]
  /** CEL rules the API server runs (cel.ts); our validator enforces their meaning in rules/ and checks.ts. */
  'x-kubernetes-validations'?: readonly CelRule[]
  /** Names of semantic checks (checks.ts) run on the value. */
  'x-meshctl-checks'?: readonly CheckName[]
  /** A deprecation note: using the field is a warning. */
  'x-meshctl-deprecated'?: string
}

/** One CEL validation rule of a CRD schema node, and the message the API server reports when it fails. */
export interface CelRule {
  message: string
  rule: string
}

/** Semantic checks that a schema node can ask for; implemented in checks.ts. */
export type CheckName =
  | 'duration' // a protobuf duration string of at least 1ms
  | 'port' // 1..65535
  | 'noWildcard' // a label value without '*'
  | 'labelKeys' // label-selector keys: non-empty, no '*'
  | 'portName' // a map of port names (keys) to ports
  | 'portKeys' // map keys that are port numbers 1..65535
  | 'emptyNamespace' // targetRef.namespace must be empty
  | 'notStar' // a host that is not '*'
  | 'httpUrl' // http or https URL
  | 'unixAddress' // unix:// addresses are absolute or abstract, not ending in '/'
  | 'regex' // an RE2 regular expression

/** A schema node that describes values of type T. */
export type S<T> = JSONSchemaProps & {readonly [TYPE]?: T}
/** The TypeScript type described by a schema node. */
export type Infer<X> = X extends S<infer T> ? T : never

type Simplify<T> = {[K in keyof T]: T[K]} & {}

interface StrOpts {
  format?: string
  minLength?: number
  maxLength?: number
  pattern?: string
  checks?: CheckName[]
}

const withChecks = <T extends JSONSchemaProps>(s: T, checks?: CheckName[]): T =>
  checks?.length ? {...s, 'x-meshctl-checks': checks} : s

/** A string. */
export function str({checks, ...opts}: StrOpts = {}): S<string> {
  return withChecks({type: 'string', ...opts}, checks)
}

/** A string from a fixed set (a proto enum). */
export function enm<const E extends readonly string[]>(...values: E): S<E[number]> {
  return {type: 'string', enum: values}
}

/** A proto duration (`1.5s`, `10ms`), at least 1ms. */
export const duration = (): S<string> => str({checks: ['duration']})

/** int32. */
export const int32 = (opts: {minimum?: number} = {}): S<number> => ({
  type: 'integer',
  format: 'int32',
  ...opts,
})
/** uint32. */
export const uint32 = (checks?: CheckName[]): S<number> =>
  withChecks({type: 'integer', minimum: 0, maximum: 4294967295}, checks)
/** A port number: uint32 on the wire, 1..65535 by the rules. */
export const port = (): S<number> => uint32(['port'])
/** uint64 (JSON-encoded as a number here). */
export const uint64 = (): S<number> => ({type: 'integer', minimum: 0})
/** A double. */
export const double = (opts: {minimum?: number; maximum?: number} = {}): S<number> => ({
  type: 'number',
  format: 'double',
  ...opts,
})
/** A boolean. */
export const bool = (): S<boolean> => ({type: 'boolean'})
/** Base64 bytes. */
export const bytes = (): S<string> => ({type: 'string', format: 'byte'})
/** An RFC 3339 timestamp. */
export const dateTime = (): S<string> => ({type: 'string', format: 'date-time'})
/** An integer or a string (Kubernetes int-or-string). */
export const intOrString = (): S<number | string> => ({
  'x-kubernetes-int-or-string': true,
  anyOf: [{type: 'integer'}, {type: 'string'}],
})
/** Free-form JSON (google.protobuf.Struct). */
export const open = (): S<Record<string, unknown>> => ({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
})

/** A proto wrapper type (BoolValue, UInt32Value…): the value may be null. */
export function nullable<T>(s: S<T>): S<T | null> {
  return {...s, nullable: true} as S<T | null>
}

/** Marks a field deprecated: using it is a warning. */
export function deprecated<T>(s: S<T>, note = 'deprecated'): S<T> {
  return {...s, 'x-meshctl-deprecated': note}
}

/** Adds CEL rules (x-kubernetes-validations) to a node. */
export function cel<T>(s: S<T>, ...rules: CelRule[]): S<T> {
  return {...s, 'x-kubernetes-validations': [...(s['x-kubernetes-validations'] ?? []), ...rules]}
}

/** Adds semantic checks to a node. */
export function check<T>(s: S<T>, ...checks: CheckName[]): S<T> {
  return withChecks(s, [...(s['x-meshctl-checks'] ?? []), ...checks])
}

interface ListOpts {
  minItems?: number
  maxItems?: number
  /** Entries are keyed by these fields (x-kubernetes-list-type: map). */
  mapKeys?: string[]
}

/** A list. */
export function list<T>(items: S<T>, {mapKeys, ...opts}: ListOpts = {}): S<T[]> {
  const s: JSONSchemaProps = {type: 'array', items, ...opts}
  if (mapKeys) Object.assign(s, {'x-kubernetes-list-map-keys': mapKeys, 'x-kubernetes-list-type': 'map'})
  return s
}

/** A map with string keys. */
export function map<T>(
  values: S<T>,
  opts: {minProperties?: number; maxProperties?: number; checks?: CheckName[]} = {},
): S<Record<string, T>> {
  const {checks, ...rest} = opts
  return withChecks({type: 'object', additionalProperties: values, ...rest}, checks)
}

type Props = Record<string, S<unknown>>
type ObjType<P extends Props, R extends keyof P> = Simplify<
  {-readonly [K in R]: Infer<P[K]>} & {-readonly [K in Exclude<keyof P, R>]?: Infer<P[K]>}
>

interface ObjOpts<R> {
  required?: readonly R[]
  /** Proto oneof groups: at most one field of each group may be set. */
  oneOf?: ReadonlyArray<readonly string[]>
  checks?: CheckName[]
  /** CEL rules on the whole object (cel.ts). */
  rules?: CelRule[]
}

/** At most one of `fields` is set: the schema shape Istio's CRD generator uses for proto oneofs. */
function atMostOne(fields: readonly string[]): JSONSchemaProps {
  const each = fields.map((f) => ({required: [f]}))
  return {oneOf: [{not: {anyOf: each}}, ...each]}
}

/** An object with known fields (unknown fields are errors). */
export function obj<P extends Props, const R extends keyof P & string = never>(
  properties: P,
  opts: ObjOpts<R> = {},
): S<ObjType<P, R>> {
  const s: JSONSchemaProps = {type: 'object', properties}
  if (opts.required?.length) s.required = opts.required
  const groups = (opts.oneOf ?? []).map(atMostOne)
  if (groups.length === 1) Object.assign(s, groups[0])
  else if (groups.length > 1) s.allOf = groups
  if (opts.rules?.length) s['x-kubernetes-validations'] = opts.rules
  return withChecks(s, opts.checks)
}
