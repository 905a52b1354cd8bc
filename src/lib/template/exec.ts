/**
 * Executes parsed template trees with Go text/template semantics. Each tree is compiled once into a tree of
 * closures; executing a template only runs closures (no re-parsing, no regular expressions).
 */
import {FuncError, TemplateError} from './errors.js'
import {formatValue, quoteGo} from './fmt.js'
import {
  type AnyNode,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type Tree,
  nodeString,
} from './parse.js'
import {GoStruct, Int64, goTypeName, intOf, isGoMap, isTrue, sortedKeys} from './values.js'

/**
 * Parameter types of template functions, used for Go's argument checking and literal conversion:
 * `any` is interface{}, `value` is reflect.Value (receives missing values as `undefined`).
 */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'float64' | 'bool' | 'slice' | 'map'

/** A template function: the implementation plus its Go signature. Throw to return a Go error. */
export interface FuncDef {
  fn: (this: ExecContext, ...args: never[]) => unknown
  params: ParamType[]
  /** Element type of a trailing `...` parameter. */
  variadic?: ParamType
  /** Set on Go's builtin `and`/`or`, which short-circuit. */
  shortCircuit?: 'and' | 'or'
  /** Set on Go's builtin `call`: it gets the callee's source text first, for its error messages. */
  calleeName?: boolean
}

/** Functions by name. */
export type FuncMap = Record<string, FuncDef>

/** How a missing map key evaluates (Go's `missingkey=` option). */
export type MissingKey = 'default' | 'invalid' | 'zero' | 'error'

/** The context `this` passed to template functions: lets `include`/`tpl` execute templates of the set. */
export interface ExecContext {
  /** Executes a named template of the current set with `data`, sharing the current options. */
  executeTemplate(name: string, data: unknown): string
  /** The set being executed. */
  readonly set: TemplateSetLike
  readonly missingKey: MissingKey
}

/** What the executor needs from a template set. */
export interface TemplateSetLike {
  lookup(name: string): Tree | undefined
  readonly funcs: FuncMap
  /** The root template's name, for "no template ... associated with" errors. */
  readonly name: string
}

const MISSING = Symbol('missing')
type Final = unknown
type Exec = (s: State, dot: unknown) => number // 0 ok, 1 break, 2 continue
type Eval = (s: State, dot: unknown) => unknown
type CmdEval = (s: State, dot: unknown, final: Final) => unknown

const BREAK = 1
const CONTINUE = 2
const MAX_EXEC_DEPTH = 100000

const PARAM_GO_NAME: Record<ParamType, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  slice: '[]interface {}',
  map: 'map[string]interface {}',
}

class State implements ExecContext {
  out = ''
  names: string[] = []
  values: unknown[] = []
  node: AnyNode | undefined
  tree!: Tree
  tmplName = ''
  /** Whether dot has static type interface{} (a range element): Go names that type in field errors. */
  dotIface = false
  depth = 0
  /** The template calls in progress, outermost first: where a runaway recursion is reported. */
  calls: {node: TemplateNode; tree: Tree; tmplName: string}[] = []

  constructor(
    readonly set: TemplateSetLike,
    readonly missingKey: MissingKey,
  ) {}

  executeTemplate(name: string, data: unknown): string {
    return executeTree(this.set, name, data, this.missingKey)
  }

  push(name: string, value: unknown): void {
    this.names.push(name)
    this.values.push(value)
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.values[i] = value
        return
      }
    }
    this.errorf(`undefined variable: ${name}`)
  }

  /** A variable's value: the parser refuses a variable read outside its scope, so it is always found. */
  varValue(name: string): unknown {
    return this.values[this.names.lastIndexOf(name)]
  }

  pop(mark: number): void {
    this.names.length = mark
    this.values.length = mark
  }

  errorf(msg: string, cause?: TemplateError): never {
    const name = this.tmplName
    if (!this.node) throw new TemplateError(`template: ${name}: ${msg}`, name, 0, 0, 'exec')
    const {text, parseName} = this.tree
    const pos = this.node.pos
    const before = text.slice(0, pos)
    const nl = before.lastIndexOf('\n')
    const col = nl < 0 ? Buffer.byteLength(before) : Buffer.byteLength(before.slice(nl + 1))
    let line = 1
    for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++
    const message = `template: ${parseName}:${line}:${col}: executing ${quoteGo(name)} at <${nodeString(this.node)}>: ${msg}`
    // Point the fields at the innermost template error (e.g. inside an `include`), the message stays Go's.
    if (cause) throw new TemplateError(message, cause.file, cause.line, cause.col, 'exec')
    throw new TemplateError(message, parseName, line, col, 'exec')
  }
}

const compiled = new WeakMap<ListNode, Exec>()

/** Executes template `name` of `set` with `data`; returns the output. Throws TemplateError. */
export function executeTree(
  set: TemplateSetLike,
  name: string,
  data: unknown,
  missingKey: MissingKey,
): string {
  const tree = set.lookup(name)
  if (!tree)
    throw new TemplateError(
      `template: no template ${quoteGo(name)} associated with template ${quoteGo(set.name)}`,
      name,
      0,
      0,
      'exec',
    )
  const s = new State(set, missingKey)
  s.tree = tree
  s.tmplName = name
  const dot = data === null ? undefined : data
  s.push('$', dot)
  runTree(s, tree, dot)
  return s.out
}

function runTree(s: State, tree: Tree, dot: unknown): void {
  let fn = compiled.get(tree.root)
  if (!fn) {
    fn = compileList(tree.root)
    compiled.set(tree.root, fn)
  }
  fn(s, dot)
}

// ---- compilation of statements ----

function compileList(list: ListNode): Exec {
  const fns = list.nodes.map(compileNode)
  if (fns.length === 1) return fns[0]
  return (s, dot) => {
    for (let i = 0; i < fns.length; i++) {
      const r = fns[i](s, dot)
      if (r !== 0) return r
    }
    return 0
  }
}

function compileNode(node: Node): Exec {
  switch (node.kind) {
    case 'text': {
      const text = node.text
      return (s) => {
        s.out += text
        return 0
      }
    }
    case 'action': {
      const pipe = compilePipeline(node.pipe)
      const print = node.pipe.decl.length === 0
      return (s, dot) => {
        s.node = node
        const v = pipe(s, dot)
        if (print) printValue(s, node, v)
        return 0
      }
    }
    case 'break':
      return (s) => {
        s.node = node
        return BREAK
      }
    case 'continue':
      return (s) => {
        s.node = node
        return CONTINUE
      }
    case 'if':
    case 'with':
      return compileIfWith(node)
    case 'range':
      return compileRange(node)
    case 'template':
      return compileTemplate(node)
    case 'list':
      return compileList(node)
    default:
      throw new Error(`unknown node: ${nodeString(node)}`)
  }
}

function printValue(s: State, node: AnyNode, v: unknown): void {
  s.node = node
  if (v === undefined) {
    s.out += '<no value>'
    return
  }
  if (typeof v === 'function') s.errorf(`can't print ${nodeString(node)} of type func`)
  s.out += typeof v === 'string' ? v : formatValue(v)
}

function compileIfWith(node: BranchNode): Exec {
  const pipe = compilePipeline(node.pipe)
  const list = compileList(node.list)
  const elseList = node.elseList ? compileList(node.elseList) : undefined
  const isWith = node.kind === 'with'
  return (s, dot) => {
    s.node = node
    const mark = s.names.length
    const v = pipe(s, dot)
    let r = 0
    if (isTrue(v)) {
      if (isWith) {
        const savedIface = s.dotIface
        s.dotIface = false
        r = list(s, v)
        s.dotIface = savedIface
      } else r = list(s, dot)
    } else if (elseList) r = elseList(s, dot)
    s.pop(mark)
    return r
  }
}

function compileRange(node: BranchNode): Exec {
  const pipe = compilePipeline(node.pipe)
  const list = compileList(node.list)
  const elseList = node.elseList ? compileList(node.elseList) : undefined
  const decl = node.pipe.decl
  const isAssign = node.pipe.isAssign
  return (s, dot) => {
    s.node = node
    const mark0 = s.names.length
    const val = pipe(s, dot)
    const mark = s.names.length
    const one = (index: unknown, elem: unknown): number => {
      if (decl.length > 0) {
        if (isAssign) s.setVar(decl[0].ident[0], decl.length > 1 ? index : elem)
        else s.values[s.values.length - 1] = elem
      }
      if (decl.length > 1) {
        if (isAssign) s.setVar(decl[1].ident[0], elem)
        else s.values[s.values.length - 2] = index
      }
      const r = list(s, elem)
      s.pop(mark)
      return r
    }
    let ran = false
    const savedIface = s.dotIface
    const count = intOf(val)
    s.dotIface = count === undefined
    if (count !== undefined) {
      if (decl.length > 1) s.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`)
      for (let i = 0n; i < count; i++) {
        ran = true
        if (one(undefined, val instanceof Int64 ? new Int64(i) : i) === BREAK) break
      }
    } else if (Array.isArray(val) || (val instanceof GoStruct && val.goSlice())) {
      const list = Array.isArray(val) ? val : (val as GoStruct).goSlice()!
      for (let i = 0; i < list.length; i++) {
        ran = true
        if (one(BigInt(i), list[i]) === BREAK) break
      }
    } else if (val instanceof GoStruct && val.goEntries()) {
      for (const [k, v] of val.goEntries()!) {
        ran = true
        if (one(k, v) === BREAK) break
      }
    } else if (isGoMap(val)) {
      for (const k of sortedKeys(val)) {
        ran = true
        if (one(k, val[k]) === BREAK) break
      }
    } else if (val !== undefined && val !== null) {
      s.errorf(`range can't iterate over ${formatValue(val)}`)
    }
    s.dotIface = savedIface
    if (!ran && elseList) {
      const r = elseList(s, dot)
      s.pop(mark0)
      return r
    }
    s.pop(mark0)
    return 0
  }
}

function compileTemplate(node: TemplateNode): Exec {
  const pipe = node.pipe ? compilePipeline(node.pipe) : undefined
  const name = node.name
  return (s, dot) => {
    s.node = node
    const tree = s.set.lookup(name)
    if (!tree) return s.errorf(`template ${quoteGo(name)} not defined`)
    if (s.depth === MAX_EXEC_DEPTH) s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`)
    const newDot = pipe ? pipe(s, dot) : undefined
    const {names, values, tree: oldTree, tmplName, dotIface} = s
    s.dotIface = false
    s.names = ['$']
    s.values = [newDot]
    s.tree = tree
    s.tmplName = name
    s.calls.push({node, tree: oldTree, tmplName})
    s.depth++
    if (s.depth === 1) {
      // JavaScript's stack ends before Go's depth limit: report a runaway recursion as Go would.
      try {
        runTree(s, tree, newDot)
      } catch (e) {
        if (!(e instanceof RangeError)) throw e
        const at = callAtMaxDepth(s.calls)
        s.names = names
        s.values = values
        s.tree = at.tree
        s.tmplName = at.tmplName
        s.node = at.node
        s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`)
      }
    } else runTree(s, tree, newDot)
    s.calls.pop()
    s.depth--
    s.dotIface = dotIface
    s.names = names
    s.values = values
    s.tree = oldTree
    s.tmplName = tmplName
    return 0
  }
}

/**
 * The call Go stops at (the one made at depth MAX_EXEC_DEPTH) when the calls in progress (deepest last, cut
 * short by JavaScript's stack) end in a cycle: the cycle's call whose depth is MAX_EXEC_DEPTH modulo its
 * length. Without a cycle, the deepest call.
 */
function callAtMaxDepth<T extends {node: TemplateNode}>(calls: T[]): T {
  const last = calls.length - 1
  for (let k = 1; k <= last / 2; k++) {
    let cycle = true
    for (let j = 0; j < k && cycle; j++) cycle = calls[last - j].node === calls[last - j - k].node
    if (cycle) return calls[last - ((((last - MAX_EXEC_DEPTH) % k) + k) % k)]
  }
  return calls[last]
}

// ---- compilation of expressions ----

function compilePipeline(pipe: PipeNode): Eval {
  const cmds = pipe.cmds.map(compileCommand)
  const decl = pipe.decl.map((d) => d.ident[0])
  const isAssign = pipe.isAssign
  return (s, dot) => {
    s.node = pipe
    let v: unknown = MISSING
    for (let i = 0; i < cmds.length; i++) {
      v = cmds[i](s, dot, v)
      if (v === null) v = undefined // a nil interface{} digs down to an invalid value
    }
    for (const name of decl) {
      if (isAssign) s.setVar(name, v)
      else s.push(name, v)
    }
    return v
  }
}

function notAFunction(s: State, args: ArgNode[], final: Final): void {
  if (args.length > 1 || final !== MISSING)
    s.errorf(`can't give argument to non-function ${nodeString(args[0])}`)
}

function compileCommand(cmd: CommandNode): CmdEval {
  const first = cmd.args[0]
  const args = cmd.args
  switch (first.kind) {
    case 'field': {
      const chain = compileFieldChain(first, first.ident, args)
      return (s, dot, final) => {
        s.node = first
        return chain(s, dot, dot, final, s.dotIface)
      }
    }
    case 'chain': {
      const recv = compileArg(first.node, undefined)
      const chain = compileFieldChain(first, first.field, args)
      // a chain never starts at nil: the parser refuses `nil.X` ("unexpected . after term")
      return (s, dot, final) => {
        s.node = first
        return chain(s, dot, recv(s, dot), final)
      }
    }
    case 'identifier':
      return compileFunction(first.ident, cmd, args.slice(1), first)
    case 'pipe': {
      const pipe = compilePipeline(first)
      return (s, dot, final) => {
        notAFunction(s, args, final)
        return pipe(s, dot)
      }
    }
    case 'variable': {
      const name = first.ident[0]
      const chain = first.ident.length > 1 ? compileFieldChain(first, first.ident.slice(1), args) : undefined
      return (s, dot, final) => {
        s.node = first
        const v = s.varValue(name)
        if (!chain) {
          notAFunction(s, args, final)
          return v
        }
        return chain(s, dot, v, final)
      }
    }
  }
  const constant = compileConstant(first)
  return (s, dot, final) => {
    s.node = first
    notAFunction(s, args, final)
    return constant(s, dot)
  }
}

function compileConstant(node: ArgNode): Eval {
  switch (node.kind) {
    case 'bool': {
      const b = node.value
      return () => b
    }
    case 'dot':
      return (_s, dot) => dot
    case 'nil':
      return (s) => s.errorf('nil is not a command')
    case 'number':
      return idealConstant(node)
    case 'string': {
      const t = node.text
      return () => t
    }
  }
  return (s) => s.errorf(`can't evaluate command ${quoteGo(nodeString(node))}`)
}

function idealConstant(n: NumberNode): Eval {
  if (n.isComplex) return (s) => s.errorf(`complex constants are not supported: ${n.text}`)
  const t = n.text
  // Go's isHexInt: a sign makes a hex literal with an e or E in it a float
  const isHexInt = /^0[xX]/.test(t) && !/[pP]/.test(t)
  if (n.isFloat && !isHexInt && !t.startsWith("'") && /[.eEpP]/.test(t)) {
    const f = n.float
    return (s) => {
      s.node = n
      return f
    }
  }
  if (n.isInt) {
    const i = n.int
    return (s) => {
      s.node = n
      return i
    }
  }
  return (s) => {
    s.node = n
    return s.errorf(`${t} overflows int`)
  }
}

type ChainEval = (s: State, dot: unknown, receiver: unknown, final: Final, recvIface?: boolean) => unknown

function compileFieldChain(node: ArgNode, ident: string[], args: ArgNode[] | undefined): ChainEval {
  const n = ident.length
  const last = ident[n - 1]
  const argFns = args ? compileCallArgs(args.slice(1)) : undefined
  const nArgs = args ? args.length : 0
  return (s, dot, receiver, final, recvIface = false) => {
    let fromMap = recvIface
    for (let i = 0; i < n - 1; i++) {
      const next = evalField(s, dot, ident[i], node, undefined, 0, MISSING, receiver, fromMap)
      fromMap = isGoMap(receiver)
      receiver = next
    }
    return evalField(s, dot, last, node, argFns, nArgs, final, receiver, fromMap)
  }
}

/** Method arguments are untyped (interface{}) for GoStruct methods. */
function compileCallArgs(args: ArgNode[]): Eval[] {
  return args.map((a) => compileArg(a, 'any'))
}

function evalField(
  s: State,
  dot: unknown,
  name: string,
  node: AnyNode,
  argFns: Eval[] | undefined,
  nArgs: number,
  final: Final,
  receiver: unknown,
  fromMap = false,
): unknown {
  if (receiver === undefined) {
    if (s.missingKey === 'error') s.errorf(`nil data; no entry for key ${quoteGo(name)}`)
    return undefined
  }
  if (receiver === null) s.errorf(`nil pointer evaluating interface {}.${name}`)
  const hasArgs = nArgs > 1 || final !== MISSING
  if (isGoMap(receiver)) {
    if (hasArgs) s.errorf(`${name} is not a method but has arguments`)
    if (Object.hasOwn(receiver, name)) return receiver[name]
    switch (s.missingKey) {
      case 'zero':
        return null
      case 'error':
        return s.errorf(`map has no entry for key ${quoteGo(name)}`)
      default:
        return undefined
    }
  }
  if (receiver instanceof GoStruct) {
    const member = (receiver as unknown as Record<string, unknown>)[name]
    if (typeof member === 'function' && /^[A-Z]/.test(name) && !Object.hasOwn(receiver, name)) {
      const def: FuncDef = {fn: member.bind(receiver), params: []}
      const argv: unknown[] = argFns ? argFns.map((f) => f(s, dot)) : []
      if (final !== MISSING) argv.push(final)
      s.node = node
      // methods take as many (untyped) arguments as the JavaScript function declares
      if (argv.length !== member.length)
        s.errorf(`wrong number of args for ${name}: want ${member.length} got ${argv.length}`)
      return callFunc(s, def, name, node, argv)
    }
    if (Object.hasOwn(receiver, name) && /^[A-Z]/.test(name)) {
      if (hasArgs) s.errorf(`${name} has arguments but cannot be invoked as function`)
      return member
    }
  }
  // A value read from a map[string]interface{} has static type interface {}, which is what Go reports.
  return s.errorf(`can't evaluate field ${name} in type ${fromMap ? 'interface {}' : goTypeName(receiver)}`)
}

function callFunc(s: State, def: FuncDef, name: string, node: AnyNode, argv: unknown[]): unknown {
  try {
    return (def.fn as (...a: unknown[]) => unknown).apply(s, argv)
  } catch (e) {
    s.node = node
    if (e instanceof TemplateError) return s.errorf(`error calling ${name}: ${e.message}`, e)
    if (e instanceof FuncError || e instanceof Error) return s.errorf(`error calling ${name}: ${e.message}`)
    return s.errorf(`error calling ${name}: ${String(e)}`)
  }
}

function compileFunction(name: string, cmd: AnyNode, args: ArgNode[], ident: ArgNode): CmdEval {
  // Functions are resolved when executing, so that a set's FuncMap can be replaced after parsing.
  let cache: {funcs: FuncMap; def: FuncDef; fns: Eval[]; finalType: ParamType | undefined} | undefined
  return (s, dot, final) => {
    s.node = ident
    const funcs = s.set.funcs
    if (!cache || cache.funcs !== funcs) {
      const def = funcs[name]
      if (!def) s.errorf(`${quoteGo(name)} is not a defined function`)
      const fns: Eval[] = []
      for (let i = 0; i < args.length; i++) {
        const t = i < def.params.length ? def.params[i] : def.variadic
        fns.push(t === undefined ? () => undefined : compileArg(args[i], t))
      }
      cache = {funcs, def, fns, finalType: undefined}
    }
    const {def, fns} = cache
    const numIn = args.length + (final === MISSING ? 0 : 1)
    const numFixed = def.params.length
    if (def.variadic !== undefined) {
      if (numIn < numFixed)
        s.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`)
    } else if (numIn !== numFixed) {
      s.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`)
    }
    if (def.shortCircuit) {
      let v: unknown
      for (const f of fns) {
        v = f(s, dot)
        if (isTrue(v) === (def.shortCircuit === 'or')) return v
      }
      if (final !== MISSING) v = final
      return v
    }
    const argv: unknown[] = new Array(numIn)
    for (let i = 0; i < fns.length; i++) argv[i] = fns[i](s, dot)
    if (final !== MISSING) {
      let t: ParamType
      if (def.variadic !== undefined) t = numIn - 1 < numFixed ? def.params[numIn - 1] : def.variadic
      else t = def.params[numFixed - 1]
      argv[numIn - 1] = validateType(s, final, t)
    }
    if (def.calleeName) {
      // reflect.Value.String() of a piped-in callee is `<T Value>`
      const callee = args.length > 0 ? nodeString(args[0]) : `<${goTypeName(final)} Value>`
      return callFunc(s, def, name, cmd, [callee, ...argv])
    }
    return callFunc(s, def, name, cmd, argv)
  }
}

/** Go's validateType: checks that a value can be passed as a parameter of type `t`. */
function validateType(s: State, v: unknown, t: ParamType | undefined): unknown {
  if (v === undefined) {
    if (t === undefined || t === 'value') return undefined
    if (t === 'any' || t === 'slice' || t === 'map') return null
    return s.errorf(`invalid value; expected ${PARAM_GO_NAME[t]}`)
  }
  switch (t) {
    case undefined:
    case 'any':
    case 'value':
      return v
    case 'string':
      if (typeof v === 'string') return v
      break
    case 'int':
      if (typeof v === 'bigint') return v
      break
    case 'float64':
      if (typeof v === 'number') return v
      break
    case 'bool':
      if (typeof v === 'boolean') return v
      break
    case 'slice':
      if (Array.isArray(v)) return v
      break
    case 'map':
      if (isGoMap(v)) return v
      break
  }
  return s.errorf(`wrong type for value; expected ${PARAM_GO_NAME[t]}; got ${goTypeName(v)}`)
}

/** Compiles an argument for a parameter of type `t` (undefined: untyped, as for a chain's receiver). */
function compileArg(n: ArgNode, t: ParamType | undefined): Eval {
  switch (n.kind) {
    case 'dot':
      return (s, dot) => {
        s.node = n
        return validateType(s, dot, t)
      }
    case 'nil':
      return (s) => {
        s.node = n
        if (t === undefined || t === 'value') return undefined
        if (t === 'any' || t === 'slice' || t === 'map') return null
        return s.errorf(`cannot assign nil to ${PARAM_GO_NAME[t]}`)
      }
    case 'field': {
      const chain = compileFieldChain(n, n.ident, [n])
      return (s, dot) => {
        s.node = n
        return validateType(s, chain(s, dot, dot, MISSING, s.dotIface), t)
      }
    }
    case 'variable': {
      const name = n.ident[0]
      const chain = n.ident.length > 1 ? compileFieldChain(n, n.ident.slice(1), undefined) : undefined
      return (s, dot) => {
        s.node = n
        const v = s.varValue(name)
        return validateType(s, chain ? chain(s, dot, v, MISSING) : v, t)
      }
    }
    case 'pipe': {
      const pipe = compilePipeline(n)
      return (s, dot) => {
        s.node = n
        return validateType(s, pipe(s, dot), t)
      }
    }
    case 'identifier': {
      const fn = compileFunction(n.ident, n, [], n)
      return (s, dot) => {
        s.node = n
        return validateType(s, fn(s, dot, MISSING), t)
      }
    }
    case 'chain': {
      const cmd = compileCommand({kind: 'command', pos: n.pos, args: [n]})
      return (s, dot) => {
        s.node = n
        return validateType(s, cmd(s, dot, MISSING), t)
      }
    }
  }
  const fail = (what: string): Eval => {
    return (s) => {
      s.node = n
      return s.errorf(what)
    }
  }
  const str = nodeString(n)
  switch (t) {
    case 'bool':
      if (n.kind === 'bool') return constant(n, n.value)
      return fail(`expected bool; found ${str}`)
    case 'string':
      if (n.kind === 'string') return constant(n, n.text)
      return fail(`expected string; found ${str}`)
    case 'int':
      if (n.kind === 'number' && n.isInt) return constant(n, n.int)
      return fail(`expected integer; found ${str}`)
    case 'float64':
      if (n.kind === 'number' && n.isFloat) return constant(n, n.float)
      return fail(`expected float; found ${str}`)
    case 'any':
    case 'value':
    case undefined:
      if (n.kind === 'bool') return constant(n, n.value)
      if (n.kind === 'string') return constant(n, n.text)
      return idealConstant(n)
  }
  return fail(`can't handle ${str} for arg of type ${PARAM_GO_NAME[t]}`)
}

function constant(n: ArgNode, v: unknown): Eval {
  return (s) => {
    s.node = n
    return v
  }
}
