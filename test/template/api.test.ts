/** The engine's public API: error locations, options, extra functions, chart loading, expectations sync. */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {DEFAULT_API_VERSIONS} from '../../src/lib/template/api-versions.js'
import {
  FuncError,
  TemplateError,
  compileChart,
  goFunc,
  goStruct,
  goYamlMarshal,
  loadChartDir,
  loadChartFiles,
  parseTemplates,
  renderChart,
  renderTemplate,
  sprigFuncs,
  templateInputError,
} from '../../src/lib/template/index.js'
import {chartCases, tmplCases} from './cases/index.js'
import {EXPECTED_FILE} from './expectations.js'
import {requireGoOracle} from '../helpers/go-oracles.js'
import {runOracle} from './oracle.js'

function catchError(fn: () => unknown): TemplateError {
  try {
    fn()
  } catch (e) {
    if (e instanceof TemplateError) return e
    throw e
  }
  throw new Error('expected a TemplateError')
}

describe('template API', () => {
  describe('errors name file, line and column', () => {
    it('parse errors carry the file and line', () => {
      const e = catchError(() => parseTemplates({'deploy.yaml': 'a: 1\nb: {{ .x | | }}\n'}))
      expect(e.message).to.equal('template: deploy.yaml:2: unexpected "|" in command')
      expect([e.file, e.line, e.phase]).to.deep.equal(['deploy.yaml', 2, 'parse'])
    })

    it('execution errors carry file, line and Go byte column', () => {
      const set = parseTemplates({'svc.yaml': 'ports:\n  - {{ index .ports 3 }}'})
      const e = catchError(() => set.execute('svc.yaml', {ports: []}))
      // Go's column is the 0-based byte offset of the node in its line
      expect([e.file, e.line, e.col, e.phase]).to.deep.equal(['svc.yaml', 2, 7, 'exec'])
      expect(e.message).to.equal(
        'template: svc.yaml:2:7: executing "svc.yaml" at <index .ports 3>: error calling index: index out of range: 3',
      )
    })

    it('an error inside an included template points at the innermost location', () => {
      const files: [string, string][] = [
        ['Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n'],
        ['templates/_h.tpl', '{{ define "h" }}\n\n  {{ .Values.a.b.c }}{{ end }}'],
        ['templates/t.yaml', 'x: {{ include "h" . }}'],
      ]
      const chart = loadChartFiles(files.map(([name, data]) => ({name, data: Buffer.from(data)})))
      const e = catchError(() => renderChart(chart, {a: {b: null}}))
      // Go positions a field chain at its second element (`.a` here)
      expect([e.file, e.line, e.col, e.phase]).to.deep.equal(['c/templates/_h.tpl', 3, 12, 'exec'])
      expect(e.message).to.contain('error calling include')
      const cli = templateInputError(e)
      expect(cli.exitCode).to.equal(65)
      expect(cli.message).to.match(/^c\/templates\/_h\.tpl:3:12: template: c\/templates\/t\.yaml:1:6:/)
    })

    it('an error outside any line is reported with the template name alone', () => {
      const e = catchError(() => parseTemplates([['a', 'x']]).execute('c', {}))
      expect([e.file, e.line, e.col, e.phase]).to.deep.equal(['c', 0, 0, 'exec'])
      expect(templateInputError(e).message).to.equal(
        'c: template: no template "c" associated with template "a"',
      )
    })

    it('errors are named after their class', () => {
      expect(String(catchError(() => parseTemplates({t: '{{ end }}'})))).to.equal(
        'TemplateError: template: t:1: unexpected {{end}}',
      )
      expect(String(new FuncError('bad argument'))).to.equal('FuncError: bad argument')
    })

    it('renderTemplate names its one template "template"', () => {
      const e = catchError(() => renderTemplate('\n{{ .a.b }}', {a: 1}))
      expect([e.file, e.line]).to.deep.equal(['template', 2])
      expect(e.message).to.match(/^template: template:2:/)
      expect(renderTemplate('{{ template "x" }}{{ define "x" }}X{{ end }}', {})).to.equal('X')
    })

    it('runaway include recursion is an error, not a crash', () => {
      const set = parseTemplates({t: '{{ define "l" }}{{ template "l" . }}{{ end }}{{ template "l" . }}'})
      const e = catchError(() => set.execute('t', {}))
      expect(e).to.be.instanceOf(TemplateError)
    })
  })

  it('a clone with other functions runs them, though it shares the compiled trees', () => {
    const set = parseTemplates({t: '{{ f }}'}, {funcs: {f: goFunc([], () => 'A')}})
    expect(set.execute('t', {})).to.equal('A')
    const clone = set.clone({f: goFunc([], () => 'B')})
    expect(clone.execute('t', {})).to.equal('B')
    expect(set.execute('t', {})).to.equal('A')
  })

  it('a []interface{} parameter takes a list, and nil or a missing value as a nil slice, as Go does', () => {
    const funcs = {
      ...sprigFuncs(),
      n: goFunc(['slice'], (l: unknown[] | null) => (l === null ? 'nil' : l.length)),
    }
    expect(
      renderTemplate('{{ n (list 1 2) }}|{{ n nil }}|{{ n .missing }}|{{ .missing | n }}', {}, {funcs}),
    ).to.equal('2|nil|nil|nil')
    expect(catchError(() => renderTemplate('{{ n "x" }}', {}, {funcs})).message).to.contain(
      'can\'t handle "x" for arg of type []interface {}',
    )
    expect(catchError(() => renderTemplate('{{ n .s }}', {s: 'x'}, {funcs})).message).to.contain(
      'wrong type for value; expected []interface {}; got string',
    )
  })

  it('a struct field holding a function cannot be printed', () => {
    const data = goStruct('main.T', {F: () => 1, G: 'g'})
    expect(renderTemplate('{{ .G }}', data)).to.equal('g')
    expect(catchError(() => renderTemplate('{{ .F }}', data)).message).to.equal(
      // Go names the field's func type (`func() int`); a JavaScript function has none
      'template: template:1:3: executing "template" at <{{.F}}>: can\'t print {{.F}} of type func',
    )
  })

  it('parses once and executes many times with different data and options', () => {
    const set = parseTemplates([
      ['main', '{{ template "greet" . }}|{{ .missing }}'],
      ['greet', 'hello {{ .name }}'],
    ])
    expect(set.execute('main', {name: 'a'})).to.equal('hello a|<no value>')
    expect(set.execute('main', {name: 'b'})).to.equal('hello b|<no value>')
    expect(catchError(() => set.execute('main', {name: 'c'}, {missingKey: 'error'})).message).to.contain(
      'map has no entry for key "missing"',
    )
    expect(set.names().sort()).to.deep.equal(['greet', 'main'])
  })

  it('takes extra functions with Go argument checking (as kube-inject adds istiod functions)', () => {
    const funcs = {
      ...sprigFuncs(),
      annotation: goFunc(
        ['any', 'string', 'any'],
        (meta: Record<string, unknown>, name: string, def: unknown) => {
          const ann = (meta?.annotations ?? {}) as Record<string, unknown>
          return ann[name] ?? def
        },
      ),
    }
    const text = '{{ annotation .ObjectMeta "sidecar.istio.io/proxyCPU" "100m" }}'
    const data = {ObjectMeta: {annotations: {'sidecar.istio.io/proxyCPU': '200m'}}}
    expect(renderTemplate(text, data, {funcs})).to.equal('200m')
    expect(renderTemplate(text, {ObjectMeta: {}}, {funcs})).to.equal('100m')
    const e = catchError(() => renderTemplate('{{ annotation . 5 "x" }}', {}, {funcs}))
    expect(e.message).to.contain('expected string; found 5')
    expect(catchError(() => renderTemplate('{{ notAFunc 1 }}', {})).message).to.contain(
      'function "notAFunc" not defined',
    )
  })

  it('goStruct values read and print as Go structs: a missing field is an error, not <no value>', () => {
    const meta = goStruct('v1.ObjectMeta', {Name: 'a', Labels: {k: 'v'}})
    // %v prints the fields in order, %T the struct's type
    expect(renderTemplate('{{ .Name }}|{{ .Labels.k }}|{{ printf "%v %T" . . }}', meta)).to.equal(
      'a|v|{a map[k:v]} v1.ObjectMeta',
    )
    expect(catchError(() => renderTemplate('{{ .Missing }}', meta)).message).to.contain(
      "can't evaluate field Missing in type v1.ObjectMeta",
    )
    expect(renderTemplate('{{ .Missing }}', {Name: 'a'})).to.equal('<no value>')
  })

  describe('charts from a directory', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'meshctl-chart-'))
      mkdirSync(join(dir, 'templates'))
      mkdirSync(join(dir, 'charts/sub/templates'), {recursive: true})
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: top\nversion: 1.0.0\n')
      writeFileSync(join(dir, 'values.yaml'), 'replicas: 1\nlabels:\n  app: top\nsub:\n  greeting: hi\n')
      writeFileSync(
        join(dir, 'templates/a.yaml'),
        'replicas: {{ .Values.replicas }}\n{{ toYaml .Values.labels }}',
      )
      writeFileSync(join(dir, 'templates/NOTES.txt'), 'notes {{ .Release.Name }}')
      writeFileSync(join(dir, 'charts/sub/Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n')
      writeFileSync(join(dir, 'charts/sub/templates/s.yaml'), '{{ .Values.greeting }} from {{ .Chart.Name }}')
    })
    after(() => rmSync(dir, {recursive: true, force: true}))

    it('loads templates, values and subcharts and renders like Helm', () => {
      const chart = loadChartDir(dir)
      expect(chart.metadata.Name).to.equal('top')
      expect(chart.dependencies.map((d) => d.metadata.Name)).to.deep.equal(['sub'])
      const out = renderChart(dir, {replicas: 3}, {releaseName: 'r', namespace: 'ns'})
      expect(Object.fromEntries(out)).to.deep.equal({
        'top/templates/a.yaml': 'replicas: 3\napp: top',
        'top/charts/sub/templates/s.yaml': 'hi from sub',
      })
    })

    it('a compiled chart renders repeatedly without values leaking between renders', () => {
      const compiled = compileChart(dir)
      const a = compiled.render({labels: {team: 'x'}})
      const b = compiled.render({})
      expect(a.get('top/templates/a.yaml')).to.equal('replicas: 1\napp: top\nteam: x')
      expect(b.get('top/templates/a.yaml')).to.equal('replicas: 1\napp: top')
    })
  })

  it('reports unreadable charts as bad input (exit 65) with Helm wording', () => {
    const load = (files: [string, string][]): unknown =>
      loadChartFiles(files.map(([name, data]) => ({name, data: Buffer.from(data)})))
    const err = (fn: () => unknown): MeshctlError => {
      try {
        fn()
      } catch (e) {
        if (e instanceof MeshctlError) return e
        throw e
      }
      throw new Error('expected a MeshctlError')
    }
    const bad = err(() =>
      load([
        ['Chart.yaml', 'name: x\nversion: 1.0.0\n'],
        ['values.yaml', 'a: [1,\n'],
      ]),
    )
    expect(bad.exitCode).to.equal(65)
    expect(bad.message).to.match(/^cannot load values\.yaml: error converting YAML to JSON: yaml: line \d+:/)
    expect(err(() => load([['values.yaml', 'a: 1']])).message).to.equal('Chart.yaml file is missing')
    expect(err(() => loadChartDir('/nonexistent/chart')).message).to.equal(
      '/nonexistent/chart: not a chart directory',
    )
  })

  it('emits YAML as sigs.k8s.io/yaml does', () => {
    // YAML 1.1 words are quoted, sequences sit under their key, keys sort naturally (a2 before a10)
    expect(goYamlMarshal({b: [{x: 'yes', y: 1.5}], a10: {}, a2: 'on'})).to.equal(
      'a2: "on"\na10: {}\nb:\n- x: "yes"\n  "y": 1.5\n',
    )
  })

  it("default .Capabilities.APIVersions are Helm's", function () {
    const bin = requireGoOracle(this, 'gotmpl')
    const helm = JSON.parse(execFileSync(bin, ['-api-versions']).toString('utf8')) as string[]
    expect([...DEFAULT_API_VERSIONS]).to.deep.equal(helm)
  })

  it('committed expectations are exactly what the oracle produces', function () {
    this.timeout(600_000)
    const bin = requireGoOracle(this, 'gotmpl')
    const committed = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, unknown>
    const fresh = runOracle(bin, tmplCases, chartCases)
    expect(JSON.parse(JSON.stringify(fresh))).to.deep.equal(committed)
  })
})
