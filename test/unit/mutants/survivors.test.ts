/**
 * Issue #17: eight bugs, each put into the code on purpose, that the suite let through. Each test below fails
 * on its bug (named in the test title) and passes on the correct code.
 */
import {expect} from 'chai'
import {conflictingGatewayAnalyzer} from '../../../src/lib/analyze/analyzers/gateway/conflicting-gateway.js'
import type {Finding} from '../../../src/lib/analyze/finding.js'
import {globRegExp} from '../../../src/lib/analyze/glob.js'
import {renderFindings} from '../../../src/lib/analyze/output.js'
import {validateObject} from '../../../src/lib/api/validate.js'
import {mapKubeError} from '../../../src/lib/kube/errors.js'
import {strategicMergePatch} from '../../../src/lib/kube/strategic-merge.js'
import {setSpecPaths, type Tree} from '../../../src/lib/manifest/values.js'
import {loadChartFiles, renderChart} from '../../../src/lib/template/index.js'
import {pairsOf} from '../../analyze/helpers.js'

describe('mutation survivors of issue #17', () => {
  it('manifest/values setRecurse: --set under an explicit null is dropped, never thrown (null branch removed)', () => {
    const t: Tree = {spec: {values: {pilot: null}}}
    expect(() => setSpecPaths(t, ['values.pilot.autoscaleMin=2'])).to.not.throw()
    // istioctl keeps the null and the write goes nowhere
    expect(t).to.deep.equal({spec: {values: {pilot: null}}})
  })

  it('kube/strategic-merge: volumeMounts merge by mountPath (merge key changed to name)', () => {
    const pod = {
      spec: {
        containers: [
          {
            name: 'app',
            volumeMounts: [
              {name: 'data', mountPath: '/a'},
              {name: 'data', mountPath: '/b'},
            ],
          },
        ],
      },
    }
    const patch = {
      spec: {containers: [{name: 'app', volumeMounts: [{name: 'data', mountPath: '/b', readOnly: true}]}]},
    }
    const out = strategicMergePatch(pod, patch, 'Pod') as typeof pod
    expect(out.spec.containers[0]!.volumeMounts).to.deep.equal([
      {name: 'data', mountPath: '/a'},
      {name: 'data', mountPath: '/b', readOnly: true},
    ])
  })

  it('kube/errors mapKubeError: 429 and 5xx name the status and the server (429 suffix dropped)', () => {
    for (const code of [429, 500, 503]) {
      const e = mapKubeError({code, body: {message: 'slow down'}}, 'https://k:6443', 'list Pod')
      expect(e.message).to.equal(`list Pod: slow down (HTTP ${code} from https://k:6443)`)
    }
    expect(mapKubeError({code: 409, body: {message: 'conflict'}}, 'https://k:6443').message).to.equal(
      'conflict',
    )
  })

  it('analyze/glob: patterns are anchored (IST01 must not match IST0101; anchors removed)', () => {
    expect(globRegExp('IST01').test('IST0101')).to.equal(false)
    expect(globRegExp('IST01*').test('IST0101')).to.equal(true)
    expect(globRegExp('virtualservice.*').test('xvirtualservice.Gateway')).to.equal(false)
    expect(globRegExp('*.GatewayAnalyzer').test('virtualservice.GatewayAnalyzerX')).to.equal(false)
  })

  it('gateway/conflicting-gateway: gateways on different bind addresses do not conflict (bind check removed)', () => {
    const gw = (name: string, bind: string) => `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["shop.example.com"], bind: ${bind}}]
`
    const pod = `---
apiVersion: v1
kind: Pod
metadata: {name: ingress-1, namespace: istio-system, labels: {istio: ingressgateway}}
spec: {containers: [{name: istio-proxy, image: proxyv2}]}
`
    expect(
      pairsOf(conflictingGatewayAnalyzer, pod + gw('a', '10.0.0.1') + gw('b', '10.0.0.2')),
    ).to.deep.equal([])
    expect(
      pairsOf(conflictingGatewayAnalyzer, pod + gw('a', '10.0.0.1') + gw('b', '10.0.0.1')),
    ).to.deep.equal(['IST0145 Gateway edge/a', 'IST0145 Gateway edge/b'])
  })

  it('analyze/output sarif: each result ruleIndex points at its own rule (wrong index)', () => {
    const f = (code: string): Finding => ({code, name: code, level: 'Error', message: `m ${code}`}) as Finding
    const sarif = JSON.parse(renderFindings([f('IST0132'), f('IST0101'), f('IST0132')], 'sarif')) as {
      runs: {tool: {driver: {rules: {id: string}[]}}; results: {ruleId: string; ruleIndex: number}[]}[]
    }
    const run = sarif.runs[0]!
    expect(run.results).to.have.length(3)
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).to.equal(r.ruleId)
  })

  it('template/helm tpl: a missing value renders empty inside tpl, before other functions see it (<no value> kept)', () => {
    const files: [string, string][] = [
      ['Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n'],
      ['templates/t.yaml', 'n: {{ tpl "{{ .Values.nothere }}" . | len }}\n'],
    ]
    const chart = loadChartFiles(files.map(([name, data]) => ({name, data: Buffer.from(data)})))
    expect(renderChart(chart, {}).get('c/templates/t.yaml')).to.equal('n: 0\n')
  })

  it('api/rules/virtualservice: TCP route weights are checked (TCP weights unchecked)', () => {
    const vs = (tcp: unknown) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {name: 'v', namespace: 'default'},
      spec: {hosts: ['a'], tcp},
    })
    const route = (w: number) => ({destination: {host: 'a'}, weight: w})
    const bad = validateObject(vs([{route: [route(-1), route(101)]}]))
    expect(bad.errors.map((e) => e.message)).to.include('weight -1 < 0')
    const zero = validateObject(vs([{route: [route(0), route(0)]}]))
    expect(zero.errors.map((e) => e.message)).to.include('total destination weight = 0')
  })
})
