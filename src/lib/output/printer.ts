import {stringify} from 'yaml'
import {formatTable, type Column} from './table.js'
import {usageError} from '../errors.js'

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** Serialises data as JSON the way meshctl prints it: two-space indent and a final newline. */
export function toJson(data: unknown): string {
  return JSON.stringify(data, null, 2) + '\n'
}

/** Serialises data as one YAML document (no `---`), block style, keys in insertion order. */
export function toYaml(data: unknown): string {
  return stringify(data, {lineWidth: 0, indent: 2})
}

/** Renders data in a format: table needs columns (or a custom renderer); json/yaml print the data as is. */
export function render<T>(
  data: T,
  format: OutputFormat,
  table?:
    | {columns: readonly Column<T extends readonly (infer R)[] ? R : never>[]; padding?: number}
    | ((d: T) => string),
): string {
  switch (format) {
    case 'json':
      return toJson(data)
    case 'yaml':
      return toYaml(data)
    case 'table': {
      if (typeof table === 'function') return table(data)
      if (!table || !Array.isArray(data))
        throw usageError('this command has no table output; use -o json or -o yaml')
      return formatTable(data as unknown[], table.columns as unknown as Column<unknown>[], table.padding)
    }
  }
}
