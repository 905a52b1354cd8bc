import {isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node} from 'yaml'
import type {FieldPath} from './documents.js'

/** The child node of a YAML collection at one path segment, with the node that holds its position. */
export function child(
  node: Node | null | undefined,
  seg: string | number,
): {value: Node | null; at: Node} | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = isScalar(pair.key) ? pair.key.value : pair.key
      if (String(key) === String(seg)) {
        const at = (pair.key as Node | null) ?? (pair.value as Node)
        return {value: pair.value as Node | null, at}
      }
    }
    return undefined
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg] as Node | undefined
    return item ? {value: item, at: item} : undefined
  }
  return undefined
}

/**
 * The line of the field at `path` under `root`: the line of its key (of the item, in a list). For a field
 * that is not there, the line of its nearest present ancestor.
 */
export function lineOfPath(root: Node, path: FieldPath, lineAt: (n: Node) => number): number {
  let node: Node | null = root
  let line = lineAt(root)
  for (const seg of path) {
    const next = child(node, seg)
    if (!next) break
    line = lineAt(next.at)
    node = next.value
  }
  return line
}

/**
 * Field lines of the one YAML document in `text.slice(start, end)`, which starts on line `firstLine`, found
 * by parsing that document with positions on the first call (documents read by the fast path are parsed
 * so only when a finding needs a line inside them).
 */
export function lazyLineOf(
  text: string,
  start: number,
  end: number,
  firstLine: number,
): (path: FieldPath) => number {
  let find: ((path: FieldPath) => number) | undefined
  return (path) => {
    if (!find) {
      const counter = new LineCounter()
      const doc = parseDocument(text.slice(start, end), {
        lineCounter: counter,
        prettyErrors: false,
        uniqueKeys: true,
      })
      const root = doc.contents as Node
      const lineAt = (n: Node) => counter.linePos(n.range?.[0] ?? 0).line + firstLine - 1
      find = (p) => lineOfPath(root, p, lineAt)
    }
    return find(path)
  }
}
