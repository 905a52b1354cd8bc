import {classifyError, formatErrorReport, isExitError} from './classify.js'

/** Last-resort handler for bin/run.js: prints one `error:` line (stack only with --debug) and sets the exit code. */
export function handleFatal(err: unknown, debug = false): void {
  if (isExitError(err)) {
    process.exitCode = err.oclif.exit
    return
  }
  const report = classifyError(err)
  process.stderr.write(formatErrorReport(report))
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n')
  process.exitCode = report.exitCode
}
