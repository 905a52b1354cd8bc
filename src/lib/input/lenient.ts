// js-yaml accepts some text that `yaml` rejects: a quoted scalar or flow collection continued on a line
// that is not indented past its parent (`a: "x` then `y"` at column 0), a comment glued to a closing
// quote or bracket (`"x"#c`), a collection as a flow map key (`{{ .X }}`), and implicit keys longer than
// 1024 characters; and it reads a null flow map key (`{~}`) as 'null' where `yaml` reads ''. parseDocuments
// must answer as `yaml` does, so the fast path leaves any text that has one of these to the `yaml` path.
// This scan reads lines and the quotes and brackets on them; where it is unsure, it says so (a false alarm
// only costs speed).

/** Characters that make a line worth reading closely. */
const SPECIAL = /["'[\]{}#|>]/

const NONE = -2
const UNKNOWN = -3

const isBlank = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\r'

/** The index after the quoted scalar opening at `s[i]` on this line, or -1 when it goes on past the line. */
function quoteEnd(s: string, i: number): number {
  const q = s[i]
  for (let j = i + 1; j < s.length; j++) {
    if (q === '"' && s[j] === '\\') j++
    else if (s[j] === q) {
      if (q === "'" && s[j + 1] === "'") j++
      else return j + 1
    }
  }
  return -1
}

/**
 * True when the text may hold a construct js-yaml and `yaml` read differently (see above): a quoted scalar
 * that spans lines, a flow collection that spans lines (unless it is a whole document, like a JSON file,
 * or its lines are indented past the node holding it), a glued comment, a collection or null as a flow map
 * key, or a key over 1024 characters.
 */
export function mayReadDifferently(text: string): boolean {
  let blockParent = NONE // inside a block scalar: lines indented past this column are its content
  let openAt = NONE // inside a multi-line flow collection: its lines must be indented past this column
  const open: string[] = [] // the flow collections open here: '[' or '{'
  let depth = 0
  let mapKey = false // at the place of a key in a flow map
  let docStart = true // no content yet in this document
  for (const line of text.split('\n')) {
    if (/^\s*$/.test(line)) continue
    let indent = 0
    while (line[indent] === ' ') indent++
    if (blockParent !== NONE) {
      if (indent > blockParent) continue
      blockParent = NONE
    }
    if (depth > 0 && indent <= openAt) return true
    if (line.startsWith('---') && isBlank(line[3])) {
      docStart = true
      continue
    }
    if (line[indent] === '#') continue
    // most lines are `key: value` with nothing this scan looks for
    if (depth === 0 && line.length <= 1024 && !SPECIAL.test(line)) {
      docStart = false
      continue
    }
    // the column of the innermost block node started on this line (a key or a `- ` item)
    let nodeCol = depth > 0 ? openAt : UNKNOWN
    let nodeStart = true
    for (let i = indent; i < line.length; i++) {
      const c = line[i]
      if (c === ' ' || c === '\t' || c === '\r') continue
      if (c === '#' && isBlank(line[i - 1])) break
      if (nodeStart && (c === '"' || c === "'")) {
        const end = quoteEnd(line, i)
        if (end < 0 || line[end] === '#') return true
        if (depth === 0) nodeCol = i
        i = end - 1
        nodeStart = false
        mapKey = false
      } else if ((c === '[' || c === '{') && (nodeStart || depth > 0)) {
        // a collection as a key: js-yaml makes it "[object Object]" or joins its items, `yaml` says no
        if (mapKey) return true
        // a whole document in flow style (a JSON file) may be laid out freely
        if (depth === 0) openAt = docStart && i === 0 ? -1 : nodeCol
        open.push(c)
        depth++
        nodeStart = true
        mapKey = c === '{'
      } else if ((c === ']' || c === '}') && depth > 0) {
        if (line[i + 1] === '#') return true
        open.pop()
        depth--
        nodeStart = false
        mapKey = false
      } else if (c === ',' && depth > 0) {
        nodeStart = true
        mapKey = open[open.length - 1] === '{'
      } else if (c === '-' && depth === 0 && nodeStart && isBlank(line[i + 1])) nodeCol = i
      else if (c === ':' && (isBlank(line[i + 1]) || (depth > 0 && /[,\]}]/.test(line[i + 1])))) {
        if (i > 1024) return true
        nodeStart = true
        mapKey = false
      } else if ((c === '|' || c === '>') && nodeStart && depth === 0) {
        blockParent = nodeCol === UNKNOWN ? indent - 1 : nodeCol
        break
      } else {
        if (nodeStart && depth === 0) nodeCol = i
        // a null key without a value (`{~}`, `{a, null}`): '' in `yaml`, 'null' in js-yaml
        if (mapKey && /^(?:~|null|Null|NULL)(?=[\s,}]|$)/.test(line.slice(i))) return true
        nodeStart = false
        mapKey = false
      }
    }
    if (depth > 0 && openAt === UNKNOWN) return true // a multi-line flow collection whose parent is unclear
    if (depth === 0) openAt = NONE
    docStart = false
  }
  return false
}
