/**
 * Install and uninstall progress on stderr, three ways: ora spinners on a terminal, istioctl's plain lines
 * otherwise (`✔ Istiod installed 🧠`, `- Processing resources for …`), or `--progress json`: one JSON event
 * per line for CI.
 * @module
 */
import type {Ora} from 'ora'

export type Phase =
  | 'applying'
  | 'applied'
  | 'waiting'
  | 'ready'
  | 'failed'
  | 'retry'
  | 'pruning'
  | 'pruned'
  | 'complete'
  | 'removed'
  | 'uninstalled'

/** One progress event (the `--progress json` line). */
export interface ProgressEvent {
  component?: string
  phase: Phase
  object?: string
  reason?: string
}

export interface Progress {
  /** Starts a component (its display name and icon are used by the text renderers). */
  begin(component: string, displayName: string, icon: string): void
  event(ev: ProgressEvent): void
  /** Stops any spinner (errors, Ctrl-C). */
  stop(): void
}

export type ProgressMode = 'tty' | 'plain' | 'json'

type Write = (line: string) => void

/** `--progress json`: every event as one line. */
export class JsonProgress implements Progress {
  constructor(
    private readonly write: Write,
    private readonly now: () => Date = () => new Date(),
  ) {}
  begin(component: string): void {
    this.write(JSON.stringify({time: this.now().toISOString(), component, phase: 'applying'}))
  }
  event(ev: ProgressEvent): void {
    this.write(JSON.stringify({time: this.now().toISOString(), ...ev}))
  }
  stop(): void {}
}

interface Theme {
  green(s: string): string
  red(s: string): string
  yellow(s: string): string
}

const plainTheme: Theme = {green: (s) => s, red: (s) => s, yellow: (s) => s}

/** The status line istioctl shows while components are in flight. */
function statusLine(active: Map<string, {display: string; waiting: string[]}>): string {
  const names = [...active.values()].map((a) => a.display).sort()
  const waiting = [...active.values()].flatMap((a) => a.waiting).sort()
  let msg = `Processing resources for ${names.join(', ')}.`
  if (waiting.length > 0) msg += ` Waiting for ${waiting.join(', ')}`
  return msg
}

/** istioctl's lines, for logs and pipes (and, through `TtyProgress`, the text of the spinners). */
export class TextProgress implements Progress {
  protected readonly active = new Map<string, {display: string; icon: string; waiting: string[]}>()
  private lastStatus = ''

  constructor(
    protected readonly write: Write,
    protected readonly theme: Theme = plainTheme,
  ) {}

  begin(component: string, displayName: string, icon: string): void {
    this.active.set(component, {display: displayName, icon, waiting: []})
    this.status()
  }

  protected status(): void {
    if (this.active.size === 0) return
    const line = statusLine(this.active)
    if (line === this.lastStatus) return
    this.lastStatus = line
    this.showStatus(line)
  }

  protected showStatus(line: string): void {
    this.write(`${this.theme.yellow('-')} ${line}`)
  }

  protected persist(line: string): void {
    this.write(line)
  }

  event(ev: ProgressEvent): void {
    const a = ev.component ? this.active.get(ev.component) : undefined
    switch (ev.phase) {
      case 'waiting':
        if (a) a.waiting = ev.reason ? ev.reason.split(', ') : []
        return this.status()
      case 'ready':
        if (!a) return
        this.active.delete(ev.component!)
        this.persist(`${this.theme.green('✔')} ${a.display} installed ${a.icon}`)
        return this.status()
      case 'failed':
        if (!a) return this.persist(`${this.theme.red('✘')} ${ev.reason ?? ''}`)
        this.active.delete(ev.component!)
        this.persist(`${this.theme.red('✘')} ${a.display} encountered an error: ${ev.reason ?? ''}`)
        return this.status()
      case 'retry':
        return this.persist(`${this.theme.yellow('!')} ${ev.object ?? ''}: ${ev.reason ?? ''}, retrying`)
      case 'pruning':
        return this.showStatus('Pruning removed resources')
      case 'pruned':
      case 'removed':
        return this.persist(`  Removed ${ev.object ?? ''}.`)
      case 'complete':
        return this.persist(`${this.theme.green('✔')} Installation complete`)
      case 'uninstalled':
        return this.persist(`${this.theme.green('✔')} Uninstall complete`)
      default:
        return
    }
  }

  stop(): void {}
}

/** On a terminal: one ora spinner carries the status line; finished components persist above it. */
export class TtyProgress extends TextProgress {
  constructor(
    private readonly spinner: Ora,
    theme: Theme,
  ) {
    super(() => {}, theme)
  }
  protected override showStatus(line: string): void {
    if (this.spinner.isSpinning) this.spinner.text = line
    else this.spinner.start(line)
  }
  protected override persist(line: string): void {
    const spinning = this.spinner.isSpinning
    const text = this.spinner.text
    this.spinner.stopAndPersist({symbol: '', text: line})
    if (spinning && this.active.size > 0) this.spinner.start(text)
  }
  override stop(): void {
    this.spinner.stop()
  }
}

/** Creates the renderer for a mode; ora is loaded only on a terminal. */
export async function createProgress(
  mode: ProgressMode,
  stream: NodeJS.WritableStream = process.stderr,
  theme: Theme = plainTheme,
): Promise<Progress> {
  const write: Write = (line) => void stream.write(line + '\n')
  if (mode === 'json') return new JsonProgress(write)
  if (mode === 'plain') return new TextProgress(write, theme)
  const {default: ora} = await import('ora')
  return new TtyProgress(ora({stream: stream as NodeJS.WriteStream, discardStdin: false}), theme)
}
