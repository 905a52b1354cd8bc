// The value-tree paths of istioctl's operator/pkg/values and util.PathFromString, table-driven: cleaning
// (Go's filepath.Clean), escapes, list selectors, reads, writes and their errors, and `--set` value typing
// (strconv.Atoi, then ParseFloat, then ParseBool, else the string).
import {expect} from 'chai'
import {
  getPath,
  mergeFrom,
  parseSetValue,
  PathError,
  segIndex,
  segKV,
  setPath,
  splitEscaped,
  splitPath,
  type Tree,
} from '../../src/lib/manifest/values.js'
import type {Json} from '../../src/lib/manifest/goyaml.js'

describe('value tree paths', () => {
  it('splits paths after a lexical clean of slashes and dots (filepath.Clean, then one outer dot dropped)', () => {
    const table: Array<[string, string[]]> = [
      ['a.b\\.c[0].d', ['a', 'b.c', '[0]', 'd']],
      ['[0].a', ['[0]', 'a']],
      ['.a.', ['a']],
      ['a.b.', ['a', 'b']],
      ['a..b', ['a', 'b']],
      ['', []],
      ['.', []],
      // slashes (annotation keys) are cleaned as file paths: doubled, `.` and `..` segments go
      ['x/y//z', ['x/y/z']],
      ['k.x/./y', ['k', 'x/y']],
      ['a.b/../c.d', ['c', 'd']],
      ['a.b/..', []],
      ['a/../..', []],
      ['a/b/../../c', ['c']],
      ['/a.b', ['/a', 'b']],
      ['/../a.b', ['/a', 'b']],
      ['../a.b', ['/a', 'b']],
      ['../../a', ['/', '/a']],
      ['x/../../y', ['/y']],
    ]
    expect(table.map(([p]) => [p, splitPath(p)])).to.deep.equal(table)
  })

  it('splits on unescaped separators only', () => {
    expect(splitEscaped('a\\,b,c', ',')).to.deep.equal(['a\\,b', 'c'])
    expect(splitEscaped(',a', ',')).to.deep.equal(['', 'a'])
    expect(splitEscaped('a,', ',')).to.deep.equal(['a', ''])
    expect(splitEscaped('a,,b', ',')).to.deep.equal(['a', '', 'b'])
    expect(splitEscaped('', ',')).to.deep.equal([])
    expect(splitEscaped('abc', ',')).to.deep.equal(['abc'])
  })

  it('reads [N] and [key:value] selectors', () => {
    expect(['[0]', '[12]', '[+1]', '[-1]', '[1', 'x[1]', '[1]x', '[a]', '[]'].map(segIndex)).to.deep.equal([
      0,
      12,
      1,
      -1,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    expect(['[a:b]', '[a:b:c]', '[:b]', '[a:]', '[ab]', 'a:b]', '[a:b', 'x[a:b]'].map(segKV)).to.deep.equal([
      ['a', 'b'],
      ['a', 'b:c'],
      ['', 'b'],
      ['a', ''],
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('gets values through maps and lists; any missing step is undefined', () => {
    const root: Tree = {a: {b: [{n: 'x', v: 1}, {n: 'y', v: null}, 'leaf'], s: 'str', z: null}}
    const table: Array<[string, Json | undefined]> = [
      ['a.b[0].v', 1],
      ['a.b[1].v', null],
      ['a.b[2]', 'leaf'],
      ['a.b[3]', undefined],
      ['a.b[-1]', undefined],
      ['a.b[n:y].v', null],
      ['a.b[n:q].v', undefined],
      ['a.b[v:1]', undefined], // [key:value] compares the text with the field as is: 1 is no '1'
      ['a.s[0]', undefined],
      ['a.s.x', undefined],
      ['a.z', null],
      ['a.z.x', undefined],
      ['a.b.x', undefined],
      ['a.missing.x', undefined],
      ['a[0]', undefined],
    ]
    expect(table.map(([p]) => [p, getPath(root, p)])).to.deep.equal(table)
  })

  it('sets values, creating maps, and lists before a selector; [N] past either end appends', () => {
    const table: Array<[Tree, string, Json, Tree]> = [
      [{}, 'a.b', 1, {a: {b: 1}}],
      [{}, 'a[0]', 1, {a: [1]}],
      [{}, 'a[0].b.c', 1, {a: [{b: {c: 1}}]}],
      [{a: [1, 2]}, 'a[1]', 9, {a: [1, 9]}],
      [{a: [1, 2]}, 'a[5]', 9, {a: [1, 2, 9]}],
      [{a: [1, 2]}, 'a[2]', 9, {a: [1, 2, 9]}],
      [{a: [1, 2]}, 'a[-1]', 9, {a: [1, 2, 9]}],
      [{a: [{n: 'x'}]}, 'a[n:x].v', 1, {a: [{n: 'x', v: 1}]}],
      [{a: [{n: 'x'}]}, 'a[n:x]', 1, {a: [1]}],
      [{a: [{n: 'x'}]}, 'a[3].v', 1, {a: [{n: 'x'}, {v: 1}]}],
      [{a: [{n: 'x'}]}, 'a[0].v', 1, {a: [{n: 'x', v: 1}]}],
      [{a: ['s']}, 'a[0].v', 1, {a: [{v: 1}]}],
      // istioctl quirk: a write under an explicit null goes nowhere
      [{a: null}, 'a.b', 1, {a: null}],
      [{a: null}, 'a.b.c', 1, {a: null}],
    ]
    for (const [root, p, v, want] of table) {
      setPath(root, p, v)
      expect(root, p).to.deep.equal(want)
    }
  })

  it('refuses writes the path cannot make, naming the path', () => {
    const table: Array<[Tree, string, string]> = [
      [{}, '', 'empty path'],
      [{}, 'a/..', 'empty path'],
      [{}, '[0].a', '[0].a: list selector [0] has no list field before it'],
      [{a: {}}, 'a[0]', 'a[0]: a is not a list'],
      [{a: 's'}, 'a.b', 'a.b: a is not an object, cannot set a field under it'],
      [{a: 's'}, 'a.b.c', 'a.b.c: a is not an object, cannot set a field under it'],
      [{a: [{n: 'x'}]}, 'a[n:y].v', 'element [n:y] not found'],
      [{a: [1]}, 'a[x]', 'unknown segment [x]'],
    ]
    for (const [root, p, message] of table) {
      let err: unknown
      try {
        setPath(root, p, 1)
      } catch (e) {
        err = e
      }
      expect(err, p).to.be.instanceOf(PathError)
      expect((err as Error).message, p).to.equal(message)
      expect((err as Error).name, p).to.equal('PathError')
    }
  })

  it('types --set values as istioctl: int64, then float, then Go booleans, else the string with \\, unescaped', () => {
    const table: Array<[string, Json]> = [
      ['7', 7],
      ['007', 7],
      ['+5', 5],
      ['-5', -5],
      ['1.5', 1.5],
      ['5.', 5],
      ['.5', 0.5],
      ['-.5', -0.5],
      ['1e3', 1000],
      ['1.5E-2', 0.015],
      ['2e+2', 200],
      ['1e', '1e'],
      ['e5', 'e5'],
      ['.', '.'],
      ['12a', '12a'],
      ['a12', 'a12'],
      ['1_000', '1_000'],
      ['1.2.3', '1.2.3'],
      ['+', '+'],
      ['9223372036854775807', Number(2n ** 63n - 1n)],
      ['-9223372036854775808', -(2 ** 63)],
      ['true', true],
      ['T', true],
      ['1.0', 1],
      ['FALSE', false],
      ['f', false],
      ['yes', 'yes'],
      ['tRue', 'tRue'],
      ['', ''],
      ['a\\,b\\,c', 'a,b,c'],
      ['a,b', 'a,b'],
    ]
    expect(table.map(([s]) => [s, parseSetValue(s)])).to.deep.equal(table)
  })

  it('merges maps deeply; lists and scalars replace, copied so later edits do not reach the source', () => {
    const other: Tree = {m: {b: 2, l: [{x: 1}], t: {u: 1}}, s: 'new'}
    const base: Tree = {m: {a: 1, b: 1, l: [0, 0, 0]}, s: 'old', keep: true}
    mergeFrom(base, other)
    expect(base).to.deep.equal({m: {a: 1, b: 2, l: [{x: 1}], t: {u: 1}}, s: 'new', keep: true})
    ;((other.m as Tree).l as Tree[])[0]!.x = 9
    ;((other.m as Tree).t as Tree).u = 9
    expect(base.m).to.deep.equal({a: 1, b: 2, l: [{x: 1}], t: {u: 1}})
  })
})
