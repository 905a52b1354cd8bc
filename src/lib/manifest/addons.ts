/**
 * meshctl's observability addons (kiali, prometheus, grafana, jaeger): not part of istioctl. They are switched
 * with `addonComponents.<name>.enabled` (`--set` or `-f`), which is taken out of the IstioOperator before
 * istioctl's validation and rendering so that the Istio objects are exactly istioctl's. Which addons a profile
 * turns on comes from `<manifests>/addons/addons.yaml` (`profiles: {demo: [kiali, …]}`, a list or a map of
 * name → bool), else the built-in choice (demo: all). Their manifests are plain YAML at
 * `<manifests>/addons/<name>.yaml`.
 * @module
 */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {inputError} from '../errors.js'
import type {FieldFinding} from './validate.js'
import {parseYamlDocuments, yamlInputError} from './goyaml.js'
import {closest} from '../suggest.js'
import {isTree, type Tree} from './values.js'

/** The addons meshctl knows, in install order. */
export const ADDONS = ['prometheus', 'grafana', 'jaeger', 'kiali'] as const
export type AddonName = (typeof ADDONS)[number]

/** Built-in choice when the manifests directory has no addons.yaml: demo installs every addon. */
const BUILTIN_PROFILE_ADDONS: Record<string, readonly AddonName[]> = {demo: ADDONS}

/** The addons a profile turns on, from `<manifests>/addons/addons.yaml` or the built-in choice. */
export function profileAddons(manifestsDir: string, profile: string): AddonName[] {
  const file = path.join(manifestsDir, 'addons', 'addons.yaml')
  if (!existsSync(file)) return [...(BUILTIN_PROFILE_ADDONS[profile] ?? [])]
  let doc
  try {
    doc = parseYamlDocuments(readFileSync(file, 'utf8'))[0]
  } catch (e) {
    throw yamlInputError(file, e)
  }
  const entry = isTree(doc) && isTree(doc.profiles) ? doc.profiles[profile] : undefined
  const names = Array.isArray(entry)
    ? entry.map(String)
    : isTree(entry)
      ? Object.keys(entry).filter((k) => entry[k] === true)
      : []
  return ADDONS.filter((a) => names.includes(a))
}

/** Which addons are on, and which of them the user asked for explicitly. */
export interface AddonSelection {
  enabled: AddonName[]
  explicit: Set<AddonName>
}

/**
 * Removes `spec.addonComponents` from a merged IstioOperator and decides which addons are on
 * (profile default, then the user's settings). Problems in the addon settings are returned as findings.
 */
export function takeAddonSelection(
  iop: Tree,
  profile: string,
  manifestsDir: string,
): {selection: AddonSelection; errors: FieldFinding[]} {
  const spec = isTree(iop.spec) ? iop.spec : {}
  const raw = spec.addonComponents
  delete spec.addonComponents
  const on = new Set<AddonName>(profileAddons(manifestsDir, profile || 'default'))
  const explicit = new Set<AddonName>()
  const errors: FieldFinding[] = []
  if (raw !== undefined && raw !== null && !isTree(raw)) {
    errors.push({path: 'addonComponents', message: 'invalid value for addonComponents: expected an object'})
  }
  for (const [name, v] of Object.entries(isTree(raw) ? raw : {})) {
    const p = `addonComponents.${name}`
    if (!(ADDONS as readonly string[]).includes(name)) {
      const g = closest(name, ADDONS)
      errors.push({
        path: p,
        message:
          `unknown addon ${p}` +
          (g ? `; did you mean addonComponents.${g}?` : '') +
          ` (addons: ${ADDONS.join(', ')})`,
      })
      continue
    }
    const addon = name as AddonName
    if (!isTree(v)) {
      errors.push({path: p, message: `invalid value for ${p}: expected an object`})
      continue
    }
    for (const [k, x] of Object.entries(v)) {
      if (k !== 'enabled')
        errors.push({path: `${p}.${k}`, message: `unknown field ${p}.${k}; did you mean ${p}.enabled?`})
      else if (typeof x !== 'boolean')
        errors.push({path: `${p}.enabled`, message: `invalid value for ${p}.enabled: expected a boolean`})
      else {
        explicit.add(addon)
        if (x) on.add(addon)
        else on.delete(addon)
      }
    }
  }
  return {selection: {enabled: ADDONS.filter((a) => on.has(a)), explicit}, errors}
}

/** Loads the enabled addons' objects; a missing addon file is an error only when the user asked for it. */
export function loadAddons(
  manifestsDir: string,
  selection: AddonSelection,
): Array<{addon: AddonName; objects: Tree[]}> {
  const out: Array<{addon: AddonName; objects: Tree[]}> = []
  for (const addon of selection.enabled) {
    const file = path.join(manifestsDir, 'addons', `${addon}.yaml`)
    if (!existsSync(file)) {
      if (selection.explicit.has(addon))
        throw inputError(`addon ${addon} is not available: ${file} does not exist`)
      continue
    }
    let docs
    try {
      docs = parseYamlDocuments(readFileSync(file, 'utf8'))
    } catch (e) {
      throw yamlInputError(file, e)
    }
    out.push({addon, objects: docs.filter((d): d is Tree => isTree(d) && typeof d.kind === 'string')})
  }
  return out
}
