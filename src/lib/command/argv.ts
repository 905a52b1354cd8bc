import {usageError} from '../errors.js'

interface FlagDef {
  type: string
  allowNo?: boolean
  aliases?: string[]
}

/**
 * Accepts Go-style boolean flag values (`--remote=false`, `--remote=true`), which istioctl users type
 * and oclif rejects, by rewriting them to `--remote` / `--no-remote` (or dropping a false value).
 */
export function normalizeBooleanArgs(argv: readonly string[], flags: Record<string, FlagDef>): string[] {
  const booleans = new Map<string, {name: string; def: FlagDef}>()
  for (const [name, def] of Object.entries(flags)) {
    if (def.type !== 'boolean') continue
    for (const n of [name, ...(def.aliases ?? [])]) booleans.set(n, {name, def})
  }
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const m = /^--([^=]+)=(.*)$/.exec(arg)
    const flag = m && booleans.get(m[1])
    if (!m || !flag) {
      out.push(arg)
      continue
    }
    const value = m[2].toLowerCase()
    if (['true', '1', 't'].includes(value)) out.push(`--${flag.name}`)
    else if (['false', '0', 'f'].includes(value)) {
      if (flag.def.allowNo) out.push(`--no-${flag.name}`)
    } else throw usageError(`invalid value "${m[2]}" for --${m[1]}: expected true or false`)
  }
  return out
}
