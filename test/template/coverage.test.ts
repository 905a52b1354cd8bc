/**
 * Engine paths no Go-oracle row can reach: values only JavaScript callers can hand in (functions in the
 * data, custom functions, map[string]string marks, a parsed KubeVersion) and exported helpers' own options.
 */
import {expect} from 'chai'
import {formatFloat} from '../../src/lib/template/fmt.js'
import {
  Int64,
  KubeVersion,
  TemplateError,
  TemplateSet,
  coalesceValues,
  goFunc,
  goStruct,
  goYamlMarshal,
  goYamlParseAll,
  loadChartFiles,
  renderChart,
  renderTemplate,
  sprigFuncs,
  stringMap,
  templateInputError,
  validateChartValues,
} from '../../src/lib/template/index.js'

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).to.be.instanceOf(TemplateError)
    return (e as Error).message
  }
  throw new Error('expected a TemplateError')
}

const chart = (files: [string, string][]) =>
  loadChartFiles(
    [['Chart.yaml', 'apiVersion: v2\nname: top\nversion: 1.0.0\n'] as [string, string], ...files].map(
      ([name, data]) => ({name, data: Buffer.from(data)}),
    ),
  )

describe('template engine: values from JavaScript callers', () => {
  const f = (n: bigint): bigint => n + 1n

  it('calls a function from the data with call, and refuses to print it (as Go does with a func)', () => {
    expect(renderTemplate('{{ call .f 2 }}', {f})).to.equal('3')
    expect(errorOf(() => renderTemplate('{{ .f }}', {f}))).to.equal(
      'template: template:1:3: executing "template" at <{{.f}}>: can\'t print {{.f}} of type func',
    )
  })

  it('treats a function as a non-empty func value in conditions, Sprig and printf', () => {
    const out = renderTemplate(
      '{{ if .f }}t{{ end }} {{ kindOf .f }} {{ empty .f }} {{ typeOf .f }} {{ printf "%v" .f }}',
      {f},
      {funcs: sprigFuncs()},
    )
    // Go prints a func's address; the engine has none and prints a null one
    expect(out).to.equal('t func false func 0x0')
  })

  it('reads a map marked as map[string]string: a missing key is "" and %T names the type', () => {
    const labels = stringMap({app: 'web'})
    expect(
      renderTemplate('[{{ index .l "app" }}][{{ index .l "x" }}] {{ printf "%T" .l }}', {l: labels}),
    ).to.equal('[web][] map[string]string')
    expect(renderTemplate('[{{ index .l "x" }}]', {l: {app: 'web'}})).to.equal('[<no value>]')
  })
})

describe('template engine: JavaScript values with no Go counterpart', () => {
  const opts = {funcs: sprigFuncs()}

  it('reads undefined inside data as nil', () => {
    const data = {l: [undefined, 1n], m: {a: undefined, b: 'x'}}
    expect(renderTemplate('{{ toJson .l }} {{ toJson .m }}', data, opts)).to.equal(
      '[null,1] {"a":null,"b":"x"}',
    )
    expect(goYamlMarshal(data.l)).to.equal('- null\n- 1\n')
    expect(renderTemplate('{{ merge (dict "a" "d") .m | toJson }}', data, opts)).to.equal('{"a":"d","b":"x"}')
  })

  it("treats another object (a Map, a Date) as a non-empty value of its constructor's type", () => {
    const data = {d: new Map([['k', 'v']])}
    expect(
      renderTemplate('{{ if .d }}t{{ end }} {{ empty .d }} {{ printf "%T" .d }} {{ toJson .d }}', data, opts),
    ).to.equal('t false Map {}')
    expect(goYamlMarshal(data.d)).to.equal('{}\n')
  })
})

describe('template engine: custom functions', () => {
  it('reports an Error or any other thrown value as "error calling NAME"', () => {
    const funcs = {
      boom: goFunc([], () => {
        throw new TypeError('bad thing')
      }),
      raw: goFunc([], () => {
        throw 'plain string'
      }),
    }
    expect(errorOf(() => renderTemplate('{{ boom }}', {}, {funcs}))).to.equal(
      'template: template:1:3: executing "template" at <boom>: error calling boom: bad thing',
    )
    expect(errorOf(() => renderTemplate('{{ raw }}', {}, {funcs}))).to.equal(
      'template: template:1:3: executing "template" at <raw>: error calling raw: plain string',
    )
  })

  it('fails at execution when a function parsed with is gone from the set', () => {
    const set = new TemplateSet({funcs: {hi: goFunc([], () => 'hi')}})
    set.parse('t', '{{ hi }}')
    set.parse('u', '{{ hi }}')
    expect(set.execute('t', {})).to.equal('hi')
    // functions are looked up when a template first runs (Go's findFunction); u has not run yet
    delete set.funcs.hi
    expect(errorOf(() => set.execute('u', {}))).to.equal(
      'template: u:1:3: executing "u" at <hi>: "hi" is not a defined function',
    )
  })

  it("checks a 'slice' parameter as []interface {}, for arguments and a piped value", () => {
    const funcs = {count: goFunc(['slice'], (l: unknown[] | null) => BigInt(l?.length ?? -1))}
    expect(
      renderTemplate('{{ count .l }} {{ .l | count }} {{ .z | count }}', {l: [1, 2], z: null}, {funcs}),
    ).to.equal('2 2 -1')
    expect(errorOf(() => renderTemplate('{{ "x" | count }}', {}, {funcs}))).to.equal(
      'template: template:1:9: executing "template" at <count>: wrong type for value; expected []interface {}; got string',
    )
  })
})

describe('template engine: exported helpers', () => {
  // expected values printed by Go's strconv.FormatFloat and fmt.Printf
  it('formatFloat with precision -1 gives the shortest digits for f and e, like strconv.FormatFloat', () => {
    expect(formatFloat(1234.5678, 'f', -1)).to.equal('1234.5678')
    expect(formatFloat(1e21, 'f', -1)).to.equal('1000000000000000000000')
    expect(formatFloat(0.000001, 'f', -1)).to.equal('0.000001')
    expect(formatFloat(-0.5, 'f', -1)).to.equal('-0.5')
    expect(formatFloat(1.5e-7, 'e', -1)).to.equal('1.5e-07')
    expect(formatFloat(100, 'e', -1)).to.equal('1e+02')
    expect(formatFloat(100, 'E', -1)).to.equal('1E+02')
  })

  it('validateChartValues names a subchart value that is no map with its Go type, like Helm', () => {
    const c = chart([
      ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
      ['charts/sub/templates/s.yaml', 's'],
    ])
    expect(validateChartValues(c, {sub: 'x'})).to.equal(
      'sub:\ninvalid type for values: expected object (map), got string\n',
    )
    expect(validateChartValues(c, {sub: 1.5})).to.equal(
      'sub:\ninvalid type for values: expected object (map), got float64\n',
    )
    expect(validateChartValues(c, {sub: null})).to.equal('')
    expect(validateChartValues(c, {})).to.equal('')
  })

  it('coalesceValues takes null user values as none', () => {
    const c = chart([['values.yaml', 'a: 1\nb: {c: 2}\n']])
    expect(coalesceValues(c, null as unknown as Record<string, unknown>)).to.deep.equal({a: 1, b: {c: 2}})
  })

  it('renderChart takes a parsed KubeVersion as well as a string', () => {
    const c = chart([
      ['templates/t.yaml', '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Minor }}'],
    ])
    const out = renderChart(c, {}, {kubeVersion: KubeVersion.parse('v1.29.3')})
    expect(out.get('top/templates/t.yaml')).to.equal('v1.29.3 29')
  })

  it('loadChartFiles reads an int64 from a custom YAML parser as its decimal string', () => {
    const c = loadChartFiles([{name: 'Chart.yaml', data: Buffer.from('')}], {
      parseYaml: () => ({apiVersion: 'v2', name: 'd', version: '1.0.0', appVersion: new Int64(2n)}),
    })
    expect(c.metadata.AppVersion).to.equal('2')
  })

  it('goYamlParseAll reads every document of a stream', () => {
    expect(goYamlParseAll('a: 1\n---\n- x\n---\n')).to.deep.equal([{a: 1}, ['x'], null])
  })

  it('prints a goStruct field by field, with names for %+v, as fmt prints a Go struct', () => {
    const data = {v: goStruct('main.T', {A: 1n, B: 'x'})}
    expect(renderTemplate('{{ printf "%v|%+v|%T|%+d" .v .v .v .v }}', data)).to.equal(
      '{1 x}|{A:1 B:x}|main.T|{+1 %!d(string=x)}',
    )
  })

  it('refuses complex constants, which Go prints and meshctl does not support', () => {
    expect(errorOf(() => renderTemplate('{{ 1i }}', {}))).to.equal(
      'template: template:1:3: executing "template" at <1i>: complex constants are not supported: 1i',
    )
    expect(errorOf(() => renderTemplate('{{ 1+2i }}', {}))).to.match(
      /complex constants are not supported: 1\+2i$/,
    )
  })

  it('templateInputError names the file alone when the error has no line (values.schema.json)', () => {
    const e = new TemplateError("values don't meet the specifications", 'values.schema.json', 0, 0, 'exec')
    expect(templateInputError(e).message).to.equal("values.schema.json: values don't meet the specifications")
    const at = new TemplateError('template: t:2:3: boom', 't', 2, 3, 'exec')
    expect(templateInputError(at).message).to.equal('t:2:3: template: t:2:3: boom')
  })

  it("fromYamlArray returns a YAML syntax error as its one element, on Go's line", () => {
    // the line matches go-yaml's; the rest of the message is the yaml package's wording, not go-yaml's
    const c = chart([
      ['templates/t.yaml', '{{ fromYamlArray "[a" | len }} {{ index (fromYamlArray "[a") 0 }}'],
    ])
    expect(renderChart(c).get('top/templates/t.yaml')).to.match(
      /^1 error converting YAML to JSON: yaml: line 1: /,
    )
  })
})
