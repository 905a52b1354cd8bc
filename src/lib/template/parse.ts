/**
 * Lexer and parser for Go text/template syntax. Produces the same tree shape as Go's text/template/parse
 * (so that error contexts such as `<.Values.x>` print identically) and raises Go's parse error messages.
 */
import {TemplateError} from './errors.js'
import {quoteGo, sprintf} from './fmt.js'
import {parseHexFloat} from './values.js'

const enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Keyword, // marker: keywords follow
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

const KEYWORDS: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
}

interface Item {
  typ: T
  val: string
  pos: number
  line: number
}

/**
 * Go's item.String() for an unexpected token. Never an EOF or error item: the lexer ends an unfinished action
 * with an error, which unexpected() reports as it is.
 */
function itemString(i: Item): string {
  if (i.typ > T.Keyword) return `<${i.val}>`
  const chars = [...i.val]
  if (chars.length > 10) return `${quoteGo(chars.slice(0, 10).join(''))}...`
  return quoteGo(i.val)
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n'
const ALNUM = /^[\p{L}\p{Nd}_]$/u
function isAlphaNumeric(c: string): boolean {
  if (c === '') return false
  const x = c.charCodeAt(0)
  if (x < 0x80) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95
  return ALNUM.test(c)
}
const hasLeftTrim = (s: string, i: number): boolean => s[i] === '-' && isSpace(s[i + 1] ?? '')
const hasRightTrim = (s: string, i: number): boolean => isSpace(s[i] ?? '') && s[i + 1] === '-'
/** Number of trailing (before `end`) or leading (from `at`) space characters, without slicing the input. */
function trailingSpaces(s: string, from: number, end: number): number {
  let i = end
  while (i > from && isSpace(s[i - 1])) i--
  return end - i
}
function leadingSpaces(s: string, at: number): number {
  let i = at
  while (i < s.length && isSpace(s[i])) i++
  return i - at
}

/** Splits template text into items, as Go's lexer does (delimiters are always `{{`/`}}`). */
function lex(input: string): Item[] {
  const items: Item[] = []
  let pos = 0
  let start = 0
  let line = 1
  let startLine = 1
  let parenDepth = 0
  const emit = (typ: T): void => {
    items.push({typ, val: input.slice(start, pos), pos: start, line: startLine})
    start = pos
    startLine = line
  }
  const fail = (msg: string): void => {
    items.push({typ: T.Error, val: msg, pos: start, line: startLine})
  }
  const atRightDelim = (): [boolean, boolean] => {
    if (hasRightTrim(input, pos) && input.startsWith('}}', pos + 2)) return [true, true]
    if (input.startsWith('}}', pos)) return [true, false]
    return [false, false]
  }
  const atTerminator = (): boolean => {
    const c = input[pos] ?? ''
    if (c === '' || isSpace(c)) return true
    if ('.,|:)('.includes(c)) return true
    return input.startsWith('}}', pos)
  }
  const nextChar = (): string => {
    const cp = input.codePointAt(pos)
    if (cp === undefined) return ''
    const c = String.fromCodePoint(cp)
    pos += c.length
    if (c === '\n') line++
    return c
  }
  const peekChar = (): string => {
    const cp = input.codePointAt(pos)
    return cp === undefined ? '' : String.fromCodePoint(cp)
  }
  const countLines = (from: number, to: number): number => {
    let n = 0
    for (let i = input.indexOf('\n', from); i !== -1 && i < to; i = input.indexOf('\n', i + 1)) n++
    return n
  }
  // Go's lexer names a rune with %#U: the character itself is added only when it is printable
  const sharpU = (c: string): string => sprintf('%#U', [BigInt(c.codePointAt(0)!)])
  const badChar = (c: string): string => `bad character ${sharpU(c)}`
  const scanNumber = (): boolean => {
    const accept = (set: string): boolean => {
      if (pos < input.length && set.includes(input[pos])) {
        pos++
        return true
      }
      return false
    }
    const acceptRun = (set: string): void => {
      while (pos < input.length && set.includes(input[pos])) pos++
    }
    accept('+-')
    let digits = '0123456789_'
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_'
      else if (accept('oO')) digits = '01234567_'
      else if (accept('bB')) digits = '01_'
    }
    acceptRun(digits)
    if (accept('.')) acceptRun(digits)
    if (digits.length === 11 && accept('eE')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    accept('i')
    if (isAlphaNumeric(peekChar())) {
      nextChar()
      return false
    }
    return true
  }

  // Text state and action state alternate until EOF or an error.
  for (;;) {
    // lexText
    const x = input.indexOf('{{', pos)
    if (x < 0) {
      pos = input.length
      if (pos > start) {
        line += countLines(start, pos)
        emit(T.Text)
      }
      items.push({typ: T.EOF, val: '', pos, line})
      return items
    }
    if (x > pos || x > start) {
      pos = x
      let trim = 0
      if (hasLeftTrim(input, x + 2)) {
        trim = trailingSpaces(input, start, pos)
      }
      pos -= trim
      line += countLines(start, pos)
      if (pos > start) emit(T.Text)
      pos += trim
      line += countLines(pos - trim, pos)
      start = pos
      startLine = line
    }
    // lexLeftDelim
    pos += 2
    const trimLeft = hasLeftTrim(input, pos)
    const afterMarker = trimLeft ? 2 : 0
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker
      start = pos
      pos += 2
      const end = input.indexOf('*/', pos)
      if (end < 0) {
        fail('unclosed comment')
        return items
      }
      pos = end + 2
      const [delim, trimSpace] = atRightDelim()
      if (!delim) {
        fail('comment ends before closing delimiter')
        return items
      }
      line += countLines(start, pos)
      if (trimSpace) pos += 2
      pos += 2
      if (trimSpace) {
        const lead = leadingSpaces(input, pos)
        line += countLines(pos, pos + lead)
        pos += lead
      }
      start = pos
      startLine = line
      continue
    }
    emit(T.LeftDelim)
    pos += afterMarker
    start = pos
    parenDepth = 0
    // lexInsideAction loop
    for (;;) {
      const [delim, trimSpace] = atRightDelim()
      if (delim) {
        if (parenDepth !== 0) {
          fail('unclosed left paren')
          return items
        }
        if (trimSpace) {
          pos += 2
          start = pos
        }
        pos += 2
        emit(T.RightDelim)
        if (trimSpace) {
          const lead = leadingSpaces(input, pos)
          line += countLines(pos, pos + lead)
          pos += lead
          start = pos
          startLine = line
        }
        break
      }
      const c = nextChar()
      if (c === '') {
        fail('unclosed action')
        return items
      } else if (isSpace(c)) {
        pos -= 1
        if (c === '\n') line--
        while (isSpace(peekChar())) nextChar()
        // leave the space of a trim marker (` -}}`) to the delimiter check; a single space never gets here,
        // as that check sees the marker first (Go's lexSpace keeps a branch for it that cannot run either)
        if (hasRightTrim(input, pos - 1) && input.startsWith('}}', pos + 1)) {
          pos--
          if (input[pos] === '\n') line--
        }
        emit(T.Space)
      } else if (c === '=') {
        emit(T.Assign)
      } else if (c === ':') {
        if (nextChar() !== '=') {
          fail('expected :=')
          return items
        }
        emit(T.Declare)
      } else if (c === '|') {
        emit(T.Pipe)
      } else if (c === '"' || c === "'") {
        for (;;) {
          const d = nextChar()
          if (d === '\\') {
            const e = nextChar()
            if (e !== '' && e !== '\n') continue
          }
          if (d === '' || d === '\n' || d === '\\') {
            fail(c === '"' ? 'unterminated quoted string' : 'unterminated character constant')
            return items
          }
          if (d === c) break
        }
        emit(c === '"' ? T.String : T.CharConstant)
      } else if (c === '`') {
        const end = input.indexOf('`', pos)
        if (end < 0) {
          fail('unterminated raw quoted string')
          return items
        }
        line += countLines(pos, end)
        pos = end + 1
        emit(T.RawString)
      } else if (c === '$' || (c === '.' && !(input[pos] >= '0' && input[pos] <= '9'))) {
        const typ = c === '$' ? T.Variable : T.Field
        if (atTerminator()) {
          emit(typ === T.Variable ? T.Variable : T.Dot)
          continue
        }
        let r = ''
        for (;;) {
          r = peekChar()
          if (!isAlphaNumeric(r)) break
          nextChar()
        }
        if (!atTerminator()) {
          fail(badChar(r))
          return items
        }
        emit(typ)
      } else if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        pos = start
        if (!scanNumber()) {
          fail(`bad number syntax: ${quoteGo(input.slice(start, pos))}`)
          return items
        }
        if (input[pos] === '+' || input[pos] === '-') {
          if (!scanNumber() || input[pos - 1] !== 'i') {
            fail(`bad number syntax: ${quoteGo(input.slice(start, pos))}`)
            return items
          }
          emit(T.Complex)
        } else {
          emit(T.Number)
        }
      } else if (isAlphaNumeric(c)) {
        while (isAlphaNumeric(peekChar())) nextChar()
        const word = input.slice(start, pos)
        if (!atTerminator()) {
          fail(badChar(peekChar()))
          return items
        }
        const kw = KEYWORDS[word]
        if (kw !== undefined && Object.hasOwn(KEYWORDS, word)) emit(kw)
        else if (word === 'true' || word === 'false') emit(T.Bool)
        else emit(T.Identifier)
      } else if (c === '(') {
        parenDepth++
        emit(T.LeftParen)
      } else if (c === ')') {
        parenDepth--
        if (parenDepth < 0) {
          fail('unexpected right paren')
          return items
        }
        emit(T.RightParen)
      } else if (c.codePointAt(0)! < 0x7f && c >= ' ') {
        emit(T.Char)
      } else {
        fail(`unrecognized character in action: ${sharpU(c)}`)
        return items
      }
    }
  }
}

// ---- Nodes ----

export interface PipeNode {
  kind: 'pipe'
  pos: number
  line: number
  isAssign: boolean
  decl: VariableNode[]
  cmds: CommandNode[]
}
export interface CommandNode {
  kind: 'command'
  pos: number
  args: ArgNode[]
}
export interface FieldNode {
  kind: 'field'
  pos: number
  ident: string[]
}
export interface VariableNode {
  kind: 'variable'
  pos: number
  ident: string[]
}
export interface ChainNode {
  kind: 'chain'
  pos: number
  node: ArgNode
  field: string[]
}
export interface IdentifierNode {
  kind: 'identifier'
  pos: number
  ident: string
}
export interface DotNode {
  kind: 'dot'
  pos: number
}
export interface NilNode {
  kind: 'nil'
  pos: number
}
export interface BoolNode {
  kind: 'bool'
  pos: number
  value: boolean
}
export interface NumberNode {
  kind: 'number'
  pos: number
  text: string
  isInt: boolean
  isFloat: boolean
  isComplex: boolean
  int: bigint
  float: number
}
export interface StringNode {
  kind: 'string'
  pos: number
  quoted: string
  text: string
}
export type ArgNode =
  | PipeNode
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode

export interface ListNode {
  kind: 'list'
  pos: number
  nodes: Node[]
}
export interface TextNode {
  kind: 'text'
  pos: number
  text: string
}
export interface ActionNode {
  kind: 'action'
  pos: number
  line: number
  pipe: PipeNode
}
export interface BranchNode {
  kind: 'if' | 'range' | 'with'
  pos: number
  line: number
  pipe: PipeNode
  list: ListNode
  elseList: ListNode | undefined
}
export interface TemplateNode {
  kind: 'template'
  pos: number
  line: number
  name: string
  pipe: PipeNode | undefined
}
export interface SimpleNode {
  kind: 'break' | 'continue' | 'end' | 'else'
  pos: number
  line: number
}
export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | SimpleNode
export type AnyNode = Node | ArgNode | CommandNode

/** A parsed template: its name, the text it came from (for error positions) and its root list. */
export interface Tree {
  name: string
  parseName: string
  text: string
  root: ListNode
}

/** Go's Node.String(), used in error messages. */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'pipe': {
      let s = ''
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ')
      return s + n.cmds.map(nodeString).join(' | ')
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ')
    case 'field':
      return n.ident.map((i) => '.' + i).join('')
    case 'variable':
      return n.ident.join('.')
    case 'chain':
      return (
        (n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) +
        n.field.map((f) => '.' + f).join('')
      )
    case 'identifier':
      return n.ident
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'bool':
      return String(n.value)
    case 'number':
      return n.text
    case 'string':
      return n.quoted
    case 'list':
      return n.nodes.map(nodeString).join('')
    case 'text':
      return quoteGo(n.text)
    case 'action':
      return `{{${nodeString(n.pipe)}}}`
    case 'if':
    case 'range':
    case 'with': {
      const e = n.elseList ? `{{else}}${nodeString(n.elseList)}` : ''
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${e}{{end}}`
    }
    case 'template':
      return n.pipe
        ? `{{template ${quoteGo(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${quoteGo(n.name)}}}`
    default:
      return `{{${n.kind}}}`
  }
}

/** Unquotes a Go string or raw string literal (strconv.Unquote). */
export function unquoteGo(q: string): string {
  if (q.startsWith('`')) return q.slice(1, -1).replace(/\r/g, '')
  const body = q.slice(1, -1)
  if (!body.includes('\\')) return body
  let out = ''
  const bytes: number[] = []
  const flush = (): void => {
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8')
      bytes.length = 0
    }
  }
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c !== '\\') {
      flush()
      out += c
      continue
    }
    const e = body[++i]
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
    }
    // strconv.UnquoteChar: \' only inside '...', \" only inside "...", exact digit counts, valid runes
    if (e in simple && !((e === "'" || e === '"') && e !== q[0])) {
      flush()
      out += simple[e]
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16))
      i += 2
    } else if (/^[0-7]{3}$/.test(body.slice(i, i + 3)) && parseInt(body.slice(i, i + 3), 8) < 256) {
      bytes.push(parseInt(body.slice(i, i + 3), 8))
      i += 2
    } else if (
      (e === 'u' || e === 'U') &&
      /^[0-9a-fA-F]+$/.test(body.slice(i + 1, i + 1 + (e === 'u' ? 4 : 8)))
    ) {
      const n = e === 'u' ? 4 : 8
      const cp = parseInt(body.slice(i + 1, i + 1 + n), 16)
      if (body.length < i + 1 + n || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
        throw new Error('invalid syntax')
      flush()
      out += String.fromCodePoint(cp)
      i += n
    } else {
      throw new Error('invalid syntax')
    }
  }
  flush()
  return out
}

function parseNumber(pos: number, text: string, typ: T): NumberNode {
  const n: NumberNode = {
    kind: 'number',
    pos,
    text,
    isInt: false,
    isFloat: false,
    isComplex: false,
    int: 0n,
    float: 0,
  }
  if (typ === T.CharConstant) {
    if (text.length <= 2) throw new Error('invalid syntax') // ''
    const s = unquoteGo(text)
    const cp = s.codePointAt(0)! // unquoting '…' (more than the quotes) gives at least a character
    if ([...s].length !== 1) throw new Error(`malformed character constant: ${text}`)
    n.isInt = n.isFloat = true
    n.int = BigInt(cp)
    n.float = cp
    return n
  }
  if (typ === T.Complex || text.endsWith('i')) {
    n.isComplex = true
    return n
  }
  // Go's newNumber: strconv.ParseInt/ParseUint with base 0 first, then ParseFloat
  const clean = text.replace(/_/g, '')
  const neg = clean.startsWith('-')
  const sign = /^[+-]/.test(text)
  const raw = text.replace(/^[+-]/, '')
  const body = clean.replace(/^[+-]/, '')
  let intVal: bigint | undefined
  // underscores only between digits (or right after a base prefix)
  if (/^0[xX](_?[0-9a-fA-F])+$|^0[oO](_?[0-7])+$|^0[bB](_?[01])+$|^[1-9](_?[0-9])*$|^0$/.test(raw)) {
    intVal = BigInt(body)
  } else if (/^0(_?[0-7])+$/.test(raw)) {
    intVal = BigInt('0o' + body.slice(1))
  }
  if (intVal !== undefined) {
    const v = neg ? -intVal : intVal
    if (v >= -(2n ** 63n) && v < 2n ** 63n) {
      n.isInt = true
      n.int = v
      n.isFloat = true
      n.float = Number(v)
      return n
    }
    // only a uint64: parses, and fails when executed ("overflows int")
    if (!sign && v < 2n ** 64n) {
      n.isFloat = true
      n.float = Number(v)
      return n
    }
  }
  const badUnderscore = /(^|[^0-9a-fA-FxXoObB])_|_($|[^0-9a-fA-F])|__/.test(raw)
  const f = badUnderscore
    ? NaN
    : /^[+-]?0[xX]/.test(clean)
      ? (parseHexFloat(clean) ?? NaN)
      : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)
        ? Number(clean)
        : NaN
  if (Number.isNaN(f)) throw new Error(`illegal number syntax: ${quoteGo(text)}`)
  // a float that looks like an integer is one too large for any int type
  if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${quoteGo(text)}`)
  n.isFloat = true
  n.float = f
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
    n.isInt = true
    n.int = BigInt(f)
  }
  return n
}

/** Names of functions known at parse time (Go rejects calls to undefined functions while parsing). */
export type FuncNameCheck = (name: string) => boolean

class Parser {
  private items: Item[]
  private i = 0
  private vars: string[] = ['$']
  private rangeDepth = 0
  private actionLine = 0
  private lastLine = 1

  constructor(
    private readonly text: string,
    private readonly parseName: string,
    private readonly hasFunc: FuncNameCheck,
    private readonly defs: Tree[],
  ) {
    this.items = lex(text)
  }

  private next(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)]
    this.i++
    this.lastLine = it.line
    return it
  }
  private backup(n = 1): void {
    this.i -= n
  }
  private peek(): Item {
    return this.items[Math.min(this.i, this.items.length - 1)]
  }
  private nextNonSpace(): Item {
    let it = this.next()
    while (it.typ === T.Space) it = this.next()
    return it
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace()
    this.backup()
    return it
  }

  errorf(msg: string): never {
    const pos = this.items[Math.max(0, Math.min(this.i - 1, this.items.length - 1))].pos
    const lineStart = this.text.lastIndexOf('\n', pos - 1) + 1
    throw new TemplateError(
      `template: ${this.parseName}:${this.lastLine}: ${msg}`,
      this.parseName,
      this.lastLine,
      Buffer.byteLength(this.text.slice(lineStart, pos)),
      'parse',
    )
  }
  private unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = ''
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length)
      }
      this.errorf(`${token.val}${extra}`)
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`)
  }
  private expect(typ: T, context: string): Item {
    const token = this.nextNonSpace()
    if (token.typ !== typ) this.unexpected(token, context)
    return token
  }

  /** Parses the whole text; returns the root list. `define`d templates are pushed on `defs`. */
  parse(): ListNode {
    const root: ListNode = {kind: 'list', pos: this.peek().pos, nodes: []}
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        this.next()
        if (this.nextNonSpace().typ === T.Define) {
          this.parseDefinition()
          continue
        }
        // back up to the delimiter (skipping spaces we consumed)
        while (this.items[this.i - 1].typ !== T.LeftDelim) this.i--
        this.i--
      }
      const n = this.textOrAction()
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`)
      root.nodes.push(n)
    }
    return root
  }

  private parseDefinition(): void {
    const context = 'define clause'
    const tok = this.nextNonSpace()
    if (tok.typ !== T.String && tok.typ !== T.RawString) this.unexpected(tok, context)
    const name = this.unquote(tok.val)
    this.expect(T.RightDelim, context)
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`)
    this.defs.push({name, parseName: this.parseName, text: this.text, root: list})
  }

  private unquote(q: string): string {
    try {
      return unquoteGo(q)
    } catch {
      return this.errorf('invalid syntax')
    }
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = {kind: 'list', pos: this.peekNonSpace().pos, nodes: []}
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction()
      if (n.kind === 'end' || n.kind === 'else') return [list, n]
      list.nodes.push(n)
    }
    return this.errorf('unexpected EOF')
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace()
    switch (token.typ) {
      case T.Text:
        return {kind: 'text', pos: token.pos, text: token.val}
      case T.LeftDelim: {
        this.actionLine = token.line
        try {
          return this.action()
        } finally {
          this.actionLine = 0
        }
      }
      default:
        return this.unexpected(token, 'input')
    }
  }

  private action(): Node {
    const token = this.nextNonSpace()
    switch (token.typ) {
      case T.Block:
        return this.blockControl()
      case T.Break:
      case T.Continue: {
        const word = token.typ === T.Break ? 'break' : 'continue'
        const t2 = this.nextNonSpace()
        if (t2.typ !== T.RightDelim) this.unexpected(t2, `{{${word}}}`)
        if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`)
        return {kind: word, pos: token.pos, line: token.line}
      }
      case T.Else: {
        const peek = this.peekNonSpace()
        if (peek.typ === T.If || peek.typ === T.With) return {kind: 'else', pos: peek.pos, line: peek.line}
        const t2 = this.expect(T.RightDelim, 'else')
        return {kind: 'else', pos: t2.pos, line: t2.line}
      }
      case T.End: {
        const t2 = this.expect(T.RightDelim, 'end')
        return {kind: 'end', pos: t2.pos, line: t2.line}
      }
      case T.If:
        return this.parseControl('if')
      case T.Range:
        return this.parseControl('range')
      case T.With:
        return this.parseControl('with')
      case T.Template:
        return this.templateControl()
    }
    this.backup()
    const tok = this.peek()
    return {kind: 'action', pos: tok.pos, line: tok.line, pipe: this.pipeline('command', T.RightDelim)}
  }

  private pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace()
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: token.pos,
      line: token.line,
      isAssign: false,
      decl: [],
      cmds: [],
    }
    for (;;) {
      const v = this.peekNonSpace()
      if (v.typ !== T.Variable) break
      this.nextNonSpace()
      const nxt = this.peekNonSpace()
      if (nxt.typ === T.Assign || nxt.typ === T.Declare) {
        pipe.isAssign = nxt.typ === T.Assign
        this.nextNonSpace()
        pipe.decl.push({kind: 'variable', pos: v.pos, ident: v.val.split('.')})
        this.vars.push(v.val)
        break
      } else if (nxt.typ === T.Char && nxt.val === ',') {
        this.nextNonSpace()
        pipe.decl.push({kind: 'variable', pos: v.pos, ident: v.val.split('.')})
        this.vars.push(v.val)
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ
          if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue
          this.errorf('range can only initialize variables')
        }
        this.errorf(`too many declarations in ${context}`)
      } else {
        // not a declaration: put the variable back
        while (this.items[this.i - 1] !== v) this.i--
        this.i--
        break
      }
    }
    for (;;) {
      const token = this.nextNonSpace()
      if (token.typ === end) {
        this.checkPipeline(pipe, context)
        return pipe
      }
      switch (token.typ) {
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup()
          pipe.cmds.push(this.command())
          break
        default:
          this.unexpected(token, context)
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`)
    for (let i = 1; i < pipe.cmds.length; i++) {
      const k = pipe.cmds[i].args[0].kind
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`)
      }
    }
  }

  private parseControl(context: 'if' | 'range' | 'with'): BranchNode {
    const nvars = this.vars.length
    const pipe = this.pipeline(context, T.RightDelim)
    if (context === 'range') this.rangeDepth++
    const [list, next0] = this.itemList()
    let next = next0
    if (context === 'range') this.rangeDepth--
    let elseList: ListNode | undefined
    if (next.kind === 'else') {
      const pk = this.peek().typ
      if ((context === 'if' && pk === T.If) || (context === 'with' && pk === T.With)) {
        this.next()
        elseList = {kind: 'list', pos: next.pos, nodes: [this.parseControl(context)]}
      } else {
        ;[elseList, next] = this.itemList()
        if (next.kind !== 'end') this.errorf(`expected end; found ${nodeString(next)}`)
      }
    }
    this.vars.length = nvars
    return {kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList}
  }

  private templateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token.val)
    return this.unexpected(token, context)
  }

  private blockControl(): TemplateNode {
    const context = 'block clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    const pipe = this.pipeline(context, T.RightDelim)
    const saved = this.vars
    this.vars = ['$']
    const [list, end] = this.itemList()
    this.vars = saved
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`)
    this.defs.push({name, parseName: this.parseName, text: this.text, root: list})
    return {kind: 'template', pos: token.pos, line: token.line, name, pipe}
  }

  private templateControl(): TemplateNode {
    const context = 'template clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    let pipe: PipeNode | undefined
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup()
      pipe = this.pipeline(context, T.RightDelim)
    }
    return {kind: 'template', pos: token.pos, line: token.line, name, pipe}
  }

  private command(): CommandNode {
    const cmd: CommandNode = {kind: 'command', pos: this.peekNonSpace().pos, args: []}
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand) cmd.args.push(operand)
      const token = this.next()
      if (token.typ === T.Space) continue
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup()
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand')
      break
    }
    if (cmd.args.length === 0) this.errorf('empty command')
    return cmd
  }

  private operand(): ArgNode | undefined {
    const node = this.term()
    if (!node) return undefined
    if (this.peek().typ !== T.Field) return node
    const pos = this.peek().pos
    const fields: string[] = []
    while (this.peek().typ === T.Field) fields.push(this.next().val.slice(1))
    switch (node.kind) {
      case 'field':
        return {kind: 'field', pos, ident: [...node.ident, ...fields]}
      case 'variable':
        return {kind: 'variable', pos, ident: [...node.ident, ...fields]}
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${quoteGo(nodeString(node))}`)
      default:
        return {kind: 'chain', pos, node, field: fields}
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace()
    switch (token.typ) {
      case T.Identifier:
        if (!this.hasFunc(token.val)) this.errorf(`function ${quoteGo(token.val)} not defined`)
        return {kind: 'identifier', pos: token.pos, ident: token.val}
      case T.Dot:
        return {kind: 'dot', pos: token.pos}
      case T.Nil:
        return {kind: 'nil', pos: token.pos}
      case T.Variable: {
        const ident = token.val.split('.')
        if (!this.vars.includes(ident[0])) this.errorf(`undefined variable ${quoteGo(ident[0])}`)
        return {kind: 'variable', pos: token.pos, ident}
      }
      case T.Field:
        return {kind: 'field', pos: token.pos, ident: token.val.slice(1).split('.')}
      case T.Bool:
        return {kind: 'bool', pos: token.pos, value: token.val === 'true'}
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        try {
          return parseNumber(token.pos, token.val, token.typ)
        } catch (e) {
          return this.errorf((e as Error).message)
        }
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen)
      case T.String:
      case T.RawString:
        return {kind: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val)}
    }
    this.backup()
    return undefined
  }
}

/**
 * Parses one template text. Returns the main tree plus every `define`/`block` tree found in it.
 * Throws TemplateError with Go's parse error message.
 */
export function parseTemplate(
  name: string,
  text: string,
  hasFunc: FuncNameCheck,
): {main: Tree; defs: Tree[]} {
  const defs: Tree[] = []
  const parser = new Parser(text, name, hasFunc, defs)
  const root = parser.parse()
  return {main: {name, parseName: name, text, root}, defs}
}

/**
 * Go's IsEmptyTree: a tree with only whitespace text (and comments, which the lexer drops) does not replace
 * a definition.
 */
export function isEmptyTree(n: Node): boolean {
  switch (n.kind) {
    case 'list':
      return n.nodes.every(isEmptyTree)
    case 'text':
      return /^\s*$/.test(n.text)
    default:
      return false
  }
}
