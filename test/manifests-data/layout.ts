// Where meshctl's manifests live and how to render a chart with Helm's own engine (the Go oracle).
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {execFileSync} from 'node:child_process'
import {join, resolve} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {goOracle} from '../helpers/go-oracles.js'

export const MANIFESTS = resolve(import.meta.dirname, '../../manifests')

/** Chart directory of each istioctl component (operator/pkg/component/component.go). */
export const COMPONENT_CHARTS: Record<string, string> = {
  base: 'charts/base',
  pilot: 'charts/istio-control/istio-discovery',
  ingressGateways: 'charts/gateways/istio-ingress',
  egressGateways: 'charts/gateways/istio-egress',
  cni: 'charts/istio-cni',
  ztunnel: 'charts/ztunnel',
}

/** The profiles meshctl ships (istioctl 1.30.3's set): one list for the data and the rendering tests. */
export {PROFILES} from '../manifest/cases.js'

/** Chart directories (relative to MANIFESTS) that exist on disk. */
export function chartDirs(): string[] {
  return Object.values(COMPONENT_CHARTS).filter((d) => existsSync(join(MANIFESTS, d, 'Chart.yaml')))
}

/** Names of the shared chart-side profile layers (manifests/chart-profiles/<name>.yaml). */
export function chartProfileNames(): string[] {
  return readdirSync(join(MANIFESTS, 'chart-profiles'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort()
}

/** The Helm-engine oracle (test/oracle/gotmpl, built by scripts/prepare-oracles.ts), or $MESHCTL_GOTMPL. */
const GOTMPL = process.env.MESHCTL_GOTMPL ?? goOracle('gotmpl').bin

/** Whether the Helm-engine oracle is available. */
export function haveHelmOracle(): boolean {
  return GOTMPL !== undefined && existsSync(GOTMPL)
}

export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: {name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown}
  [k: string]: any
}

export interface Rendered {
  /** Objects, in template-file order. */
  objects: K8sObject[]
  /** Raw output per template file. */
  files: Record<string, string>
}

/**
 * Renders one of our charts with Helm's engine, as istioctl does: release `istio`, namespace
 * istio-system, Kubernetes 1.32, `values` passed as the user values.
 */
export function renderWithHelm(chartDir: string, values: Record<string, unknown>): Rendered {
  const input = {
    charts: [
      {
        id: 'c',
        dir: join(MANIFESTS, chartDir),
        values,
        releaseName: 'istio',
        namespace: 'istio-system',
        kubeVersion: '1.32.0',
      },
    ],
  }
  const out = execFileSync(GOTMPL!, [], {input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20})
  const res = JSON.parse(out).c as {out?: Record<string, string>; err?: string}
  if (res.err) throw new Error(res.err)
  const files = res.out ?? {}
  const objects: K8sObject[] = []
  for (const name of Object.keys(files).sort()) {
    for (const doc of parseAllDocuments(files[name])) {
      if (doc.errors.length) throw new Error(`${name}: ${doc.errors[0].message}`)
      const obj = doc.toJS()
      if (obj && typeof obj === 'object') objects.push(obj as K8sObject)
    }
  }
  return {objects, files}
}

/** `Kind/name` of each object, for readable set comparisons. */
export function ids(objects: K8sObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Deep merge where maps merge and everything else (lists included) replaces, as istioctl merges profiles. */
export function deepMerge(
  base: Record<string, unknown>,
  top: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {...base}
  for (const [k, v] of Object.entries(top)) out[k] = isMap(v) && isMap(out[k]) ? deepMerge(out[k], v) : v
  return out
}

/**
 * The Helm values istioctl hands every chart for a profile (a small model of its translation:
 * default < profile, spec.hub/tag into global, pilot/cni enablement), plus `extra` on top.
 */
export function profileValues(profile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const read = (name: string) =>
    parseAllDocuments(readFileSync(join(MANIFESTS, 'profiles', `${name}.yaml`), 'utf8'))[0].toJS() as any
  const def = read('default')
  const spec = profile === 'default' ? def.spec : (deepMerge(def, read(profile)) as any).spec
  const components = spec.components ?? {}
  const derived = {
    global: {hub: spec.hub, tag: String(spec.tag)},
    pilot: {enabled: components.pilot?.enabled !== false, cni: {enabled: components.cni?.enabled === true}},
  }
  return deepMerge(deepMerge(derived, spec.values ?? {}), extra)
}

/** The object of a kind and name; fails with the rendered object list when it is missing. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name)
  if (!o) throw new Error(`${kind}/${name} not rendered; got ${ids(objects).join(', ')}`)
  return o
}

/** For a suite's `before`: skips it, with a visible message, when the Helm oracle is not built. */
export function skipWithoutHelmOracle(ctx: Mocha.Context): void {
  if (haveHelmOracle()) return
  console.warn(`    ⚠ skipped: ${goOracle('gotmpl').reason ?? `no Helm oracle at ${GOTMPL}`}`)
  ctx.skip()
}
