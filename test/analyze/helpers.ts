import {expect} from 'chai'
import {parseDocuments} from '../../src/lib/input/index.js'
import type {Analyzer} from '../../src/lib/analyze/analyzer.js'
import type {AnalyzeCommandOptions} from '../../src/lib/analyze/command.js'
import {findingLine, toFinding} from '../../src/lib/analyze/finding.js'
import {meshResources} from '../../src/lib/analyze/defaults.js'
import {
  defaultMeshConfig,
  parseMeshConfig,
  parseMeshNetworks,
  type MeshConfig,
  type MeshNetworks,
} from '../../src/lib/analyze/mesh.js'
import {runAnalyzers} from '../../src/lib/analyze/runner.js'
import {resourcesFromInputs} from '../../src/lib/analyze/sources.js'
import {ResourceStore} from '../../src/lib/analyze/store.js'
import type {Finding} from '../../src/lib/analyze/finding.js'

/** A store from YAML text (multi-document), as files would give it. */
export function storeFromYaml(
  yaml: string,
  defaultNamespace = 'default',
  source = 'test.yaml',
): ResourceStore {
  const parsed = parseDocuments(yaml, source)
  if (parsed.problems.length > 0) throw new Error(`bad test YAML: ${parsed.problems[0].message}`)
  const store = new ResourceStore()
  for (const r of resourcesFromInputs(parsed.objects, defaultNamespace)) store.add(r)
  return store
}

/** Runs one analyzer over YAML and returns its findings (unsorted, unfiltered). */
export function findingsOf(
  analyzer: Analyzer,
  yaml: string,
  mesh: MeshConfig = defaultMeshConfig('istio-system'),
  networks?: MeshNetworks,
  clusters: Record<string, string> = {},
): Finding[] {
  const store = storeFromYaml(yaml)
  // objects read from clusters: `primary` is the analysed cluster, other names are remote contexts
  for (const [cluster, text] of Object.entries(clusters))
    for (const r of storeFromYaml(text).all())
      store.add({...r, origin: {type: 'cluster', ...(cluster === 'primary' ? {} : {cluster})}})
  // the mesh config and networks in force, as analyze() adds them
  for (const r of meshResources(mesh, networks, 'istio-system')) store.add(r)
  const result = runAnalyzers({
    store,
    analyzers: [analyzer],
    mesh,
    istioNamespace: 'istio-system',
  })
  return result.messages.map(toFinding)
}

/** `CODE Kind ns/name` for each finding, sorted: the (code, resource) multiset istioctl's test grid uses. */
export function pairsOf(
  analyzer: Analyzer,
  yaml: string,
  mesh?: MeshConfig,
  networks?: MeshNetworks,
  clusters?: Record<string, string>,
): string[] {
  return findingsOf(analyzer, yaml, mesh, networks, clusters)
    .map((f) => `${f.code} ${f.origin ?? '-'}`)
    .sort()
}

/** One row of an analyzer's test table. */
export interface Row {
  name: string
  yaml: string
  /** Expected `CODE Kind ns/name` pairs (any order; duplicates count). */
  expect: string[]
  /** When given: the findings as istioctl prints them (message, and file:line of the field), any order. */
  lines?: string[]
  /** A mesh config document (YAML) over the defaults, for analyzers that read it. */
  mesh?: string
  /** A mesh networks document (YAML), for analyzers that read it. */
  networks?: string
  /** YAML of objects read from clusters by name (`primary`, or remote context names), beside `yaml`. */
  clusters?: Record<string, string>
}

/** Registers one mocha test per row; a module-level list records which analyzers have tables (meta-test). */
export const TESTED_ANALYZERS = new Set<string>()

export function analyzerTable(analyzer: Analyzer, rows: Row[]): void {
  TESTED_ANALYZERS.add(analyzer.name)
  describe(analyzer.name, () => {
    it('has positive and negative rows', () => {
      expect(
        rows.some((r) => r.expect.length > 0),
        'a row with findings',
      ).to.equal(true)
      expect(
        rows.some((r) => r.expect.length === 0),
        'a row without findings',
      ).to.equal(true)
    })
    for (const row of rows)
      it(row.name, () => {
        const mesh = row.mesh === undefined ? undefined : parseMeshConfig(row.mesh, 'istio-system')
        const networks = row.networks === undefined ? undefined : parseMeshNetworks(row.networks)
        expect(pairsOf(analyzer, row.yaml, mesh, networks, row.clusters)).to.deep.equal(
          [...row.expect].sort(),
        )
        if (row.lines)
          expect(
            findingsOf(analyzer, row.yaml, mesh, networks, row.clusters).map(findingLine).sort(),
          ).to.deep.equal([...row.lines].sort())
      })
  })
}

/** Small YAML builders so tables stay readable. */
export const y = {
  svc: (ns: string, name: string, ports: string, selector = 'app: ' + name, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}${extra}}
spec:
  selector: {${selector}}
  ports: ${ports}
`,
  pod: (ns: string, name: string, labels: string, extra = '') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}${extra}}
spec:
  containers: [{name: app, image: app}]
`,
  ns: (name: string, labels = '') => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {${labels}}}
`,
}

/** `meshctl analyze`'s options at their flag defaults, offline, with no kubeconfig; `o` overrides. */
export const commandOptions = (o: Partial<AnalyzeCommandOptions>): AnalyzeCommandOptions => ({
  paths: [],
  useKube: false,
  clusterNamed: false,
  kubeconfigExists: () => false,
  connect: () => Promise.reject(new Error('no cluster in this test')),
  allNamespaces: false,
  istioNamespace: 'istio-system',
  revision: '',
  analyzerNames: [],
  suppress: [],
  listAnalyzers: false,
  format: 'log',
  failureThreshold: 'Error',
  outputThreshold: 'Info',
  color: false,
  verbose: false,
  ignoreUnknown: false,
  version: '1.2.3',
  ...o,
})
