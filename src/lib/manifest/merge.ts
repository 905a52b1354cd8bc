/**
 * Building the one IstioOperator tree a render starts from, in istioctl's order (operator/pkg/render
 * MergeInputs): default profile < profile < compiled-in hub/tag < `-f` files in order < `--set` in order, then
 * top-level fields translated into Helm values and the user's own `values` re-applied on top.
 * @module
 */
import {inputError, usageError} from '../errors.js'
import {parseYamlDocuments, yamlInputError, type Json} from './goyaml.js'
import {splitDocuments} from './helm.js'
import {readProfile} from './profiles.js'
import {
  clone,
  getBool,
  getPath,
  getString,
  getTree,
  isTree,
  makeTree,
  mergeFrom,
  PathError,
  setPath,
  setSpecPaths,
  splitPath,
  splitSetFlag,
  type Tree,
} from './values.js'

/** The hub and tag meshctl installs by default: the Istio 1.30.3 release images. */
export const DEFAULT_HUB = 'docker.io/istio'
export const DEFAULT_TAG = '1.30.3'

/** An `-f` input: its name (for messages) and text. */
export interface InputFile {
  name: string
  text: string
}

/** Inputs to a merge. */
export interface MergeOptions {
  /** IstioOperator files, in order. */
  files?: InputFile[]
  /** `path=value` flags, in order (without the `spec.` prefix). */
  sets?: string[]
  /** Where profiles are read from when the inputs do not set `installPackagePath`. */
  manifestsDir: string
  /** The hub/tag applied between the profile and user inputs (release istioctl's compiled-in ones); null for none. */
  hubTag?: {hub: string; tag: string} | null
  /** Settings detected from a cluster, as `path=value` flags (applied on the profile). */
  detected?: string[]
}

/** Parses an `-f` file into a tree; several objects in one file are refused as istioctl does. */
export function parseIstioOperatorFile(file: InputFile): Tree {
  let docs: Json[]
  try {
    docs = parseYamlDocuments(file.text)
  } catch (e) {
    throw yamlInputError(file.name, e)
  }
  // Like istioctl, every document must be an object with a kind (comment-only documents are fine).
  for (const part of splitDocuments(file.text)) {
    const d = parseYamlDocuments(part)[0] ?? null
    if (d !== null && (!isTree(d) || typeof d.kind !== 'string' || d.kind === ''))
      throw inputError(`${file.name}: unable to parse file: Object 'Kind' is missing`)
  }
  const objects = docs.filter((d) => isTree(d))
  if (objects.length > 1)
    throw inputError(`${file.name}: contains multiple IstioOperator CRs, only one per file is supported`)
  // Like sigs.k8s.io/yaml, only the first document counts.
  // a null first document is an empty tree (any other that is no object was refused by the kind check above)
  const doc = docs[0] ?? {}
  if (!isTree(doc)) return {}
  // the settings below are written into before validation runs, so a wrong shape must stop here
  for (const [field, v] of [
    ['spec', doc.spec],
    ['spec.values', isTree(doc.spec) ? doc.spec.values : undefined],
  ] as const) {
    if (v !== undefined && v !== null && !isTree(v))
      throw inputError(`${file.name}: invalid value for ${field}: expected an object, got ${describe(v)}`)
  }
  return doc
}

function describe(v: Json): string {
  return Array.isArray(v) ? 'a list' : `a ${typeof v}`
}

function applySets(tree: Tree, sets: string[], where: string): void {
  for (const s of sets) {
    // istioctl reads `--set profile` as the path with an empty value, then fails on the value's type.
    if (!s.includes('=')) throw usageError(`${where} ${s}: =VALUE is missing (write ${where} ${s}=VALUE)`)
    // an empty path would replace the whole spec, to fail later on an unrelated field
    if (splitPath(splitSetFlag(s).path).length === 0)
      throw usageError(`${where} ${JSON.stringify(s)}: no path to set; expected PATH=VALUE`)
    try {
      setSpecPaths(tree, [s])
    } catch (e) {
      if (e instanceof PathError) throw usageError(`${where} ${s}: ${e.message}`)
      throw e
    }
  }
}

/** The user's own tree: the IstioOperator skeleton, `-f` files merged in order, then `--set` flags. */
export function userTree(files: InputFile[], sets: string[]): Tree {
  const user: Tree = {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: {}, spec: {}}
  for (const f of files) {
    const m = parseIstioOperatorFile(f)
    // istioctl tolerates `spec:` with no content.
    if (m.spec === null) delete m.spec
    mergeFrom(user, m)
  }
  applySets(user, sets, '--set')
  return user
}

/** Merges all inputs into the final IstioOperator tree (before validation). */
export function mergeInputs(opts: MergeOptions): Tree {
  const user = userTree(opts.files ?? [], opts.sets ?? [])
  const manifestsDir = getString(user, 'spec.installPackagePath') || opts.manifestsDir
  const profile = getString(user, 'spec.profile')
  const userValues = getTree(user, 'spec.values')

  const base = readProfile(manifestsDir, profile)
  applySets(base, opts.detected ?? [], 'detected setting')
  const hubTag = opts.hubTag === undefined ? {hub: DEFAULT_HUB, tag: DEFAULT_TAG} : opts.hubTag
  if (hubTag) applySets(base, [`hub=${hubTag.hub}`, `tag=${hubTag.tag}`], 'default')
  mergeFrom(base, user)
  translateToHelm(base)
  // The user's values win over anything the translation derived (e.g. values.global.hub over hub).
  if (userValues) mergeFrom(base, {spec: {values: clone(userValues)}})
  return base
}

/** Go's %v of a scalar, as istioctl formats translated values before re-parsing them as `--set` flags. */
function goFormat(v: Json): string {
  if (v === null) return '<nil>'
  if (Array.isArray(v)) return '[' + v.map(goFormat).join(' ') + ']'
  return String(v)
}

/** Top-level IstioOperator fields → Helm values, and component enablement → values (translateIstioOperatorToHelm). */
export function translateToHelm(base: Tree): Tree {
  const translations: Array<[string, string]> = [
    ['spec.hub', 'global.hub'],
    ['spec.tag', 'global.tag'],
    ['spec.revision', 'revision'],
    ['spec.meshConfig', 'meshConfig'],
    ['spec.compatibilityVersion', 'compatibilityVersion'],
  ]
  for (const [from, to] of translations) {
    const v = getPath(base, from)
    if (v === undefined) continue
    if (isTree(v)) mergeFrom(base, makeTree(clone(v), 'spec', 'values', 'meshConfig'))
    else applySets(base, [`values.${to}=${goFormat(v)}`], from)
  }
  setPath(base, 'spec.values.pilot.enabled', getBool(base, 'spec.components.pilot.enabled'))
  setPath(base, 'spec.values.pilot.cni.enabled', getBool(base, 'spec.components.cni.enabled'))
  const ns = getString(base, 'spec.values.global.istioNamespace')
  if (ns !== '') setPath(base, 'metadata.namespace', ns)
  return base
}

/** After validation: `unvalidatedValues` merged into `values` (no checks), as istioctl does. */
export function applyUnvalidatedValues(iop: Tree): Tree {
  const uv = getTree(iop, 'spec.unvalidatedValues')
  if (uv) mergeFrom(iop, makeTree(clone(uv), 'spec', 'values'))
  return iop
}
