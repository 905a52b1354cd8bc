/** A progress indicator on stderr: ora when decorating, plain log lines or nothing otherwise. */
export interface Spinner {
  start(text: string): void
  succeed(text?: string): void
  fail(text?: string): void
  stop(): void
}

class SilentSpinner implements Spinner {
  start(): void {}
  succeed(): void {}
  fail(): void {}
  stop(): void {}
}

/** Creates a spinner; ora is imported lazily so commands that never spin do not pay for it. */
export async function createSpinner(
  decorate: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<Spinner> {
  if (!decorate) return new SilentSpinner()
  const {default: ora} = await import('ora')
  const s = ora({stream, discardStdin: false})
  return {
    start: (text) => void s.start(text),
    succeed: (text) => void s.succeed(text),
    fail: (text) => void s.fail(text),
    stop: () => void s.stop(),
  }
}
