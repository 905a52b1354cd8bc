/**
 * Ctrl-C during a command that changes the cluster: one line on stderr saying what state the cluster is
 * in and what to do, then the process ends by the signal as it would have (exit 130 in a shell).
 * @module
 */

/** Runs `fn`; a SIGINT meanwhile calls `stop` (spinners, progress), prints `error: <message>` and re-raises. */
export async function withInterruptNote<T>(
  message: string,
  stop: () => void,
  fn: () => Promise<T>,
): Promise<T> {
  const onSignal = () => {
    stop()
    process.stderr.write(`\nerror: ${message}\n`)
    // the default action now: end by the signal, as an unhandled Ctrl-C does
    process.kill(process.pid, 'SIGINT')
  }
  process.once('SIGINT', onSignal)
  try {
    return await fn()
  } finally {
    process.off('SIGINT', onSignal)
  }
}
