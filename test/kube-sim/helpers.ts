/** Test helpers: run the real kubectl against a simulator. */
import {execFile, execFileSync, spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

let kubectlPresent: boolean | undefined

/** True when a kubectl binary is on PATH. */
export function haveKubectl(): boolean {
  if (kubectlPresent === undefined) {
    try {
      execFileSync('kubectl', ['version', '--client'], {stdio: 'ignore'})
      kubectlPresent = true
    } catch {
      kubectlPresent = false
    }
  }
  return kubectlPresent
}

/** A kubectl bound to one kubeconfig and a private discovery cache. */
export class Kubectl {
  readonly cacheDir = mkdtempSync(join(tmpdir(), 'kube-sim-cache-'))

  constructor(
    private readonly kubeconfig: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KUBECONFIG: this.kubeconfig,
      KUBECACHEDIR: this.cacheDir,
      ...this.extraEnv,
      ...extra,
    }
  }

  /** Runs kubectl with an argument array; never throws on a non-zero exit. */
  run(args: string[], opts: {env?: Record<string, string>; input?: string} = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        ['--request-timeout=20s', ...args],
        {env: this.env(opts.env), timeout: 60_000},
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as {code?: unknown}).code === 'number'
              ? (err as {code: number}).code
              : 1
            : 0
          resolve({code, stdout, stderr})
        },
      )
      if (opts.input !== undefined) child.stdin?.end(opts.input)
    })
  }

  /** Runs kubectl and fails the test with its stderr on a non-zero exit. */
  async ok(args: string[], opts: {env?: Record<string, string>; input?: string} = {}): Promise<string> {
    const r = await this.run(args, opts)
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
    return r.stdout
  }

  /** `kubectl patch --local` of the object in `file` with a strategic merge patch: kubectl's own answer. */
  async patchLocal(file: string, patch: unknown): Promise<unknown> {
    const args = ['patch', '--local', '--dry-run=client', '-o', 'json', '-f', file, '--type', 'strategic']
    return JSON.parse(await this.ok([...args, '-p', JSON.stringify(patch)])) as unknown
  }

  /** Starts a long-running kubectl (port-forward). */
  spawn(args: string[], env: Record<string, string> = {}): ChildProcess {
    return spawn('kubectl', args, {env: this.env(env), stdio: ['ignore', 'pipe', 'pipe']})
  }

  cleanup(): void {
    rmSync(this.cacheDir, {recursive: true, force: true})
  }
}

/** Resolves with the child's stdout once it contains text (or rejects on exit/timeout). */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for "${text}"; got: ${out}`)),
      timeoutMs,
    )
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes(text)) {
        clearTimeout(timer)
        resolve(out)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code} before "${text}"; output: ${out}`))
    })
  })
}
