import {ExitCode} from './exit-codes.js'
import {MeshctlError} from '../errors.js'
import {closest} from '../suggest.js'

/** A command as oclif lists it: its id (`manifest:generate`), aliases and whether it is hidden. */
export interface CommandEntry {
  id: string
  aliases?: readonly string[]
  hidden?: boolean
}

/** oclif's internal id (`manifest:generate`) as the user types it (`manifest generate`). */
export const displayId = (id: string): string => id.replaceAll(':', ' ')

/**
 * The error for an unknown command, as istioctl words it, with the closest visible command or alias as a
 * "Did you mean this?" hint. Never shows oclif's internal ids.
 */
export function unknownCommandError(
  id: string,
  commands: readonly CommandEntry[],
  bin: string,
): MeshctlError {
  // oclif joins every word into the id (`foo bar` → `foo:bar`); the unknown command is the first word
  // under the known topics, as cobra reports it.
  const words = id.split(':')
  let known = 0
  while (
    known < words.length - 1 &&
    commands.some((c) => c.id.startsWith(`${words.slice(0, known + 1).join(':')}:`))
  )
    known++
  const typed = words.slice(0, known + 1).join(' ')
  const visible = commands.filter((c) => !c.hidden)
  // Candidates at the depth of the unknown word: commands and aliases, and topics (`manifest`).
  const topics = visible.flatMap((c) =>
    c.id
      .split(':')
      .slice(0, -1)
      .map((_, i, w) => w.slice(0, i + 1).join(':')),
  )
  const names = [...new Set([...visible.flatMap((c) => [c.id, ...(c.aliases ?? [])]), ...topics])]
    .filter((n) => n.split(':').length === known + 1)
    .map(displayId)
  const guess = closest(typed, names)
  return new MeshctlError(`unknown command "${typed}" for "${bin}"`, {
    exitCode: ExitCode.USAGE,
    hints: [
      ...(guess ? [`Did you mean this? ${guess}`] : []),
      `run "${bin} --help" for the list of commands`,
    ],
  })
}
