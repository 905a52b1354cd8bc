/**
 * A Document printed as `doc.toString({indentSeq, lineWidth: 0})` prints it, at a fraction of the cost,
 * for documents without comments, blank lines kept, anchors, aliases, tags, directives or multi-line
 * strings: kube-inject prints every injected document. Maps and sequences are laid out here (their
 * layout is fixed); each scalar is printed by yaml itself, once per distinct scalar and place (a map value,
 * an item, a key, in a flow collection or not), and reused. Anything else: undefined, and yaml prints.
 * @module
 */
import {printsAsIs} from './plain.js'
import {Document, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node} from 'yaml'

class Refused extends Error {}

/** Where a scalar goes: after `k:`, after `- `, as a key; in a block or a flow collection. */
type Place = 'value' | 'item' | 'key' | 'flowValue' | 'flowItem' | 'flowKey'

const printed = new Map<string, string>()
const pads: string[] = []
const pad = (col: number): string => (pads[col] ??= '\n' + ' '.repeat(col))

/**
 * Text of its own for a string scalar in a block map value (after `key:`, key at `col`) or a block sequence
 * item (after `- `, dash at `col`): undefined for the scalar itself, null to refuse the document.
 */
export type Expand = (value: string, item: boolean, col: number) => string | null | undefined

/**
 * `doc` as yaml prints it with `{indentSeq, lineWidth: 0}`, with the scalars `expand` gives a text of its
 * own replaced by that text; undefined where this printer cannot promise that.
 */
export function printDocument(doc: Document, indentSeq: boolean, expand?: Expand): string | undefined {
  if (doc.commentBefore || doc.comment || doc.directives?.yaml.explicit || doc.directives?.docEnd)
    return undefined
  const root = doc.contents
  if (!isMap(root) && !isSeq(root)) return undefined
  try {
    const p = new Printer(indentSeq, expand)
    const body = isMap(root) ? p.map(root, 0, false) : p.seq(root, 0, false)
    return (doc.directives?.docStart ? '---\n' : '') + body + '\n'
  } catch (e) {
    if (e instanceof Refused) return undefined
    throw e
  }
}

class Printer {
  constructor(
    private readonly indentSeq: boolean,
    private readonly expand?: Expand,
  ) {}

  /** The text `expand` gives scalar `v` at `col`, if any. */
  private expanded(v: unknown, item: boolean, col: number): string | undefined {
    if (!this.expand || !isScalar(v) || typeof v.value !== 'string') return undefined
    const text = this.expand(v.value, item, col)
    if (text === null) throw new Refused('expansion refused')
    return text
  }

  /** A block map's pairs (the first where the cursor is), keys at `col`; or a flow map. */
  map(m: YAMLMap, col: number, inFlow: boolean): string {
    plain(m)
    if (inFlow || m.flow || m.items.length === 0) return this.flowMap(m)
    let out = ''
    for (const pair of m.items) {
      if (!isPair(pair)) throw new Refused('item')
      const k = this.key(pair, 'key')
      out += (out ? pad(col) : '') + k + ':' + this.after(pair.value, col)
    }
    return out
  }

  /** A block sequence's items (the first where the cursor is), dashes at `col`; or a flow sequence. */
  seq(s: YAMLSeq, col: number, inFlow: boolean): string {
    plain(s)
    if (inFlow || s.flow || s.items.length === 0) return this.flowSeq(s)
    let out = ''
    for (const item of s.items) out += (out ? pad(col) : '') + '- ' + this.item(item, col)
    return out
  }

  /** A block map value after its key and colon (key at `col`). */
  private after(v: unknown, col: number): string {
    if (isMap(v) || isSeq(v)) {
      // yaml's rule: an empty collection goes on the key's line, unless it is marked as not flow
      const flow = v.flow ?? v.items.length === 0
      if (flow !== (v.flow || v.items.length === 0)) throw new Refused('empty block collection')
      if (flow) return ' ' + this.flow(v)
      plain(v)
      if (isMap(v)) return pad(col + 2) + this.map(v, col + 2, false)
      const c = this.indentSeq ? col + 2 : col
      return pad(c) + this.seq(v, c, false)
    }
    return this.expanded(v, false, col) ?? scalar(v, 'value')
  }

  /** A block sequence item after its `- ` (dash at `col`). */
  private item(v: unknown, col: number): string {
    if (isMap(v)) return this.map(v, col + 2, false)
    if (isSeq(v)) return this.seq(v, col + 2, false)
    return this.expanded(v, true, col) ?? scalar(v, 'item')
  }

  private key(pair: Pair, place: 'key' | 'flowKey'): string {
    const k = scalar(pair.key, place)
    // yaml writes a key this long as an explicit `? key`
    if (k.length > 1024 || k === '') throw new Refused('key')
    return k
  }

  private flowMap(m: YAMLMap): string {
    plain(m)
    if (m.items.length === 0) return '{}'
    const parts: string[] = []
    for (const pair of m.items) {
      if (!isPair(pair) || pair.value === null || pair.value === undefined) throw new Refused('flow pair')
      const v = pair.value
      const value = isMap(v) || isSeq(v) ? ' ' + this.flow(v) : scalar(v, 'flowValue')
      parts.push(this.key(pair, 'flowKey') + ':' + value)
    }
    return `{ ${parts.join(', ')} }`
  }

  private flowSeq(s: YAMLSeq): string {
    plain(s)
    if (s.items.length === 0) return '[]'
    const parts = s.items.map((v) => (isMap(v) || isSeq(v) ? this.flow(v) : scalar(v, 'flowItem')))
    return `[ ${parts.join(', ')} ]`
  }

  private flow(v: YAMLMap<unknown, unknown> | YAMLSeq<unknown>): string {
    return isMap(v) ? this.flowMap(v) : this.flowSeq(v as YAMLSeq)
  }
}

/** Refuses a node with what this printer does not print: comments, a blank line before it, an anchor, a tag. */
function plain(n: Node): void {
  if (n.commentBefore || n.comment || n.spaceBefore || n.anchor || n.tag) throw new Refused('node properties')
}

/** How yaml prints the scalar `v` at `place` (after `k:` its leading space included). */
function scalar(v: unknown, place: Place): string {
  if (!isScalar(v)) throw new Refused('not a scalar')
  plain(v)
  const {value, type} = v
  if (typeof value === 'string') {
    if (value.includes('\n')) throw new Refused('multi-line string')
    if ((type === undefined || type === 'PLAIN') && printsAsIs(value, place.startsWith('flow')))
      return place === 'value' || place === 'flowValue' ? ' ' + value : value
  } else if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Refused('scalar value')
  }
  if (type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL') throw new Refused('block scalar')
  const id = `${place}\0${type}\0${typeof value}\0${Object.is(value, -0) ? '-0' : String(value)}\0${v.format}\0${v.minFractionDigits}\0${v.source}`
  let s = printed.get(id)
  if (s === undefined) {
    s = viaYaml(v, place)
    printed.set(id, s)
  }
  return s
}

/** Asks yaml: the scalar in a one-pair map or one-item sequence, block or flow, and cuts out its text. */
function viaYaml(v: Scalar, place: Place): string {
  const doc = new Document()
  const copy = v.clone() as Scalar
  copy.range = undefined
  const inFlow = place.startsWith('flow')
  let coll: YAMLMap | YAMLSeq
  if (place === 'item' || place === 'flowItem') {
    coll = new YAMLSeq()
    coll.items.push(copy)
  } else {
    coll = new YAMLMap()
    const k = new Scalar('k')
    const mark = new Scalar('m')
    coll.items.push(place === 'key' || place === 'flowKey' ? new Pair(copy, mark) : new Pair(k, copy))
  }
  if (inFlow) coll.flow = true
  doc.contents = coll
  const text = doc.toString({lineWidth: 0})
  const [open, close] = inFlow
    ? [coll instanceof YAMLSeq ? '[ ' : '{ ', coll instanceof YAMLSeq ? ' ]\n' : ' }\n']
    : ['', '\n']
  if (!text.startsWith(open) || !text.endsWith(close)) throw new Refused('unexpected text')
  const inner = text.slice(open.length, text.length - close.length)
  let out: string | undefined
  if (place === 'item') out = inner.startsWith('- ') ? inner.slice(2) : undefined
  else if (place === 'flowItem') out = inner
  else if (place === 'key' || place === 'flowKey')
    out = inner.endsWith(': m') ? inner.slice(0, -3) : undefined
  else out = inner.startsWith('k:') ? inner.slice(2) : undefined
  if (out === undefined || out.includes('\n')) throw new Refused('unexpected text')
  return out
}
