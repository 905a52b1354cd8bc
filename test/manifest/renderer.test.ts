// The default chart renderer: the release facts istioctl hands a chart, its fast toYaml/fromYaml (which must
// give what the engine's own functions give), known documents, and how its errors surface.
import {cpSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {forgetKnownDocuments, knownDocument} from '../../src/lib/manifest/known-documents.js'
import {defaultChartRenderer} from '../../src/lib/manifest/renderer.js'
import type {Json} from '../../src/lib/manifest/goyaml.js'
import type {Tree} from '../../src/lib/manifest/values.js'
import {renderChart} from '../../src/lib/template/index.js'
import {MANIFESTS} from '../manifests-data/layout.js'

const OPTS = {releaseName: 'istio', namespace: 'istio-system', kubeVersion: '1.32.0'}

/** A one-template chart `c` in a fresh directory. */
function chart(template: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-renderer-'))
  mkdirSync(path.join(dir, 'templates'))
  writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n')
  writeFileSync(path.join(dir, 'templates/t.yaml'), template)
  return dir
}

const render = async (dir: string, values: Tree = {}, opts = OPTS) =>
  (await defaultChartRenderer(dir, values, opts)).get('c/templates/t.yaml')

describe('manifest default chart renderer', () => {
  beforeEach(forgetKnownDocuments)

  it('hands the chart the release name, namespace and Kubernetes version, as a version or a cluster’s', async () => {
    const dir = chart(
      '{{ .Release.Name }} {{ .Release.Namespace }} {{ .Capabilities.KubeVersion.Version }} ' +
        '{{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }} {{ .Release.Revision }}',
    )
    expect(await render(dir)).to.equal('istio istio-system v1.32.0 1.32 0')
    // --cluster-specific: the server's version document, as is (a provider's suffixes included)
    const gke = {gitVersion: 'v1.29.3-gke.1', major: '1', minor: '29+'}
    expect(await render(dir, {}, {...OPTS, namespace: 'ns', kubeVersion: gke} as never)).to.equal(
      'istio ns v1.29.3-gke.1 1.29+ 0',
    )
  })

  it('its fromYaml and toYaml give what the engine’s own functions give, errors included', async () => {
    const inputs = [
      '',
      'a: 1',
      '- a',
      'a: [',
      '~',
      'x',
      '{a: {b: [1, 2.5, null]}}',
      'a: 1\n---\nb: 2',
      'a: !!binary aGk=',
    ]
    const objects: Json[] = [{a: [1, {b: null}], c: 'x'}, {kind: 'K', 'a b': true}, [], 'text']
    const dir = chart(
      '{{ range .Values.inputs }}{{ fromYaml . | toJson }}\n{{ end }}' +
        '{{ range .Values.objects }}{{ toYaml . }}\n{{ end }}',
    )
    const values = {inputs, objects}
    const engine = renderChart(dir, values, {releaseName: 'istio', namespace: 'istio-system'})
    const ours = await render(dir, values)
    expect(ours).to.equal(engine.get('c/templates/t.yaml'))
    // Helm's fromYaml reads into a map: a list is an error, reported in the map, not a list
    expect(ours!.split('\n')[2]).to.match(/^\{"Error":".*cannot unmarshal array/)
    expect(ours!.split('\n')[0]).to.equal('{}')
  })

  it('remembers the whole objects its toYaml writes, so the rendered document need not be read again', async () => {
    const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'remembered'}, data: {k: 'v'}}
    const out = await render(chart('{{ toYaml .Values.cm }}'), {cm})
    expect(knownDocument(out!)).to.deep.equal(cm)
  })

  it('trusts the CRD text of meshctl’s own base chart only, not of a copy elsewhere', async () => {
    const crdOf = (out: Map<string, string>) => out.get('base/templates/crds.yaml')!.split('\n---\n')[1]!
    const own = crdOf(await defaultChartRenderer(path.join(MANIFESTS, 'charts/base'), {}, OPTS))
    const known = knownDocument(own)
    expect(known?.kind).to.equal('CustomResourceDefinition')
    expect(known?.spec).to.have.property('group')

    forgetKnownDocuments()
    const copy = mkdtempSync(path.join(os.tmpdir(), 'meshctl-base-'))
    cpSync(path.join(MANIFESTS, 'charts/base'), copy, {recursive: true})
    const copied = crdOf(await defaultChartRenderer(copy, {}, OPTS))
    expect(copied).to.equal(own)
    expect(knownDocument(copied)).to.equal(undefined)
  })

  it('a template error is bad input (exit 65) naming the chart; the loader’s errors pass through as they are', async () => {
    const dir = chart('{{ fail "boom" }}')
    const err = await Promise.resolve()
      .then(() => render(dir))
      .catch((e: unknown) => e)
    expect(err).to.be.instanceOf(MeshctlError)
    expect((err as MeshctlError).exitCode).to.equal(65)
    expect((err as Error).message).to.match(new RegExp(`^render chart ${dir}: .*boom`))

    const missing = path.join(dir, 'no-such-chart')
    const other = await Promise.resolve()
      .then(() => render(missing))
      .catch((e: unknown) => e)
    expect((other as Error).message).to.equal(`${missing}: not a chart directory`)
  })
})
