/**
 * Rendering an Istio installation the way istioctl 1.30.3 does, from any istioctl-compatible manifests
 * directory (meshctl's own by default), plus meshctl's observability addons.
 *
 * ```ts
 * const {objects, merged, warnings} = await generateManifest({sets: ['profile=demo'], files: [], revision: ''})
 * process.stdout.write(formatManifest(objects)) // byte-compatible with `istioctl manifest generate`
 * for (const {component, object} of objects) apply(component, object) // ordered CRDs → cluster → namespaced
 * ```
 * Errors are MeshctlErrors: 64 for bad `--set` input, 65 for bad files, profiles or charts.
 * @module
 */
export {generateManifest, resolveIstioOperator, flagAliases} from './generate.js'
export type {GenerateOptions, GenerateResult, ResolvedIstioOperator} from './generate.js'
export {COMPONENTS, componentSpecs, componentValues} from './components.js'
export type {Component, ComponentName, ComponentSpec} from './components.js'
export {formatManifest, formatPerComponent, orderObjects} from './output.js'
export type {RenderedObject} from './output.js'
export {ADDONS, loadAddons, profileAddons} from './addons.js'
export type {AddonName} from './addons.js'
export {defaultManifestsDir, listProfiles, readProfile} from './profiles.js'
export {DEFAULT_HUB, DEFAULT_TAG, mergeInputs} from './merge.js'
export type {InputFile} from './merge.js'
export {diffManifests, formatManifestDiff} from './diff.js'
export {dumpProfile, diffProfiles, formatDump} from './profile-dump.js'
export {istioOperatorFlags, readInputFiles} from './cli.js'
export {marshalYaml, parseYamlDocuments} from './goyaml.js'
