import type {FieldPath} from '../input/index.js'
import type {Resource} from './resource.js'

/** Severity of a finding; the order is istioctl's (Error is the worst). */
export type Level = 'Error' | 'Warning' | 'Info'

/** Levels from worst to mildest. */
export const LEVELS: readonly Level[] = ['Error', 'Warning', 'Info']

/** Lower is worse: Error 0, Warning 1, Info 2 (istioctl's sort order). */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level)
}

/** Parses a level name case-insensitively (`warning`, `ERROR`); undefined when unknown. */
export function parseLevel(text: string): Level | undefined {
  return LEVELS.find((l) => l.toLowerCase() === text.toLowerCase())
}

/** One entry of the message catalog (messages.yaml). */
export interface MessageType {
  readonly name: string
  readonly code: string
  readonly level: Level
  readonly description: string
  /** A Go format string (%s %q %v %d), kept verbatim from istioctl so texts match. */
  readonly template: string
}

/** One finding: a message type, its arguments and the resource (and field) it is about. */
export interface Message {
  readonly type: MessageType
  readonly args: readonly unknown[]
  readonly resource?: Resource
  /** The offending field inside the resource, for a precise line. */
  readonly field?: FieldPath
}

/** Quotes a string the way Go's %q does for printable text. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\x${h.slice(2)}`)
}

function goValue(verb: string, v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => goValue(verb, x)).join(' ')}]`
  if (verb === 'q') return typeof v === 'string' ? goQuote(v) : String(v)
  if (v instanceof Error) return v.message
  return String(v)
}

/**
 * Formats a Go-style template with the verbs the catalog uses: %s, %v, %d (values, slices as `[a b]`),
 * %q (quoted strings) and %%. A missing argument prints `%!v(MISSING)` like Go.
 */
export function goSprintf(template: string, args: readonly unknown[]): string {
  let i = 0
  return template.replace(/%([%sqvd])/g, (_, verb: string) => {
    if (verb === '%') return '%'
    if (i >= args.length) return `%!${verb}(MISSING)`
    return goValue(verb, args[i++])
  })
}

/** The message text, as istioctl prints it. */
export function messageText(m: Message): string {
  return goSprintf(m.type.template, m.args)
}
