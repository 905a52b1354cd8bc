import {expect} from 'chai'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {analyze} from '../../src/lib/analyze/analyze.js'
import {selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {ISTIO_SRC} from '../helpers/istio.js'
import {ISTIOCTL_FILE_EXCLUDED_KINDS} from '../oracle/deviations.js'

// istioctl skips an analyzer when one of its input kinds is not in the snapshot (RemoveSkipped in
// pkg/config/analysis/analyzer.go), and offline the snapshot never has the kinds it drops from files
// (kuberesource.DefaultExcludedSchemas). annotations.K8sAnalyzer reads Namespaces, Services, Pods and
// Deployments, so offline istioctl never checks a Deployment's annotations.

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fortio-deploy
  namespace: shop
  annotations:
    sidecar.istio.io/statsInclusionPrefixes: cluster.outbound
spec:
  selector: {matchLabels: {app: fortio}}
  template:
    metadata: {labels: {app: fortio}}
    spec: {containers: [{name: fortio}]}
`
const runtimeObjects = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: shop}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: shop}
spec: {containers: [{name: app}]}
`

describe('analyze offline: analyzers that need kinds istioctl does not read from files', () => {
  let dir: string
  before(() => (dir = mkdtempSync(join(tmpdir(), 'meshctl-offline-kinds-'))))
  after(() => rmSync(dir, {recursive: true, force: true}))

  async function run(name: string, text: string) {
    const file = join(dir, name)
    writeFileSync(file, text)
    const r = await analyze({
      paths: [file],
      namespace: 'default',
      allNamespaces: true,
      istioNamespace: 'istio-system',
      analyzers: selectAnalyzers(['annotations.K8sAnalyzer']).selected,
    })
    return {pairs: r.findings.map((f) => `${f.code} ${f.origin}`), skipped: r.skipped}
  }

  it('skips annotations.K8sAnalyzer for Deployments alone, as istioctl does', async () => {
    expect(await run('deployment.yaml', deployment)).to.deep.equal({
      pairs: [],
      skipped: ['annotations.K8sAnalyzer'],
    })
  })

  it('runs it when the files have Namespaces, Services and Pods (which meshctl reads)', async () => {
    const {pairs} = await run('with-runtime.yaml', deployment + runtimeObjects)
    expect(pairs).to.deep.equal([
      'IST0107 Deployment shop/fortio-deploy',
      'IST0135 Deployment shop/fortio-deploy',
    ])
  })

  it("finds nothing in Istio's misannotated.yaml as istioctl reads it (without the kinds it drops)", async function () {
    const source = join(ISTIO_SRC, 'pkg/config/analysis/analyzers/testdata/misannotated.yaml')
    if (!existsSync(source)) {
      console.log(`      (skipped: no Istio source at ${ISTIO_SRC})`)
      this.skip()
    }
    const kept = parseAllDocuments(readFileSync(source, 'utf8'))
      .filter((d) => !ISTIOCTL_FILE_EXCLUDED_KINDS.has((d.toJSON() as {kind: string}).kind))
      .map((d) => d.toString())
    expect(kept.length).to.be.greaterThan(0)
    expect((await run('misannotated.yaml', kept.join('---\n'))).pairs).to.deep.equal([])
  })
})
