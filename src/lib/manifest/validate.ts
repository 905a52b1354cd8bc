/**
 * Validation of a merged IstioOperator (istioctl operator/pkg/apis/validation): strict field names in the
 * IstioOperator structure and in `values` (with the closest valid path suggested), `meshConfig` (types, enum
 * names and istioctl's value rules; unknown fields are warnings, as istioctl ignores them), hub, tag, revision,
 * gateway names, ports and IP ranges. Errors stop the render unless forced; warnings are only reported.
 * @module
 */
import type {JSONSchemaProps} from '../api/schema.js'
import {istioOperatorSpec, kubernetesResources} from '../api/install.js'
import {checkGoType} from './go-types.js'
import {GO_TYPES} from './go-types.gen.js'
import type {Json} from './goyaml.js'
import {closest, describe} from '../suggest.js'
// Go's netip.ParseAddr/ParsePrefix with their error texts (checked against istioctl for IST0125)
import {addrError, prefixError} from '../go-parse.js'
import {checkValues} from './values-schema.js'
import {checkMeshConfig} from '../api/mesh.js'
import {VALUES_SCHEMA} from './values-schema.gen.js'
import {createRequire} from 'node:module'
import type {InputFile} from './merge.js'
import {getPath, isTree, splitSetFlag, type Tree} from './values.js'

/**
 * A problem at a field of the merged IstioOperator; `path` is as users write it (`values.x`, `components.y`).
 * It is not yet about a place in an input: findingLocator finds the -f file and line (or the --set flag)
 * that set the field, and the error then names that place like any input message.
 */
export interface FieldFinding {
  path: string
  message: string
}

/** All findings for a merged IstioOperator. */
export interface ValidationResult {
  errors: FieldFinding[]
  warnings: FieldFinding[]
}

/** Checks the IstioOperator structure (not `values`/`meshConfig`, which have their own rules). */
export function checkStructure(iop: Tree): FieldFinding[] {
  const out: FieldFinding[] = []
  // Type and object metadata are Go structs (go-types.ts); spec follows the IstioOperator schema.
  checkGoType(GO_TYPES, 'IstioOperator', {...iop, spec: null}, '', out)
  if (iop.spec !== undefined) walkSchema(istioOperatorSpec as JSONSchemaProps, iop.spec, '', out)
  return out
}

/**
 * The types the IstioOperator spec schema uses outside `k8s` (a test holds it to these): its int-or-string
 * fields are the tags, which are Go `any` and skipped; `values`, `meshConfig` and `unvalidatedValues` are
 * objects checked elsewhere.
 */
function typeOk(s: JSONSchemaProps, v: Json): string | undefined {
  switch (s.type) {
    case 'string':
      return typeof v === 'string' ? undefined : 'a string'
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'a boolean'
    case 'array':
      return Array.isArray(v) ? undefined : 'a list'
    case 'object':
      return isTree(v) ? undefined : 'an object'
  }
  return undefined
}

function walkSchema(s: JSONSchemaProps, v: Json, path: string, out: FieldFinding[]): void {
  // `k8s` is decoded into Kubernetes' Go structs by istioctl: check it the same way (go-types.ts).
  if (s === (kubernetesResources as JSONSchemaProps))
    return checkGoType(GO_TYPES, 'apis.KubernetesResources', v, path, out)
  // null is an unset field to Go's encoding/json
  if (v === null) return
  const want = typeOk(s, v)
  if (want) {
    out.push({path, message: `invalid value for ${path || 'spec'}: expected ${want}, got ${describe(v)}`})
    return
  }
  if (Array.isArray(v)) return v.forEach((x, i) => walkSchema(s.items!, x, `${path}[${i}]`, out))
  if (!isTree(v)) return
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k
    if (!s.properties) {
      // a string map (label) has a schema for every value; values and meshConfig have none here
      if (s.additionalProperties) walkSchema(s.additionalProperties, x, p, out)
      continue
    }
    const sub = s.properties[k]
    // Go `any` in istioctl's IstioOperator: a tag is whatever it is (spec.tag is checked by tagProblem).
    if (k === 'tag' || k === 'unvalidatedValues') continue
    if (!sub) {
      const g = closest(k, Object.keys(s.properties))
      out.push({
        path: p,
        message: `unknown field ${p}` + (g ? `; did you mean ${path ? path + '.' : ''}${g}?` : ''),
      })
      continue
    }
    walkSchema(sub, x, p, out)
  }
}

/** go-containerregistry's checkElement: a length in runes, then only the allowed characters. */
function elementProblem(
  what: string,
  element: string,
  chars: string,
  min: number,
  max: number,
): string | undefined {
  const runes = [...element]
  if (runes.length < min || runes.length > max)
    return `${what} must be between ${min} and ${max} characters in length: ${element}`
  if (!runes.every((c) => chars.includes(c)))
    return `${what} can only contain the characters \`${chars}\`: ${element}`
  return undefined
}

/**
 * Whether Go's url.Parse("//" + name) has `name` as its Host (go-containerregistry's registry check): no
 * userinfo, query, fragment, escape or control byte; a port of digits after the last colon; characters a
 * host may hold; a bracketed host must be an IPv6 address.
 */
function registryOk(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[@?#%\x00-\x20\x7f]/.test(name)) return false
  const open = name.lastIndexOf('[')
  if (open > 0) return false
  if (open === 0) {
    const close = name.lastIndexOf(']')
    const ip = name.slice(1, close)
    return close > 0 && /^(:\d*)?$/.test(name.slice(close + 1)) && ip.includes(':') && !addrError(ip)
  }
  const colon = name.lastIndexOf(':')
  if (colon >= 0 && !/^\d*$/.test(name.slice(colon + 1))) return false
  // the ASCII a host may hold unescaped; any other byte is refused (non-ASCII passes)
  // eslint-disable-next-line no-control-regex
  return /^(?:[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]|[^\x00-\x7f])*$/.test(name)
}

/** go-containerregistry's NewRepository: the repository part checked first, then the registry. */
function repositoryProblem(name: string): string | undefined {
  const slash = name.indexOf('/')
  const first = name.slice(0, slash)
  const hasRegistry = slash >= 0 && (first === 'localhost' || /[.:]/.test(first))
  const repo = hasRegistry ? name.slice(slash + 1) : name
  const bad = elementProblem('repository', repo, 'abcdefghijklmnopqrstuvwxyz0123456789_-./', 2, 255)
  if (bad) return bad
  if (hasRegistry && !registryOk(first)) return `registries must be valid RFC 3986 URI authorities: ${first}`
  return undefined
}

/** istioctl's hub check: go-containerregistry's NewRepository(`<hub>/pilot`). */
export function hubProblem(hub: string): string | undefined {
  if (hub === '') return undefined
  const bad = repositoryProblem(`${hub}/pilot`)
  return bad && `bad hub: ${bad}`
}

/** Go's `%v` of a decoded JSON value (a tag is `any` in istioctl). */
function goString(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`
  if (isTree(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goString(v[k]!)}`)
      .join(' ')}]`
  return v === null ? '<nil>' : String(v)
}

/**
 * istioctl's tag check: go-containerregistry's NewTag(`istio/pilot:<tag>`). The tag is what follows the last
 * colon (unless that holds a `/`: then there is none), and what comes before it must be a repository.
 */
export function tagProblem(tag: Json | undefined): string | undefined {
  if (tag === undefined || tag === null) return undefined
  const name = `istio/pilot:${goString(tag)}`
  const colon = name.lastIndexOf(':')
  const last = name.slice(colon + 1)
  const hasTag = !last.includes('/')
  if (hasTag && last === '') return `bad tag: ${name} must specify a tag name after the colon`
  const bad =
    (hasTag
      ? elementProblem(
          'tag',
          last,
          'abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ',
          1,
          128,
        )
      : undefined) ?? repositoryProblem(hasTag ? name.slice(0, colon) : name)
  return bad && `bad tag: ${bad}`
}

/** A revision must be a DNS-1123 label. */
export function revisionProblem(rev: Json | undefined): string | undefined {
  if (typeof rev !== 'string' || rev === '') return undefined
  if (rev.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(rev))
    return `invalid revision specified: ${rev}`
  return undefined
}

/** istioctl's validatePortNumberString: strconv.ParseInt(s, 10, 32), then the range [0, 65535]. */
function portNumberProblem(path: string, p: string): string | undefined {
  const parsing = `${path} : strconv.ParseInt: parsing ${JSON.stringify(p)}`
  if (!/^[+-]?\d+$/.test(p)) return `${parsing}: invalid syntax`
  const n = Number(p)
  if (n < -(2 ** 31) || n >= 2 ** 31) return `${parsing}: value out of range`
  return n < 0 || n > 65535 ? `value ${path}:${n} falls outside range [0, 65535]` : undefined
}

/** The proxy's IP ranges (netip.ParsePrefix each, unless `*`) and inbound ports (`*` or numbers). */
function proxyListChecks(values: Tree, out: FieldFinding[]): void {
  for (const f of ['includeIPRanges', 'excludeIPRanges']) {
    const path = `values.global.proxy.${f}`
    const v = getPath(values, `global.proxy.${f}`)
    if (typeof v !== 'string' || v === '' || v === '*') continue
    for (const c of v.split(',')) {
      const e = prefixError(c)
      if (e) out.push({path, message: `${path} ${e}`})
    }
  }
  for (const f of ['includeInboundPorts', 'excludeInboundPorts']) {
    const path = `values.global.proxy.${f}`
    const v = getPath(values, `global.proxy.${f}`)
    if (typeof v !== 'string') continue
    for (const p of v.split(',')) {
      const e = p === '*' || p === '' ? undefined : portNumberProblem(path, p)
      if (e) out.push({path, message: e})
    }
  }
}

function gatewayChecks(spec: Tree, values: Tree, out: FieldFinding[], warnings: FieldFinding[]): void {
  const components = isTree(spec.components) ? spec.components : {}
  for (const [key, root, label] of [
    ['ingressGateways', 'istio-ingressgateway', 'ingress'],
    ['egressGateways', 'istio-egressgateway', 'egress'],
  ] as const) {
    const gws = Array.isArray(components[key]) ? (components[key] as Json[]).filter(isTree) : []
    for (const gw of gws) {
      const name = typeof gw.name === 'string' ? gw.name : ''
      if (name !== '' && !/^[a-z0-9.-]{1,254}$/.test(name))
        out.push({path: `components.${key}`, message: `invalid value ${key}.name: ${name}`})
      if (getPath(values, `gateways.${root}.runAsRoot`) !== true) {
        const ports = getPath(gw, 'k8s.service.ports')
        for (const p of Array.isArray(ports) ? ports.filter(isTree) : []) {
          if (typeof p.targetPort === 'string') continue
          const tp = typeof p.targetPort === 'number' ? p.targetPort : 0
          const port = typeof p.port === 'number' ? p.port : 0
          if (tp === 0 && port > 1024) continue
          if (tp < 1024)
            out.push({
              path: `components.${key}`,
              message: `port ${String(p.name ?? '')}/${port} in gateway ${name} invalid: targetPort is set to ${tp}, which requires root. Set targetPort to be greater than 1024 or configure values.gateways.${root}.runAsRoot=true`,
            })
        }
      }
      if (
        getPath(values, `gateways.${root}.autoscaleEnabled`) === true &&
        typeof getPath(gw, 'k8s.replicaCount') === 'number' &&
        getPath(gw, 'k8s.replicaCount') !== 0
      )
        warnings.push({
          path: `components.${key}`,
          message: `components.${label}Gateways[name=${name}].k8s.replicaCount should not be set when values.gateways.istio-${label}gateway.autoscaleEnabled is true`,
        })
    }
  }
  const pilotReplicas = getPath(components, 'pilot.k8s.replicaCount')
  if (
    getPath(values, 'pilot.autoscaleEnabled') === true &&
    typeof pilotReplicas === 'number' &&
    pilotReplicas > 1
  )
    warnings.push({
      path: 'components.pilot.k8s.replicaCount',
      message:
        'components.pilot.k8s.replicaCount should not be set when values.pilot.autoscaleEnabled is true',
    })
}

/** Validates a merged IstioOperator (before `unvalidatedValues` are applied). */
export function validateIstioOperator(iop: Tree): ValidationResult {
  const errors = checkStructure(iop)
  const warnings: FieldFinding[] = []
  const spec = isTree(iop.spec) ? iop.spec : {}
  const values = isTree(spec.values) ? spec.values : {}
  errors.push(...checkValues(VALUES_SCHEMA, values, 'values'))
  proxyListChecks(values, errors)
  gatewayChecks(spec, values, errors, warnings)
  // Both mesh configs are decoded as protobuf JSON: wrong types are errors, unknown fields only warnings.
  // meshConfig was merged into values.meshConfig (translateToHelm): report each problem once.
  const top = checkMeshConfig(spec.meshConfig, 'meshConfig')
  const inValues = checkMeshConfig(values.meshConfig, 'values.meshConfig')
  const seen = new Set([...top.errors, ...top.warnings].map((f) => f.message))
  const fresh = (f: FieldFinding) => !seen.has(f.message.replaceAll('values.meshConfig', 'meshConfig'))
  errors.push(...top.errors, ...inValues.errors.filter(fresh))
  warnings.push(...top.warnings, ...inValues.warnings.filter(fresh))
  for (const [path, problem] of [
    ['hub', hubProblem(typeof spec.hub === 'string' ? spec.hub : '')],
    ['tag', tagProblem(spec.tag)],
    ['revision', revisionProblem(spec.revision)],
  ] as const) {
    if (problem) errors.push({path, message: problem})
  }
  return {errors, warnings}
}

/** A finding's path as keys and list indexes: `a.b[0].c` → `['a', 'b', 0, 'c']` (no `\.` escapes). */
function findingSegments(p: string): Array<string | number> {
  return p
    .split('.')
    .flatMap((s) => s.split(/\[(\d+)\]/).filter((x) => x !== ''))
    .map((s) => (/^\d+$/.test(s) && p.includes(`[${s}]`) ? Number(s) : s))
}

/** Whether a finding is about a path some `--set` flag wrote (then it is a usage error, exit 64). */
export function fromSetFlag(f: FieldFinding, sets: string[]): boolean {
  const strip = (s: string) => s.replace(/\[[^\]]*\]/g, '')
  const p = strip(f.path)
  return sets.some((set) => {
    const s = strip(splitSetFlag(set).path)
    return s === p || s.startsWith(p + '.') || p.startsWith(s + '.')
  })
}

/**
 * A function placing findings in the `-f` files: the finding's message prefixed with `FILE:LINE: ` of the
 * last file that sets its field (or, for a field with dots in its name, its nearest ancestor); unchanged
 * when no file does or a `--set` wrote it. The files are parsed once, when the first finding needs them.
 */
export function findingLocator(files: InputFile[], sets: string[]): (f: FieldFinding) => string {
  let parsed: ParsedInput[] | undefined
  return (f) => {
    if (files.length === 0 || fromSetFlag(f, sets)) return f.message
    parsed ??= files.map((file) => ({file, doc: firstDocument(file.text)})).reverse()
    return locate(f, parsed)
  }
}

/** An `-f` file with its first document read for positions. */
type ParsedInput = {file: InputFile; doc: ReturnType<typeof firstDocument>}

function locate(f: FieldFinding, newestFirst: ParsedInput[]): string {
  const segs = findingSegments(f.path)
  for (let n = segs.length; n > 0; n--) {
    for (const {file, doc} of newestFirst) {
      // Paths are relative to spec, except top-level fields and metadata.
      for (const at of [['spec', ...segs.slice(0, n)], segs.slice(0, n)]) {
        if (doc && getIn(doc.json, at) !== undefined) return `${file.name}:${doc.lineOf(at)}: ${f.message}`
      }
    }
  }
  return f.message
}

/** The `yaml` package (positions), loaded only to place an error: the manifest path does not load it. */
const yamlLib = () => createRequire(import.meta.url)('yaml') as typeof import('yaml')

/** The first YAML document of an input file, as JSON and with field lines (istioctl reads only that one). */
function firstDocument(text: string) {
  const {LineCounter, isMap, isScalar, isSeq, parseAllDocuments} = yamlLib()
  const counter = new LineCounter()
  const docs = parseAllDocuments(text, {lineCounter: counter, prettyErrors: false})
  const first = Array.isArray(docs) ? docs[0] : undefined
  if (!first?.contents || first.errors.length > 0) return undefined
  /** The line of a field's key (of an item, in a list). */
  const lineOf = (at: Array<string | number>): number => {
    const parent = at.length > 1 ? first.getIn(at.slice(0, -1), true) : first.contents
    const last = at[at.length - 1]
    const node = isMap(parent)
      ? parent.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(last))?.key
      : isSeq(parent)
        ? parent.items[Number(last)]
        : undefined
    return counter.linePos((node as {range?: [number]} | undefined)?.range?.[0] ?? 0).line
  }
  return {json: first.toJSON() as unknown, lineOf}
}

function getIn(v: unknown, path: Array<string | number>): unknown {
  let cur = v
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[seg]
  }
  return cur
}

/**
 * istioctl decodes each component's settings again to render it (component.Get): leniently about unknown
 * fields, strictly about types. So with --force a wrongly typed setting still stops the render, there.
 */
export function componentConversionProblem(
  c: {name: string; specName: string; multi: boolean},
  iop: Tree,
): string | undefined {
  const components = getPath(iop, 'spec.components')
  const entry = isTree(components) ? components[c.specName] : undefined
  const items = c.multi ? (Array.isArray(entry) ? entry : []) : isTree(entry) ? [entry] : []
  for (const [i, item] of items.entries()) {
    const out: FieldFinding[] = []
    const at = c.multi ? `components.${c.specName}[${i}]` : `components.${c.specName}`
    checkGoType(GO_TYPES, 'apis.GatewayComponentSpec', item, at, out)
    const typeError = out.find((f) => !f.message.startsWith('unknown field '))
    if (typeError) return `get component ${c.name}: fail to convert ${c.specName}: ${typeError.message}`
  }
  return undefined
}
