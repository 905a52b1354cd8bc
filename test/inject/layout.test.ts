/**
 * kube-inject lays out the maps and sequences it adds itself (src/lib/yaml/block.ts) instead of building
 * yaml nodes for them: much faster, and it must print exactly what yaml prints. Checked here against yaml
 * itself: the layout alone on generated and real values, and whole documents (Istio's injection inputs and
 * awkward ones of ours) injected both ways.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import fc from 'fast-check'
import {parseAllDocuments, stringify} from 'yaml'
import {blockItem, blockValue, indent, isBlockValue, Unsupported} from '../../src/lib/yaml/block.js'
import {renderInjectionConfig, settingsFrom, type InjectSettings} from '../../src/lib/inject/index.js'
import {injectStream} from '../../src/lib/inject/stream.js'
import {ISTIO_INJECT_DIR} from './istio-cases.js'

/** yaml's text for `v` as a map value and as a sequence item, and the layout's. */
function both(v: unknown, indentSeq: boolean) {
  const opts = {indentSeq, lineWidth: 0}
  return {
    value: {yaml: stringify({k: v}, opts), ours: `k:${blockValue(v, indentSeq)}\n`},
    item: {yaml: stringify([v], opts), ours: `- ${blockItem(v, indentSeq)}\n`},
  }
}

function expectSame(v: unknown): void {
  for (const indentSeq of [true, false]) {
    const b = both(v, indentSeq)
    expect(b.value.ours, `value, indentSeq ${indentSeq}`).to.equal(b.value.yaml)
    expect(b.item.ours, `item, indentSeq ${indentSeq}`).to.equal(b.item.yaml)
  }
}

const AWKWARD_STRINGS = [
  '',
  ' ',
  'true',
  'null',
  '~',
  '0x1F',
  '1e3',
  '15001',
  '- a',
  'a: b',
  '#x',
  'a #b',
  '*',
  '&a',
  '!tag',
  '"quoted"',
  "it's",
  '{}',
  '[]',
  'line one\nline two',
  'trailing\n',
  '  leading spaces\nsecond',
  'blank\n\nlines\n',
  'tab\there',
  'é ünïcödé',
  '\u0007bell',
  'x'.repeat(300),
]

describe('kube-inject: laying out new YAML (src/lib/yaml/block.ts)', () => {
  it('prints what yaml prints for generated JSON values, as a map value and as an item', () => {
    fc.assert(
      fc.property(fc.jsonValue({maxDepth: 5}), (v) => {
        if (isBlockValue(v)) expectSame(v)
      }),
      {numRuns: 300},
    )
  })

  it('prints strings made of the characters it may leave as they are exactly as yaml does (typed-looking ones too)', () => {
    const chars = [
      ...'aZ09_/$().=+@,:-',
      ' ',
      '#',
      "'",
      '"',
      'x',
      '1',
      'e',
      '.',
      'n',
      'u',
      'l',
      't',
      'r',
      'f',
    ]
    const looks = [
      '1',
      '0x1F',
      '0o17',
      '1e3',
      '.5',
      '-1',
      'true',
      'True',
      'null',
      'NULL',
      '.inf',
      '.NaN',
      '~',
      'a:',
    ]
    fc.assert(
      fc.property(
        fc.oneof(fc.string({unit: fc.constantFrom(...chars), maxLength: 12}), fc.constantFrom(...looks)),
        (s) => expectSame({k: s, l: [s]}),
      ),
      {numRuns: 2000},
    )
  })

  it('prints awkward strings, numbers, booleans, null and empty collections as yaml does, as values, items and keys', () => {
    const scalars = (): unknown[] => [...AWKWARD_STRINGS, -0, 0, -1, 1.5, 1e21, true, false, null, {}, []]
    const keyed = () => Object.fromEntries(AWKWARD_STRINGS.map((s, i) => [s, i]))
    expectSame({
      s: scalars(),
      nested: {deeper: [scalars(), {k: keyed()}], list: [[1, [2, []]], [{}]]},
      k: keyed(),
    })
  })

  it('prints every object of Istio’s injection golden outputs as yaml does', function () {
    if (!existsSync(ISTIO_INJECT_DIR)) return this.skip()
    let objects = 0
    for (const f of readdirSync(ISTIO_INJECT_DIR).filter((n) => n.endsWith('.injected'))) {
      for (const d of parseAllDocuments(readFileSync(join(ISTIO_INJECT_DIR, f), 'utf8'))) {
        const v = d.toJS() as unknown
        if (!isBlockValue(v)) continue
        objects++
        expectSame(v)
      }
    }
    expect(objects).to.be.greaterThan(100)
  })

  it('refuses what yaml prints another way: an object met twice (an alias), undefined items, bigints, keep-chomped strings, long keys', () => {
    const shared = {a: 1}
    const refused: unknown[] = [
      {x: shared, y: shared},
      [undefined],
      {n: 1n},
      {s: 'kept\n\n'},
      {['k'.repeat(2000)]: 1},
      {when: new Date(0)},
    ]
    for (const v of refused) {
      expect(
        () => blockValue(v, true),
        JSON.stringify(v, (_k, x: unknown) => String(x)),
      ).to.throw(Unsupported)
      expect(() => blockItem(v, true)).to.throw(Unsupported)
    }
    // undefined map values are left out, as yaml leaves them out
    expectSame({a: undefined, b: 1})
    expect(isBlockValue({a: undefined})).to.equal(false)
  })

  it('indents continuation lines, never blank ones (yaml leaves blank lines of block scalars empty)', () => {
    expect(indent('|\n  a\n\n  b', 4)).to.equal('|\n      a\n\n      b')
    expect(indent('one line', 4)).to.equal('one line')
    expect(indent('a\nb', 0)).to.equal('a\nb')
  })
})

describe('kube-inject: laid-out documents equal yaml’s', function () {
  let settings: InjectSettings
  before(async function () {
    settings = settingsFrom(await renderInjectionConfig({}), {nativeSidecars: true})
  })

  /**
   * The text injected with the fast reader and the layout, and with yaml's parser and nodes only; both
   * must agree.
   */
  function injectBothWays(text: string, flat?: boolean): {ours: string; yaml: string; injected: number} {
    const opts = {warn: () => {}, reinject: true, ...(flat === undefined ? {} : {flatSequences: flat})}
    const ours = injectStream(settings, text, 'in.yaml', opts)
    const yaml = injectStream(settings, text, 'in.yaml', {...opts, layout: false, fastRead: false})
    return {ours: ours.text, yaml: yaml.text, injected: ours.injected}
  }

  const POD = (spec: string, meta = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop${meta}\nspec:\n${spec}`
  const CASES: Record<string, string> = {
    'block style, comments everywhere': POD(
      `  # the app\n  containers:\n  - name: app # main\n    image: app:1\n    ports:\n    - containerPort: 8080 # http\n`,
      '\n  labels:\n    app: p # label',
    ),
    'flow-style spec (new values stay flow)': POD(`  {containers: [{name: app, image: 'app:1'}]}\n`),
    'flow-style containers and labels': POD(
      `  containers: [{name: app, image: app:1, ports: [{containerPort: 80}]}]\n`,
      '\n  labels: {app: p}',
    ),
    'flat sequences': POD(`  containers:\n  - name: app\n    image: app:1\n    args:\n    - a\n`),
    'volumes: null with a comment, replaced': POD(
      `  volumes: # none yet\n  containers:\n    - name: app\n      image: app:1\n`,
    ),
    'existing initContainers and volumes': POD(
      `  initContainers:\n    - name: setup\n      image: busybox\n  volumes:\n    - name: data\n      emptyDir: {}\n  containers:\n    - name: app\n      image: app:1\n`,
    ),
    'tags in the document': POD(`  containers:\n    - name: !!str app\n      image: app:1\n`),
    'a YAML 1.1 directive': `%YAML 1.1\n---\n${POD(`  containers:\n    - name: app\n      image: app:1\n`)}`,
    'the placeholder text in the input (the layout steps aside)': POD(
      `  containers:\n    - name: app # __meshctl_fresh_0__\n      image: app:1\n`,
    ),
    'a Deployment in a List': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec:\n    selector: {matchLabels: {app: d}}\n    template:\n      metadata: {labels: {app: d}}\n      spec:\n        containers: [{name: app, image: 'app:1'}]\n`,
    'a stream: fast-read documents between ones with comments, blank lines and a comment before a marker': [
      POD(`  containers:\n  - name: app\n    image: app:1\n`, '\n  labels: {app: p}'),
      `# a Service, untouched\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n# about the next one\n`,
      POD(`  containers: [{name: app, image: "app:2"}]\n`),
      `\n${POD(`  containers:\n  - name: app\n\n    image: app:3\n`)}\n`,
      POD(
        `  containers:\n  - {name: app, image: 'app:4', ports: [{containerPort: 80}]}\n`,
        '\n  annotations:\n    a: "true"',
      ),
    ].join('---\n'),
    'a probe rewritten (tcpSocket replaced by httpGet)': POD(
      `  containers:\n    - name: app\n      image: app:1\n      livenessProbe:\n        tcpSocket: {port: 8080}\n      readinessProbe:\n        httpGet:\n          port: 8080\n`,
    ),
  }
  for (const [name, text] of Object.entries(CASES))
    it(name, () => {
      for (const flat of [undefined, true, false]) {
        const r = injectBothWays(text, flat)
        expect(r.injected, 'injected').to.be.greaterThan(0)
        expect(r.ours, `flatSequences ${flat}`).to.equal(r.yaml)
      }
    })

  it('names the same line for broken YAML after documents read fast', () => {
    const ok = POD(`  containers:\n  - name: app\n    image: app:1\n`)
    for (const broken of ['a: [1, 2\n', 'a: 1\n b: 2\n', '- a\nb: c\n']) {
      const text = [ok, ok, `# third\n${broken}`, ok].join('---\n')
      const err = (fastRead: boolean) => {
        try {
          injectStream(settings, text, 'in.yaml', {warn: () => {}, fastRead})
        } catch (e) {
          return (e as Error).message
        }
        return 'no error'
      }
      expect(err(true), broken).to.match(/^in\.yaml:2[2-4]: /)
      expect(err(true), broken).to.equal(err(false))
    }
  })

  it('every input of Istio’s injection set', function () {
    if (!existsSync(ISTIO_INJECT_DIR)) return this.skip()
    let injected = 0
    for (const f of readdirSync(ISTIO_INJECT_DIR).filter((n) => /\.ya?ml$/.test(n))) {
      const text = readFileSync(join(ISTIO_INJECT_DIR, f), 'utf8')
      let r
      try {
        r = injectBothWays(text)
      } catch {
        continue // inputs the injector refuses (Istio's error cases) print nothing either way
      }
      injected += r.injected
      expect(r.ours, f).to.equal(r.yaml)
    }
    expect(injected).to.be.greaterThan(80)
  })
})
