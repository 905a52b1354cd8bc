/**
 * A guard run before the YAML parsers, which recurse once per nesting level: a document nested tens of
 * thousands deep (`[[[[…`, or ever deeper indentation) exhausts the stack, and V8 may then abort the whole
 * process instead of throwing. Real configuration nests a few dozen levels; past MAX_NESTING the input is
 * refused as bad YAML.
 */
export const MAX_NESTING = 1000

const LF = 10
const SPACE = 32
const HASH = 35

/**
 * The 1-based line where nesting first goes past `limit`, or undefined. Counts flow brackets that open a
 * node (at a line's start, or after a blank, `:`, `,`, `-` or another bracket), skipping quoted scalars and
 * comments, and treats indentation as block depth. Cheap (one pass) and conservative: it may count
 * brackets inside block scalars, which real files do not nest a thousand deep.
 */
export function deepNestingLine(text: string, limit = MAX_NESTING): number | undefined {
  let depth = 0
  let line = 1
  let lineStart = true
  let indent = 0
  let prev = LF
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === LF) {
      line++
      lineStart = true
      indent = 0
      prev = c
      continue
    }
    if (lineStart) {
      if (c === SPACE) {
        if (++indent > limit) return line
        continue
      }
      lineStart = false
      // a new document starts from nothing
      if (indent === 0 && text.startsWith('---', i)) depth = 0
    }
    const opensNode = prev === LF || prev === SPACE || prev === 9 || prev === 58 || prev === 44 || prev === 45
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (opensNode || prev === 91 || prev === 123) {
        if (++depth > limit) return line
      }
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && depth > 0) {
      depth--
    } else if ((c === 34 || c === 39) /* " ' */ && (opensNode || prev === 91 || prev === 123)) {
      // skip a quoted scalar (a `"` may be escaped; `''` inside single quotes is one quote)
      for (i++; i < text.length; i++) {
        const q = text.charCodeAt(i)
        if (q === LF) line++
        if (c === 34 && q === 92) i++
        else if (q === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++
          else break
        }
      }
    } else if (c === HASH && (prev === SPACE || prev === LF || prev === 9)) {
      const end = text.indexOf('\n', i)
      if (end < 0) break
      i = end - 1
    }
    prev = c
  }
  return undefined
}
