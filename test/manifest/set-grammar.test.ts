// The --set grammar both ways (formatSetFlag, splitPath's path clean-up), the -f file checks, and the
// translation of top-level IstioOperator fields into Helm values.
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {
  applyUnvalidatedValues,
  parseIstioOperatorFile,
  translateToHelm,
  userTree,
} from '../../src/lib/manifest/merge.js'
import {
  formatSetFlag,
  getPath,
  parseSetValue,
  pathSegments,
  segIndex,
  segKV,
  splitPath,
  type Tree,
} from '../../src/lib/manifest/values.js'

const fails = (f: () => unknown, message: string, exitCode: number) =>
  expect(f).to.throw(MeshctlError, message).with.property('exitCode', exitCode)

describe('manifest: writing --set flags', () => {
  it('escapes dots in keys and writes scalars as the parser reads them back', () => {
    expect(formatSetFlag(['values', 'podAnnotations', 'sidecar.istio.io'], 'x')).to.equal(
      'values.podAnnotations.sidecar\\.istio\\.io=x',
    )
    expect(formatSetFlag(['a'], 3)).to.equal('a=3')
    expect(formatSetFlag(['a'], false)).to.equal('a=false')
    expect(formatSetFlag(['a'], 'plain words')).to.equal('a=plain words')
  })

  it('refuses keys the grammar cannot say', () => {
    for (const k of ['', 'a=b', 'a/b', 'a[0]', 'a]', 'a.'])
      expect(() => formatSetFlag(['x', k], 1), k).to.throw(
        `key ${JSON.stringify(k)} cannot be written in a --set path`,
      )
  })

  it('refuses values the grammar cannot say', () => {
    for (const v of [null, {}, [], 'a=b', 'a\\,b', ' a', 'a ', '3', 'true', '1.5'])
      expect(() => formatSetFlag(['a'], v), JSON.stringify(v)).to.throw(
        `value ${JSON.stringify(v)} cannot be written in a --set flag`,
      )
  })

  it('cleans slash paths lexically before splitting, as Go filepath.Clean', () => {
    const rows: [string, string[]][] = [
      ['', []],
      ['..', []],
      ['a/..', []],
      ['a/../b.c', ['b', 'c']],
      ['a/./b', ['a/b']],
      ['a//b', ['a/b']],
      ['/../a', ['/a']],
      ['/a/b/..', ['/a']],
      ['x\\.y/z', ['x.y/z']],
    ]
    for (const [path, want] of rows) expect(splitPath(path), path).to.deep.equal(want)
  })
})

describe('manifest: reading --set values and paths', () => {
  it('types a value as an integer, then a float, then a Go boolean, else a string', () => {
    const rows: [string, unknown][] = [
      ['+7', 7],
      ['-0', 0],
      ['1.5', 1.5],
      ['12.5', 12.5],
      ['.5', 0.5],
      ['.25', 0.25],
      ['1e10', 1e10],
      ['12', 12],
      // past int64 strconv.Atoi fails and ParseFloat reads it
      ['123456789012345678901234', Number('123456789012345678901234')],
      ['1.', 1],
      ['1e3', 1000],
      ['-1.5E-2', -0.015],
      ['1.2.3', '1.2.3'],
      ['e3', 'e3'],
      ['0x10', '0x10'],
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['t', true],
      ['F', false],
      ['yes', 'yes'],
      ['a\\,b', 'a,b'],
      ['', ''],
    ]
    for (const [text, want] of rows) expect(parseSetValue(text), text).to.equal(want)
    // an integer is read as Go's int64: -0 is 0, not JavaScript's -0 (which YAML would print as -0)
    expect(Object.is(parseSetValue('-0'), 0)).to.equal(true)
  })

  it('splits a normalised path: outer dots dropped, empty segments skipped, escapes undone, [N] apart', () => {
    const rows: [string, string[]][] = [
      ['.a.b.', ['a', 'b']],
      ['a..b', ['a', 'b']],
      ['x[0]', ['x', '[0]']],
      ['[0]', ['[0]']],
      ['a\\.b.c', ['a.b', 'c']],
      ['a.[1]', ['a', '[1]']],
    ]
    for (const [path, want] of rows) expect(pathSegments(path), path).to.deep.equal(want)
  })

  it('reads [N] and [key:value] selectors, and nothing else', () => {
    expect([
      segIndex('[+1]'),
      segIndex('[-1]'),
      segIndex('[a]'),
      segIndex('[1'),
      segIndex('1]'),
    ]).to.deep.equal([1, -1, undefined, undefined, undefined])
    expect([segKV('[a:b:c]'), segKV('[ab]'), segKV('a:b'), segKV('[a:b')]).to.deep.equal([
      ['a', 'b:c'],
      undefined,
      undefined,
      undefined,
    ])
  })

  it('gets a value by path through maps and lists, undefined where a step is missing', () => {
    const root = {
      a: {
        l: [
          {n: 'x', v: 1},
          {n: 'y', v: 2},
        ],
        s: 'str',
        z: null,
      },
    } as unknown as Tree
    const rows: [string, unknown][] = [
      ['a.l[1].v', 2],
      ['a.l[0]', {n: 'x', v: 1}],
      ['a.l[2]', undefined],
      ['a.l[-1]', undefined],
      ['a.l.[n:y].v', 2],
      ['a.l.[n:q]', undefined],
      ['a.s.x', undefined],
      ['a.s[0]', undefined],
      ['a.m', undefined],
      ['a.z', null],
      ['a.z.q', undefined],
    ]
    for (const [path, want] of rows) expect(getPath(root, path), path).to.deep.equal(want)
  })
})

describe('manifest: --set and -f input errors', () => {
  it('names the flag and what is wrong with it (exit 64)', () => {
    fails(() => userTree([], ['a.b']), '--set a.b: =VALUE is missing (write --set a.b=VALUE)', 64)
    fails(() => userTree([], ['.=1']), '--set ".=1": no path to set; expected PATH=VALUE', 64)
    fails(() => userTree([], ['=1']), '--set "=1": no path to set; expected PATH=VALUE', 64)
    fails(() => userTree([], ['a[x:y]=1']), '--set a[x:y]=1: element [x:y] not found', 64)
    expect(userTree([], ['values.a=1'])).to.deep.equal({
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: {},
      spec: {values: {a: 1}},
    })
  })

  it('refuses -f files whose spec or spec.values is not a map, or whose documents lack a kind (exit 65)', () => {
    const file = (text: string) => () => parseIstioOperatorFile({name: 'f.yaml', text})
    fails(
      file('kind: IstioOperator\nspec: [1]\n'),
      'f.yaml: invalid value for spec: expected an object, got a list',
      65,
    )
    fails(
      file('kind: IstioOperator\nspec: {values: 3}\n'),
      'f.yaml: invalid value for spec.values: expected an object, got a number',
      65,
    )
    for (const text of ['- a\n', '"str"\n', 'kind: ""\n', 'kind: IstioOperator\n---\nfoo: 1\n'])
      fails(file(text), "f.yaml: unable to parse file: Object 'Kind' is missing", 65)
    expect(file('---\n')()).to.deep.equal({})
    expect(file('kind: IstioOperator\nspec: {values: null}\n')()).to.deep.equal({
      kind: 'IstioOperator',
      spec: {values: null},
    })
  })
})

describe('manifest: top-level fields into Helm values', () => {
  it('copies hub, tag (always a string), revision, meshConfig and compatibilityVersion, and the namespace', () => {
    const base = {
      spec: {
        hub: 'h',
        tag: 1.5,
        revision: null,
        meshConfig: {a: 1},
        compatibilityVersion: '1.2',
        values: {global: {istioNamespace: 'ins'}},
        components: {pilot: {enabled: true}},
      },
    } as unknown as Tree
    const out = translateToHelm(base) as {spec: {values: unknown}; metadata: unknown}
    expect(out.spec.values).to.deep.equal({
      global: {istioNamespace: 'ins', hub: 'h', tag: '1.5'},
      revision: '<nil>', // Go's %v of nil, as istioctl writes it
      meshConfig: {a: 1},
      compatibilityVersion: '1.2',
      pilot: {enabled: true, cni: {enabled: false}},
    })
    expect(out.metadata).to.deep.equal({namespace: 'ins'})
  })

  it('formats a list as Go does, and leaves metadata alone without an istioNamespace', () => {
    const out = translateToHelm({spec: {tag: [1, 'a', null]}} as unknown as Tree)
    expect(out).to.deep.equal({
      spec: {
        tag: [1, 'a', null],
        values: {global: {tag: '[1 a <nil>]'}, pilot: {enabled: false, cni: {enabled: false}}},
      },
    })
  })

  it('merges unvalidatedValues into values, when there are any', () => {
    const iop = {spec: {values: {a: 1, b: {c: 1}}, unvalidatedValues: {b: {d: 2}}}} as unknown as Tree
    expect((applyUnvalidatedValues(iop) as {spec: {values: unknown}}).spec.values).to.deep.equal({
      a: 1,
      b: {c: 1, d: 2},
    })
    expect(applyUnvalidatedValues({spec: {values: {a: 1}}} as unknown as Tree)).to.deep.equal({
      spec: {values: {a: 1}},
    })
  })
})
