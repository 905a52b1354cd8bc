// `k8s.overlays` patches on a rendered object, table-driven: each case is one patch on istiod's Deployment
// (profile minimal), and what meshctl renders must be what istioctl 1.30.3 renders (checked against the binary
// when it is built; its results are cached by oracle.ts, keyed by the case file's text).
import {mkdirSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {marshalYaml, parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {applyOverlayPatch, OverlayError, overlayPath} from '../../src/lib/manifest/overlay.js'
import {getPath, isTree, type Tree} from '../../src/lib/manifest/values.js'
import {istioctlGenerate, oracleUnavailable} from './oracle.js'
import {generate} from './render-helpers.js'

const C0 = 'spec.template.spec.containers.[0]'
/** [name, path, value (YAML text of the patch's value), what meshctl warns (undefined: the patch applies)]. */
const CASES: Array<[string, string, string, string | undefined]> = [
  ['[key:value] selects a list element', `${C0}.env.[name:REVISION].value`, 'x', undefined],
  ['[N] selects by index', `${C0}.args.[1]`, 'x', undefined],
  ['[-1] appends', `${C0}.args.[-1]`, 'appended', undefined],
  ['an index past the end appends', `${C0}.args.[99]`, 'far', undefined],
  ['an index past the end, then [N]: a map with the key [N]', `${C0}.args.[99].[0]`, 'deep', undefined],
  ['[:regex] selects a leaf element', `${C0}.args.[:^--keep]`, '--keep=1', undefined],
  ['[regex] without a colon too', `${C0}.args.[^--log]`, '--log=x', undefined],
  ['null deletes a list element', `${C0}.args.[0]`, 'null', undefined],
  ['null deletes a map key', 'spec.template.metadata.labels.app', 'null', undefined],
  ['missing maps are created', 'spec.template.spec.nodeSelector.disk', 'ssd', undefined],
  ['a number stays a number', 'spec.revisionHistoryLimit', '7', undefined],
  ['a string holding a YAML map becomes the map', 'spec.template.metadata.annotations', '"a: b"', undefined],
  ['a multi-line YAML map too', 'spec.template.metadata.annotations', '"a: b\\nc: d"', undefined],
  ['a string holding JSON stays a string', 'spec.template.metadata.labels.j', '\'{"a": "b"}\'', undefined],
  ['a string without ": " stays a string', 'spec.template.metadata.labels.k', 'a:b', undefined],
  ['a multi-line string without a map stays a string', 'metadata.annotations.t', '"a\\nb"', undefined],
  ['a one-line YAML map without ": " stays a string', 'metadata.annotations.u', '"{a:1}"', undefined],
  ['a multi-line YAML map without ":" stays a string', 'metadata.annotations.v', '"{x,\\ny}"', undefined],
  [
    'a multi-line string of YAML comments is an empty map',
    'metadata.annotations.w',
    '"# a: b\\n# c"',
    undefined,
  ],
  ['[key:value] compares numbers as text', `${C0}.ports.[containerPort:8080].name`, 'web', undefined],
  ['escaped dots in a key', 'spec.template.metadata.annotations.a\\.b/c', 'v', undefined],
  ['a whole list element replaced', `${C0}.env.[name:REVISION]`, '{name: NEW, value: "1"}', undefined],
  [
    '[key:value] that matches nothing',
    `${C0}.env.[name:NOPE].value`,
    'x',
    `path ${C0}.env.[name:NOPE].value: element [name:NOPE] not found`,
  ],
  [
    'a regex that matches nothing',
    `${C0}.args.[:^nope]`,
    'x',
    `path ${C0}.args.[:^nope]: element [:^nope] not found`,
  ],
  [
    'an invalid regex matches nothing',
    `${C0}.args.[:(]`,
    'x',
    `path ${C0}.args.[:(]: element [:(] not found`,
  ],
  [
    'a field under a string',
    'metadata.name.x',
    'y',
    'path metadata.name.x: leaf type string in non-leaf node at x',
  ],
  [
    'a value selector on a list of maps',
    `${C0}.env.[REVISION].value`,
    'x',
    `path ${C0}.env.[REVISION].value: [REVISION] is not a valid key:value path element`,
  ],
  [
    'a name without brackets in a list',
    `${C0}.args.--log`,
    'x',
    `path ${C0}.args.--log: --log is not a valid value path element`,
  ],
  [
    'a selector without its closing bracket',
    `${C0}.args.[--log`,
    'x',
    `path ${C0}.args.[--log: [--log is not a valid value path element`,
  ],
  [
    'a selector without its opening bracket',
    `${C0}.args.--log]`,
    'x',
    `path ${C0}.args.--log]: --log] is not a valid value path element`,
  ],
  [
    'an empty selector in a list',
    `${C0}.args.[]`,
    'x',
    `path ${C0}.args.[]: [] is not a valid value path element`,
  ],
]

const fileText = (p: string, value: string) =>
  [
    'apiVersion: install.istio.io/v1alpha1',
    'kind: IstioOperator',
    'spec:',
    '  profile: minimal',
    '  components:',
    '    pilot:',
    '      k8s:',
    '        overlays:',
    '        - kind: Deployment',
    '          name: istiod',
    '          patches:',
    `          - path: ${JSON.stringify(p)}`,
    `            value: ${value}`,
    '',
  ].join('\n')

const istiodOf = (objects: Tree[]): Tree | undefined =>
  objects.find((o) => o.kind === 'Deployment' && getPath(o, 'metadata.name') === 'istiod')

describe('k8s overlays: the same patched objects as istioctl 1.30.3', function () {
  this.timeout(120_000)
  // A fixed directory: istioctl's results are cached by argument list and file text (oracle.ts).
  const dir = path.join(os.tmpdir(), 'meshctl-overlay-cases')
  before(function () {
    mkdirSync(dir, {recursive: true})
  })

  CASES.forEach(([name, p, value, warning], i) => {
    it(`${name}: ${warning ? 'skipped with a warning' : 'applied'}`, async function () {
      const text = fileText(p, value)
      const r = await generate({files: [{name: 'f.yaml', text}]})
      const ours = istiodOf(r.objects.map((o) => o.object))!
      const warnings = r.warnings.filter((w) => w.startsWith('overlay on '))
      expect(warnings).to.deep.equal(
        warning ? [`overlay on Deployment/istiod skipped a patch: ${warning}`] : [],
      )
      const why = oracleUnavailable()
      if (why) {
        console.log(`      (istioctl comparison skipped: ${why})`)
        return
      }
      const file = path.join(dir, `case-${i}.yaml`)
      writeFileSync(file, text)
      const ref = istioctlGenerate(['-f', file])
      expect(ref.code, ref.stderr).to.equal(0)
      // istioctl logs some patch errors (a bad regex) on stdout, before the manifest
      const manifest = ref.stdout.replace(/^\d{4}-\d\d-\d\dT\S+\t\w+\t.*\n/gm, '')
      const theirs = istiodOf(parseYamlDocuments(manifest).filter(isTree))!
      expect(marshalYaml(ours)).to.equal(marshalYaml(theirs))
    })
  })
})

describe('k8s overlays: path edge cases', () => {
  const errorOf = (o: Tree, p: string, v: unknown): string | undefined => {
    try {
      applyOverlayPatch(o, p, v as never)
    } catch (e) {
      if (e instanceof OverlayError) return e.message
      throw e
    }
    return undefined
  }

  it('the root cannot be changed; an empty path is the root', () => {
    expect(errorOf({a: 1}, '', 'x')).to.equal('path : cannot change the root element')
  })

  it('repeated slashes in a path are one', () => {
    expect(overlayPath('a//b///c')).to.deep.equal(overlayPath('a/b/c'))
  })

  it('[key:value] needs a key of letters, digits, - and _; on leaf elements any selector is a value regex', () => {
    const maps = (): {l: Tree[]} => ({l: [{name: 'a', v: 1}, {name: 'b'}]})
    const o = maps()
    expect(errorOf(o, 'l.[name:a].v', 2)).to.equal(undefined)
    expect(o.l[0]).to.deep.equal({name: 'a', v: 2})
    // on a map element, a selector that is no [key:value] is an error (tpath's PathKV)
    expect(errorOf(maps(), 'l.[n x:y]', 'z')).to.equal(
      'path l.[n x:y]: [n x:y] is not a valid key:value path element',
    )
    expect(errorOf(maps(), 'l.[name:]', 'z')).to.equal(
      'path l.[name:]: [name:] is not a valid key:value path element',
    )
    expect(errorOf(maps(), 'l.[:a]', 'z')).to.equal('path l.[:a]: [:a] is not a valid key:value path element')
    // `n x` is no key: on leaves the whole `n x:y` is a regex; `[:v]` is the regex v, `[:]` the regex `:`
    const leaves = () => ({l: ['b', 'ab', 'n x:y', ':']})
    const o2 = leaves()
    expect(errorOf(o2, 'l.[n x:y]', 'z')).to.equal(undefined)
    expect(o2.l).to.deep.equal(['b', 'ab', 'z', ':'])
    const o3 = leaves()
    expect(errorOf(o3, 'l.[ab]', 'z')).to.equal(undefined)
    expect(o3.l).to.deep.equal(['b', 'z', 'n x:y', ':'])
    const o4 = leaves()
    expect(errorOf(o4, 'l.[:]', 'z')).to.equal(undefined)
    expect(o4.l).to.deep.equal(['b', 'ab', 'z', ':'])
    const o5 = leaves()
    expect(errorOf(o5, 'l.[:^b]', 'z')).to.equal(undefined)
    expect(o5.l).to.deep.equal(['z', 'ab', 'n x:y', ':'])
    // elements are tried in order: a leaf before a map is matched by regex, and a map met first ends the search
    const mixed = {l: ['name:a', {name: 'a'}]}
    expect(errorOf(mixed, 'l.[name:a]', 'z')).to.equal(undefined)
    expect(mixed.l).to.deep.equal(['z', {name: 'a'}])
    expect(errorOf({l: [{name: 'a'}, 'x']}, 'l.[x]', 'z')).to.equal(
      'path l.[x]: [x] is not a valid key:value path element',
    )
    // a name without brackets selects nothing in a list
    expect(errorOf(leaves(), 'l.b', 'z')).to.equal('path l.b: b is not a valid value path element')
    expect(errorOf(leaves(), 'l.[b', 'z')).to.equal('path l.[b: [b is not a valid value path element')
    expect(errorOf(leaves(), 'l.b]', 'z')).to.equal('path l.b]: b] is not a valid value path element')
  })

  it('[key:value] compares a missing or null field as <nil>, other values as their text', () => {
    const o: Tree = {l: [{name: 'a'}, {name: 'b', v: 'x'}]}
    expect(errorOf(o, 'l.[v:<nil>].w', 1)).to.equal(undefined)
    expect(o.l).to.deep.equal([
      {name: 'a', w: 1},
      {name: 'b', v: 'x'},
    ])
    const n: Tree = {
      l: [
        {name: 'a', v: 1},
        {name: 'b', v: null},
        {name: 'c', v: true},
      ],
    }
    expect(errorOf(n, 'l.[v:<nil>].w', 2)).to.equal(undefined)
    expect(errorOf(n, 'l.[v:true].w', 3)).to.equal(undefined)
    expect(n.l).to.deep.equal([
      {name: 'a', v: 1},
      {name: 'b', v: null, w: 2},
      {name: 'c', v: true, w: 3},
    ])
  })

  it('an index past the end appends: a map that the next step fills, or the value itself', () => {
    // tpath makes the new element a map whatever comes next, so [N] after it is a key
    const o: Tree = {l: ['a']}
    expect(errorOf(o, 'l.[5].[0]', 'x')).to.equal(undefined)
    expect(errorOf(o, 'l.[-1]', 'y')).to.equal(undefined)
    expect(errorOf(o, 'l.[1].k', 'z')).to.equal(undefined)
    expect(o.l).to.deep.equal(['a', {'[0]': 'x', k: 'z'}, 'y'])
    // deleting past the end deletes nothing
    expect(errorOf(o, 'l.[9]', null)).to.equal(undefined)
    expect(o.l).to.have.length(3)
  })

  it('a null node before [N] becomes a list', () => {
    const o: Tree = {a: null}
    expect(errorOf(o, 'a.[0]', 'x')).to.equal(undefined)
    expect(o.a).to.deep.equal(['x'])
  })

  it('a one-line string without ": " or a multi-line one without ":" is never read as YAML', () => {
    const o: Tree = {}
    for (const [k, v] of [
      ['a', '{a:1}'],
      ['b', '{x,\ny}'],
    ]) {
      expect(errorOf(o, k!, v)).to.equal(undefined)
      expect(o[k!], v).to.equal(v)
    }
    // but YAML comments with a colon read as an empty map, as sigs.k8s.io/yaml.Unmarshal leaves it
    expect(errorOf(o, 'c', '# a: b\n# c')).to.equal(undefined)
    expect(o.c).to.deep.equal({})
  })

  it('a [N] index below -1 is no index', () => {
    const o: Tree = {l: ['a', '-2']}
    expect(errorOf(o, 'l.[-2]', 'z')).to.equal(undefined)
    // `-2` read as a regex: it matches the element `-2`
    expect(o.l).to.deep.equal(['a', 'z'])
  })

  it('a missing container is a map; a null one under a list selector is a list', () => {
    const o: Tree = {}
    expect(errorOf(o, 'b.c', 'x')).to.equal(undefined)
    expect(o).to.deep.equal({b: {c: 'x'}})
    const n: Tree = {a: null}
    expect(errorOf(n, 'a.[k:v]', 'x')).to.equal('path a.[k:v]: element [k:v] not found')
    expect(n.a).to.deep.equal([])
    const m: Tree = {a: null}
    expect(errorOf(m, 'a.b', 'x')).to.equal(undefined)
    expect(m.a).to.deep.equal({b: 'x'})
  })

  it('deleting a missing key is nothing; undefined deletes as null does', () => {
    const o: Tree = {a: {b: 1}}
    expect(errorOf(o, 'a.c', null)).to.equal(undefined)
    expect(errorOf(o, 'a.b', undefined)).to.equal(undefined)
    expect(o).to.deep.equal({a: {}})
  })

  it('a YAML map string that does not parse stays a string', () => {
    const o: Tree = {}
    expect(errorOf(o, 'a', 'a: [1\nb: c')).to.equal(undefined)
    expect(o.a).to.equal('a: [1\nb: c')
    expect(errorOf(o, 'b', 'a: - b')).to.equal(undefined)
    expect(errorOf(o, 'c', ['a: b'])).to.equal(undefined)
    expect(o.c).to.deep.equal(['a: b'])
    // a YAML string that reads as a list or scalar is kept as the string
    expect(errorOf(o, 'd', '- a: b\n- c')).to.equal(undefined)
    expect(o.d).to.equal('- a: b\n- c')
  })
})
