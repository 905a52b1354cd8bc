/**
 * `profile dump` / `profile diff`: the merged IstioOperator of a profile (plus files and `--set`), printed as
 * YAML, JSON or `path=value` flags, and a unified diff between two profiles.
 * @module
 */
import {createTwoFilesPatch} from 'diff'
import {usageError} from '../errors.js'
import {resolveIstioOperator, type GenerateOptions} from './generate.js'
import {marshalYaml, type Json} from './goyaml.js'
import {getPath, isTree, type Tree} from './values.js'

/** Output formats of `profile dump`. */
export const DUMP_FORMATS = ['yaml', 'json', 'flags'] as const
export type DumpFormat = (typeof DUMP_FORMATS)[number]

/** The merged IstioOperator for the inputs (apiVersion, kind, spec), or the subtree at `configPath`. */
export function dumpProfile(opts: GenerateOptions, configPath = ''): Json {
  const {merged} = resolveIstioOperator(opts)
  const iop: Tree = {
    apiVersion: merged.apiVersion ?? null,
    kind: merged.kind ?? null,
    spec: merged.spec ?? {},
  }
  if (configPath === '') return iop
  const v = getPath(iop, configPath.startsWith('spec.') ? configPath : `spec.${configPath}`)
  if (v === undefined) throw usageError(`config path ${configPath} not found in the merged IstioOperator`)
  return v
}

const escapeKey = (k: string) => k.replaceAll('.', '\\.')

/** `path=value` lines, sorted, strings quoted (the historic `profile dump -o flags`). */
export function toFlags(v: Json, prefix = ''): string[] {
  const out: string[] = []
  const walk = (x: Json, p: string): void => {
    if (Array.isArray(x)) {
      if (x.length === 0) out.push(`${p}=[]`)
      x.forEach((e, i) => walk(e, `${p}[${i}]`))
    } else if (isTree(x)) {
      const keys = Object.keys(x)
      if (keys.length === 0 && p !== '') out.push(`${p}={}`)
      for (const k of keys) walk(x[k]!, p === '' ? escapeKey(k) : `${p}.${escapeKey(k)}`)
    } else out.push(`${p}=${typeof x === 'string' ? JSON.stringify(x) : String(x)}`)
  }
  walk(v, prefix)
  return out.sort()
}

/** Formats a dump. */
export function formatDump(v: Json, format: DumpFormat): string {
  switch (format) {
    case 'yaml':
      // A scalar (from --config-path) prints as itself, without YAML's document-end marker.
      if (v === null || typeof v !== 'object') return `${typeof v === 'string' ? v : JSON.stringify(v)}\n`
      return marshalYaml(v)
    case 'json':
      return JSON.stringify(v, null, 2) + '\n'
    case 'flags':
      return toFlags(v).join('\n') + '\n'
  }
}

/** A unified diff of two profiles' dumps ('' when they are the same). */
export function diffProfiles(
  a: string,
  b: string,
  base: Omit<GenerateOptions, 'sets'> & {sets?: string[]},
): string {
  const dump = (p: string) =>
    formatDump(dumpProfile({...base, sets: [`profile=${p}`, ...(base.sets ?? [])]}), 'yaml')
  const [ta, tb] = [dump(a), dump(b)]
  if (ta === tb) return ''
  return createTwoFilesPatch(`profile ${a}`, `profile ${b}`, ta, tb, undefined, undefined, {context: 3})
    .split('\n')
    .slice(1)
    .join('\n')
}
