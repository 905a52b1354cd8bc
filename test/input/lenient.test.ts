import {expect} from 'chai'
import {mayReadDifferently} from '../../src/lib/input/lenient.js'

// mayReadDifferently sends to the `yaml` path text that js-yaml and `yaml` could read differently. A true
// on plain text only costs speed, a false on such text would be a wrong answer: each row below was checked
// against both parsers (false: both read it alike; true: they differ, or it is a construct the scan flags
// by design, such as a quoted scalar or flow collection spanning lines).
describe('input: the scan for text js-yaml and yaml read differently', () => {
  const rows: Array<[string, boolean]> = [
    // block scalars: their content is not YAML syntax
    ['a: |\n  "unclosed\n  [x\nb: 1\n', false],
    ['a:\n  |\n  "a\n', false],
    ['- |\n  "a\n- b\n', false],
    ['a:\n- >\n  "x\n', false],
    // comments, and `#` inside a word or a quoted scalar
    ['# "x\na: 1\n', false],
    ['  # "x\na: 1\n', false],
    ['a: x # "\n', false],
    ['a: x#"y\n', false],
    ['a: "x" # "\n', false],
    ['a: [x]\n  # [\nb: 1\n', false],
    // quoted scalars: escapes, '' in single quotes, and ones left open at the end of a line
    ['a: "x\\"#"\n', false],
    ["a: 'a''\n", true],
    ['a: "a\\"\n', true],
    ['a:\t"x\n', true],
    // flow collections over several lines: fine when indented past their parent or a whole document
    ['a: [1,\n  2]\n', false],
    ['- [a,\n   b]\n', false],
    ['- [a,\n  b]\n', false],
    ['a: {b: [c],\n  d: 1}\n', false],
    ['a: 1\n---\n[1,\n2]\n', false],
    ['a: [1,\n2]\n', true],
    ['a: [b]\nc: [d,\ne]\n', true],
    ['a: 1\n[1,\n2]\n', true],
    // keys: 1024 characters at most, no collections, no null in a flow map
    [`"${'k'.repeat(1022)}": 1\n`, false],
    [`"${'k'.repeat(1023)}": 1\n`, true],
    ['a: [x, {b: 1}]\n', false],
    ['a: [{x: 1}, [y]]\n', false],
    ['a: {b: {c: 1}}\n', false],
    ['a: {[x]: 1}\n', true],
    ['a: {b,\n  {c: 1}: d}\n', true],
    ['a: {nullx: 1}\n', false],
    ['a: {x, b: null}\n', false],
    ['a: {"b": ~}\n', false],
    ['a: {b: c, d}\n', false],
    ['a: {b:c, ~}\n', true],
    ['a: {b, null\n  }\n', true],
  ]
  for (const [text, want] of rows)
    it(`${want ? 'flags' : 'passes'} ${JSON.stringify(text).slice(0, 60)}`, () => {
      expect(mayReadDifferently(text)).to.equal(want)
    })
})
