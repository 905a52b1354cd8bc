import {usageError} from '../errors.js'

/** Envoy's level names as istioctl accepts them (warn = warning). */
export const LEVELS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'critical',
  off: 'off',
}
/** The pseudo logger that sets every logger at once (Envoy's `?level=`). */
export const ALL_LOGGERS = 'level'

/**
 * `--level` to the admin API queries istioctl sends, in order: `level=X` for a bare level (all loggers)
 * first, then `name=level` per logger. `known` is Envoy's answer to POST /logging (the logger list).
 */
export function logLevelQueries(spec: string, known: string): string[] {
  const levels = new Map<string, string>()
  for (const part of spec.split(',')) {
    if (!part.includes(':') && !part.includes('=')) {
      const level = LEVELS[part]
      if (!level) throw usageError(`unrecognized logging level: ${part}`)
      levels.clear()
      levels.set(ALL_LOGGERS, level)
      continue
    }
    const pieces = part.split('::')
    const [name, lvl] = splitOnce(pieces[pieces.length - 1]!)
    if (!known.includes(name) && name !== ALL_LOGGERS) throw usageError(`unrecognized logger name: ${name}`)
    const level = LEVELS[lvl]
    if (!level) throw usageError(`unrecognized logging level: ${lvl}`)
    levels.set(name, level)
  }
  const out: string[] = []
  if (levels.has(ALL_LOGGERS)) out.push(`${ALL_LOGGERS}=${levels.get(ALL_LOGGERS)}`)
  for (const [name, level] of levels) if (name !== ALL_LOGGERS) out.push(`${name}=${level}`)
  return out
}

function splitOnce(s: string): [string, string] {
  const m = /[:=]/.exec(s)
  return m ? [s.slice(0, m.index), s.slice(m.index + 1)] : [s, '']
}

/** The proxy log level the injector config sets (values.global.proxy.logLevel), else warning. */
export function injectorLogLevel(values: string | undefined): string {
  try {
    const v = JSON.parse(values ?? '{}') as {global?: {proxy?: {logLevel?: string}}}
    const level = v.global?.proxy?.logLevel
    return level && LEVELS[level] ? LEVELS[level] : 'warning'
  } catch {
    return 'warning'
  }
}
