/** A set of named templates sharing definitions and functions, like Go's *template.Template. */
import {builtinFuncs} from './builtins.js'
import {type FuncMap, type MissingKey, type TemplateSetLike, executeTree} from './exec.js'
import {type Tree, isEmptyTree, parseTemplate} from './parse.js'

/** Options for {@link TemplateSet}. */
export interface TemplateSetOptions {
  /** Functions added to (and overriding) Go's builtins. Must be known at parse time, as in Go. */
  funcs?: FuncMap
  /** Go's `missingkey` option; default `default` (missing keys print `<no value>`). */
  missingKey?: MissingKey
  /** Name of the set's root template (Go's t.Name(), used in "no template" errors); default: first parsed. */
  name?: string
}

/**
 * Named templates parsed from text. Parse once, execute many times: trees are compiled to closures on
 * first execution and cached.
 */
export class TemplateSet implements TemplateSetLike {
  readonly funcs: FuncMap
  missingKey: MissingKey
  private readonly trees = new Map<string, Tree>()

  name: string

  constructor(opts: TemplateSetOptions = {}) {
    this.funcs = {...builtinFuncs(), ...opts.funcs}
    this.missingKey = opts.missingKey ?? 'default'
    this.name = opts.name ?? ''
  }

  /**
   * Parses `text` as template `name` (Go's `t.New(name).Parse(text)`): `define`d templates are added to the
   * set; a definition replaces an earlier one of the same name unless it is empty.
   * @throws TemplateError with Go's parse error message.
   */
  parse(name: string, text: string): this {
    if (this.name === '') this.name = name
    const {main, defs} = parseTemplate(name, text, (f) => Object.hasOwn(this.funcs, f))
    for (const t of [...defs, main]) {
      // A definition replaces an earlier one unless it is empty (Go's associate).
      if (!this.trees.has(t.name) || !isEmptyTree(t.root)) this.trees.set(t.name, t)
    }
    return this
  }

  /** The tree of a named template, if defined. */
  lookup(name: string): Tree | undefined {
    return this.trees.get(name)
  }

  /** Names of all templates in the set. */
  names(): string[] {
    return [...this.trees.keys()]
  }

  /**
   * Executes template `name` with `data` as dot. Throws TemplateError (message as Go's) on failure.
   */
  execute(name: string, data: unknown, opts: {missingKey?: MissingKey} = {}): string {
    return executeTree(this, name, data, opts.missingKey ?? this.missingKey)
  }

  /** A copy sharing parsed trees (cheap); later parses into the copy do not affect this set. */
  clone(funcs?: FuncMap): TemplateSet {
    const c = new TemplateSet({
      funcs: {...this.funcs, ...funcs},
      missingKey: this.missingKey,
      name: this.name,
    })
    for (const [k, v] of this.trees) c.trees.set(k, v)
    return c
  }
}
