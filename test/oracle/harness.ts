// The differential harness: runs meshctl and istioctl on the same inputs and compares normalised
// results. Cases are data (test/oracle/cases.ts); this file only runs and judges them.
import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {deviationsFor, exitCodesAgree} from './deviations.js'
import {
  analyzeFindings,
  canonical,
  withoutReferences,
  diffViews,
  manifestViews,
  validateFindings,
  yamlObjects,
  type ManifestView,
  type View,
} from './normalise.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * How two outputs are judged. Every comparison but validate's also requires equal exit codes. Intended
 * differences are applied from the table in deviations.ts, never here.
 */
export type Compare =
  /** The listed views (see normalise.ts) of two YAML renderings, one result line per view. */
  | {kind: 'manifest'; views: ManifestView[]}
  /** Fields of a JSON document, by dotted path. */
  | {kind: 'json'; fields: string[]}
  /** `analyze` findings: level, code, resource, file:line and message of each. */
  | {kind: 'analyze'}
  /** `validate`: both accept, or both reject the same resources (exit codes may differ: 65 vs 1). */
  | {kind: 'validate'}
  /** stdout line for line (renderings that are meant to be identical: proxy-config -o json|yaml|short). */
  | {kind: 'exact'}

/** One differential case: the same arguments given to both tools unless overridden. */
export interface Case {
  /** Shown on the result line; unique. */
  name: string
  args: string[]
  meshctlArgs?: string[]
  istioctlArgs?: string[]
  compare: Compare
}

export interface ToolResult {
  stdout: string
  stderr: string
  code: number
}

export interface Outcome {
  name: string
  ok: boolean
  details: string[]
  /** Ids of the intended differences (deviations.ts) applied to the case. */
  deviations: string[]
}

const TOOL_TIMEOUT_MS = 180_000

/** Runs a program with an argument array; never throws on exit codes. */
export function runTool(file: string, args: string[], cwd = ROOT): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      // never the user's cluster; a hung process fails its case instead of the whole run
      {
        cwd,
        maxBuffer: 256 * 1024 * 1024,
        env: {...process.env, NO_COLOR: '1', KUBECONFIG: '/nonexistent/meshctl-oracle-kubeconfig'},
        timeout: TOOL_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        const killed = err?.killed ? `\nkilled after ${TOOL_TIMEOUT_MS / 1000}s` : ''
        resolve({stdout, stderr: stderr + killed, code})
      },
    )
  })
}

function field(value: unknown, path: string): unknown {
  return path.split('.').reduce<any>((v, k) => (v == null ? undefined : v[k]), value)
}

/**
 * Judges one case given both tools' results (at most `limit` difference lines each); a case with several
 * views yields one outcome per view.
 */
export function judge(c: Case, ours: ToolResult, theirs: ToolResult, limit = 5, sameInput = true): Outcome[] {
  const devs = deviationsFor(c)
  const exitDiff = exitCodesAgree(devs, ours, theirs)
    ? []
    : [`exit code: meshctl ${ours.code} istioctl ${theirs.code}`]
  const outcome = (name: string, details: string[]): Outcome => ({
    name,
    ok: details.length === 0,
    details,
    deviations: devs.map((d) => d.id),
  })
  const views = (toView: (text: string, tool: 'meshctl' | 'istioctl') => View, name = c.name): Outcome => {
    let details: string[]
    try {
      details = diffViews(toView(ours.stdout, 'meshctl'), toView(theirs.stdout, 'istioctl'), limit)
    } catch (err) {
      details = [`cannot compare: ${(err as Error).message}`, ...stderrTail(ours, theirs)]
    }
    return outcome(name, [...exitDiff, ...details])
  }
  switch (c.compare.kind) {
    case 'manifest': {
      if (exitDiff.length > 0 || ours.code !== 0)
        return [outcome(c.name, [...exitDiff, ...stderrTail(ours, theirs)])]
      const objects = (text: string, tool: 'meshctl' | 'istioctl') =>
        yamlObjects(text)
          .filter((o) => tool === 'istioctl' || !devs.some((d) => d.dropOurObjects?.(o)))
          .map((o) => devs.reduce((obj, d) => d.bothObjects?.(obj) ?? obj, o))
      return c.compare.views.map((v) =>
        views((text, tool) => manifestViews[v](objects(text, tool)), `${c.name} [${v}]`),
      )
    }
    case 'json': {
      const fields = c.compare.fields
      return [views((text) => new Map(fields.map((f) => [f, canonical(field(JSON.parse(text), f))])))]
    }
    case 'exact':
      return [views((text) => new Map(text.split('\n').map((line, i) => [`line ${i + 1}`, line])))]
    case 'analyze':
      // findings one tool reports by design where the other reports nothing are left out of its side
      return [
        views((text, tool) => {
          // when meshctl reads a view of the file (deviations.ts), its file:line refers to that view
          const read = (t: string, who: 'meshctl' | 'istioctl') => {
            const all = analyzeFindings(t)
            if (!sameInput) return withoutReferences(all)
            return new Map(
              [...all].map(([f, v]) => [devs.reduce((g, d) => d.bothFindings?.(g, who) ?? g, f), v]),
            )
          }
          const found = read(text, tool)
          const other = tool === 'istioctl' ? read(ours.stdout, 'meshctl') : read(theirs.stdout, 'istioctl')
          const extra = (d: (typeof devs)[number]) =>
            tool === 'istioctl' ? d.theirExtraFinding : d.ourExtraFinding
          const excused = (f: string) => !other.has(f) && devs.some((d) => extra(d)?.(f))
          return new Map([...found].filter(([f]) => !excused(f)))
        }),
      ]
    case 'validate': {
      const verdict = (r: ToolResult) => (r.code === 0 ? 'valid' : 'invalid')
      const verdictDiff =
        verdict(ours) === verdict(theirs)
          ? []
          : [`meshctl says ${verdict(ours)}, istioctl ${verdict(theirs)}`, ...stderrTail(ours, theirs)]
      const ourLines = devs.reduce(
        (lines, d) => d.ourValidateLines?.(lines) ?? lines,
        ours.stderr.split('\n'),
      )
      const details = diffViews(
        validateFindings(ourLines.join('\n'), 'meshctl'),
        validateFindings(theirs.stderr, 'istioctl'),
        limit,
      )
      return [outcome(c.name, [...verdictDiff, ...details])]
    }
  }
}

function stderrTail(ours: ToolResult, theirs: ToolResult): string[] {
  const last = (s: string) => s.trim().split('\n').slice(-1)[0] ?? ''
  return [
    ...(last(ours.stderr) ? [`meshctl stderr: ${last(ours.stderr)}`] : []),
    ...(last(theirs.stderr) ? [`istioctl stderr: ${last(theirs.stderr)}`] : []),
  ]
}

/** Runs one case through both tools (meshctl: the bin/run.js given) and judges it. */
export async function runCase(c: Case, istioctl: string, meshctl: string, limit = 5): Promise<Outcome[]> {
  const devs = deviationsFor(c)
  const ourArgs = devs.reduce((args, d) => d.meshctlArgs?.(args) ?? args, c.meshctlArgs ?? c.args)
  const theirArgs = devs.reduce((args, d) => d.istioctlArgs?.(args) ?? args, c.istioctlArgs ?? c.args)
  const [ours, theirs] = await Promise.all([
    runTool(process.execPath, [meshctl, ...ourArgs]),
    runTool(istioctl, theirArgs),
  ])
  return judge(c, ours, theirs, limit, canonical(ourArgs) === canonical(theirArgs))
}
