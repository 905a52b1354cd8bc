import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  stdout: string
  stderr: string
  code: number
}

/** Runs the built CLI (bin/run.js) as a user would, with extra environment; never throws on exit codes. */
export function runCli(
  args: string[],
  opts: {env?: NodeJS.ProcessEnv; input?: string; cwd?: string; nodeArgs?: string[]} = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(opts.nodeArgs ?? []), BIN, ...args],
      {env: {...process.env, ...opts.env}, cwd: opts.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024},
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({stdout, stderr, code})
      },
    )
    if (opts.input !== undefined) child.stdin?.end(opts.input)
    else child.stdin?.end()
  })
}
