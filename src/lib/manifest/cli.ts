/**
 * Flags shared by the commands that take IstioOperator inputs (`manifest generate`, `profile dump`, `install`),
 * and reading `-f` files (comma lists, `-` for stdin as the last one).
 * @module
 */
import {Flags} from '@oclif/core'
import {usageError} from '../errors.js'
import {readTextFileSync} from '../input/read.js'
import type {InputFile} from './merge.js'

/** `-f/--filename`, `-s/--set`, `-d/--manifests`, `-r/--revision`, `--force`. */
export const istioOperatorFlags = {
  filename: Flags.string({
    char: 'f',
    summary:
      'IstioOperator file(s) to merge, in order (comma-separated or repeated; "-" reads stdin, last only).',
    multiple: true,
  }),
  set: Flags.string({
    char: 's',
    summary:
      'Override an IstioOperator value, e.g. --set profile=demo or --set values.pilot.autoscaleMin=2 (repeatable).',
    multiple: true,
  }),
  manifests: Flags.string({
    char: 'd',
    summary: 'Charts and profiles directory (an istioctl-compatible manifests/ dir; default: meshctl’s own).',
    aliases: ['charts'],
  }),
  revision: Flags.string({char: 'r', summary: 'Control plane revision.', default: ''}),
  force: Flags.boolean({summary: 'Proceed even when validation fails (errors are printed as warnings).'}),
}

/** Reads all of stdin; the input module (and its YAML parser) is loaded only when `-f -` asks for it. */
async function readProcessStdin(): Promise<string> {
  return (await import('../input/files.js')).readProcessStdin()
}

/** Reads `-f` inputs in order. */
export async function readInputFiles(
  names: string[] = [],
  readStdin: () => Promise<string> = readProcessStdin,
): Promise<InputFile[]> {
  const list = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '')
  const out: InputFile[] = []
  for (const [i, name] of list.entries()) {
    if (name === '-') {
      if (i !== list.length - 1) throw usageError('stdin is only allowed as the last filename')
      out.push({name: '<stdin>', text: await readStdin()})
      continue
    }
    out.push({name, text: readTextFileSync(name)})
  }
  return out
}
