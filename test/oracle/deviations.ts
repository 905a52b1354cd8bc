// Where meshctl differs from istioctl 1.30.3 ON PURPOSE, as a table the harness applies to the cases it
// concerns. Each entry says what differs, why, and where it was decided, and is as narrow as the
// difference itself: everything else in those cases is still compared. A difference not listed here is a
// failure, meant or not: fix meshctl, or add an entry with its reason and reference.
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {parseAllDocuments, parse as parseYaml, stringify as stringifyYaml} from 'yaml'
import type {Case, ToolResult} from './harness.js'
import type {Obj} from './normalise.js'

export interface Deviation {
  /** Shown on the result line of every case it applies to. */
  id: string
  /** The issue (or document) that decided it. */
  ref: string
  why: string
  applies: (c: Case) => boolean
  /** The exit codes are the intended pair: compare everything else. */
  exitCodes?: (ours: number, theirs: number) => boolean
  /** meshctl objects left out of manifest views (they are meshctl's additions). */
  dropOurObjects?: (o: Obj) => boolean
  /** Both tools' objects, with a part that differs by design replaced by what it stands for. */
  bothObjects?: (o: Obj) => Obj
  /** meshctl's arguments, changed so that it reads what istioctl reads. */
  meshctlArgs?: (args: string[]) => string[]
  /** istioctl's arguments, changed so that it gets past input it crashes on. */
  istioctlArgs?: (args: string[]) => string[]
  /** A finding (`Level CODE Kind ns/name`) meshctl reports by design where istioctl reports nothing. */
  ourExtraFinding?: (finding: string) => boolean
  /** A finding istioctl reports where meshctl, by design, reports nothing (a false positive of istioctl's). */
  theirExtraFinding?: (finding: string) => boolean
  /** An analyze finding (`Level CODE origin (file:line) message`) of either tool, with a part that differs by design replaced. */
  bothFindings?: (finding: string, tool: 'meshctl' | 'istioctl') => string
  /** meshctl's `validate` stderr, reduced to what istioctl would report of the same problems. */
  ourValidateLines?: (lines: string[]) => string[]
}

const has = (c: Case, ...words: string[]) => words.every((w) => (c.meshctlArgs ?? c.args).includes(w))
const outputFormat = (c: Case) => {
  const args = c.meshctlArgs ?? c.args
  const i = args.findIndex((a) => a === '-o' || a === '--output')
  return i < 0 ? 'log' : args[i + 1]
}

/** Kinds istioctl never reads from files when analysing (kuberesource.DefaultExcludedSchemas in 1.30.3). */
export const ISTIOCTL_FILE_EXCLUDED_KINDS = new Set(['Service', 'Namespace', 'Node', 'Pod', 'Secret'])

export const DEVIATIONS: Deviation[] = [
  {
    id: 'analyze-exit-code',
    ref: 'meshctl issue 7; istio/istio#35054',
    why:
      'istioctl 1.30.3 exits 0 from `analyze -o json|yaml` whatever it finds or fails to parse; meshctl exits ' +
      '79 on findings at or over the failure threshold and 65 on unparsable input in every format. Findings ' +
      'are still compared; exit codes are compared in the log format, where istioctl sets them.',
    applies: (c) => c.compare.kind === 'analyze' && ['json', 'yaml'].includes(outputFormat(c)),
    exitCodes: (ours, theirs) => theirs === 0 && (ours === 79 || ours === 65),
  },
  {
    id: 'demo-addons',
    ref: 'meshctl issue 6',
    why:
      'the demo profile also installs the observability addons (kiali, prometheus, grafana, jaeger), every ' +
      'object of which is labelled meshctl.dev/addon; the rest must match istioctl.',
    applies: (c) => c.compare.kind === 'manifest' && has(c, 'profile=demo'),
    dropOurObjects: (o) => o.metadata?.labels?.['meshctl.dev/addon'] !== undefined,
  },
  {
    id: 'own-injection-templates',
    ref: 'developers guide: "Istio\'s Go templates do NOT carry over: write our own"',
    why:
      "the injection templates in the istio-sidecar-injector ConfigMap are meshctl's own Go templates, so " +
      'their text differs; the set of template names is compared here, and what they inject is compared ' +
      "with istioctl by test/manifests-data/istioctl-oracle.test.ts (Istio's kube-inject inputs).",
    // with -d both tools render the same charts, so the same templates
    applies: (c) => c.compare.kind === 'manifest' && ![...c.args, ...(c.istioctlArgs ?? [])].includes('-d'),
    bothObjects: (o) => {
      if (o.kind !== 'ConfigMap' || !/^istio-sidecar-injector/.test(o.metadata?.name) || !o.data?.config)
        return o
      const config = parseYaml(o.data.config) as Obj
      for (const name of Object.keys(config.templates ?? {}))
        config.templates[name] = "<meshctl's own template>"
      return {...o, data: {...o.data, config: stringifyYaml(config)}}
    },
  },
  {
    id: 'validate-reports',
    ref: 'meshctl documented exit codes (64 usage, 65 bad input, 79 findings, 1 other); validate design',
    why:
      'meshctl lists every unknown field of a resource where istioctl stops at the first (its proto parser ' +
      'fails), and warns on deprecated fields, which istioctl does not. Its exit code for invalid input is ' +
      '65 (istioctl 1): the harness compares validate verdicts only. Reported resources, per level, are ' +
      'compared after counting repeated unknown-field errors once and leaving deprecation warnings out.',
    applies: (c) => c.compare.kind === 'validate',
    ourValidateLines: (lines) => {
      const seen = new Set<string>()
      return lines.filter((line) => {
        if (/^warning: .*: deprecated field/.test(line)) return false
        const unknown = /^error: .*?:\d+: (\S+ \S+): .*unknown field/.exec(line)
        if (!unknown) return true
        if (seen.has(unknown[1])) return false
        seen.add(unknown[1])
        return true
      })
    },
  },
  {
    id: 'istioctl-validate-panic',
    ref: 'developers guide ("never a stack trace"); istioctl/pkg/validate/validate.go validateServicePortPrefix',
    why:
      'istioctl 1.30.3 `validate` panics (Go runtime error, exit 2) on a Service without a spec and checks ' +
      'nothing after it; meshctl checks every document. istioctl is given the file without those Services ' +
      '(which meshctl finds nothing wrong with) and must then report exactly what meshctl reports.',
    applies: (c) => c.compare.kind === 'validate' && singleFile(c) !== undefined && hasSpeclessService(c),
    istioctlArgs: (args) =>
      args.map((a) =>
        a.endsWith('.yaml') ? withoutDocuments(a, isSpeclessService, 'specless-services') : a,
      ),
  },
  {
    id: 'analyze-runtime-kinds',
    ref: 'test/oracle/cases/analyze.ts; commit 5dfbda3 (feat(analyze): offline runtime kinds)',
    why:
      'meshctl analyses the Services, Pods, Namespaces, Nodes and Secrets a file contains (and runs the ' +
      'analyzers that need them); istioctl drops those kinds from files. meshctl is given the file without ' +
      'them, which is what istioctl reads, and must then find exactly what istioctl finds.',
    applies: (c) =>
      c.compare.kind === 'analyze' && [...fileKinds(c)].some((k) => ISTIOCTL_FILE_EXCLUDED_KINDS.has(k)),
    meshctlArgs: (args) => args.map((a) => (a.endsWith('.yaml') ? withoutExcludedKinds(a) : a)),
  },
  {
    id: 'selectorless-sidecars',
    ref: 'test/analyze/corpus.test.ts (CORPUS_DIVERGENCES); test/oracle/cases/analyze.ts',
    why:
      'offline istioctl skips the whole Sidecar selector analyzer because it needs Pods; meshctl still ' +
      'reports conflicting selector-less Sidecars in one namespace (IST0111), which need no Pods. Only ' +
      "those findings are excused, and only on meshctl's side.",
    applies: (c) => c.compare.kind === 'analyze' && fileKinds(c).has('Sidecar'),
    ourExtraFinding: (f) => /^Error IST0111 Sidecar /.test(f),
  },
  {
    id: 'ist0140-resolved-hosts',
    ref: 'meshctl issue 15',
    why:
      'IST0140 (IngressRouteRulesNotAffected): istioctl compares the destination host strings of gateway-bound ' +
      'and subset routes across namespaces, so a short host like `catalog` in N namespaces gives N×N findings; ' +
      "meshctl resolves each host in its VirtualService's namespace (as for IST0101) and reports the real ones.",
    // cases on one file apply it only when the file has VirtualServices; folders and clusters always
    applies: (c) => c.compare.kind === 'analyze' && (!singleFile(c) || fileKinds(c).has('VirtualService')),
    theirExtraFinding: (f) => /^Warning IST0140 VirtualService /.test(f),
  },
  {
    id: 'mesh-schema-analyzers',
    ref: 'meshctl issue 15; src/lib/analyze/analyzers/schema/mesh.ts',
    why:
      'istioctl 1.30.3 registers schema.ValidationAnalyzer.MeshConfig and .MeshNetworks but validates nothing ' +
      '(EmptyValidate); meshctl reports wrongly typed or invalid mesh config values (IST0106), unknown mesh ' +
      'config fields (IST0133) and invalid mesh networks (IST0106).',
    // only where a mesh config or networks other than the defaults is read: given files, or a cluster's
    applies: (c) => {
      const args = c.meshctlArgs ?? c.args
      const meshFile = args.some((a) => /^--mesh(Config|Networks)File/.test(a))
      return c.compare.kind === 'analyze' && (meshFile || args.includes('--kubeconfig'))
    },
    ourExtraFinding: (f) => /^(Error IST0106|Warning IST0133) (MeshConfig|MeshNetworks) /.test(f),
  },
  {
    id: 'analyze-resource-line',
    ref: 'src/lib/input/fast.ts (contentLine); istioctl pilot/pkg/config/file/store.go (chunk line numbers)',
    why:
      "A finding at a resource's line points at the object's first line (apiVersion/kind); istioctl points " +
      'at the line after the `---` (1 for the first document), which may be a comment or blank line. ' +
      'Also, in the document right after an empty one (`---` twice) istioctl gives field lines one too far.',
    applies: (c) => c.compare.kind === 'analyze' && singleFile(c) !== undefined,
    bothFindings: (f, tool) =>
      f.replace(/ \(([^()\s]+):(\d+)\) /, (_, file: string, n: string) => {
        return ` (${file}:${truthfulLine(file, Number(n), tool)}) `
      }),
  },
  // istioctl's choice in the four below follows Go's map iteration order, which Go randomizes per run (the
  // same input gives different findings run to run): the varying part is replaced (or put in order) on both
  // sides, and the rest of each finding compared.
  {
    id: 'envoyfilter-unknown-field-choice',
    ref: 'meshctl issue 15; github.com/golang/protobuf v1.5.4 jsonpb/decode.go (unmarshalMessage)',
    why:
      'IST0133 `Envoy filter: unknown field "X" in M`: istioctl parses a patch value strictly with jsonpb, which ' +
      'reads the JSON object into a Go map, takes the known fields out and reports whichever unknown field the ' +
      'map yields first: of several unknown fields, a random one. meshctl names the first in key order. The ' +
      'field name is left out of the comparison, the message it names and the finding are compared.',
    applies: (c) => c.compare.kind === 'analyze' && (!singleFile(c) || fileKinds(c).has('EnvoyFilter')),
    bothFindings: (f) =>
      /^Warning IST0133 EnvoyFilter /.test(f)
        ? f.replace(
            /Envoy filter: unknown field "[^"]*" in /,
            'Envoy filter: unknown field <one of them> in ',
          )
        : f,
  },
  {
    id: 'ist0109-conflict-choice',
    ref: 'meshctl issue 15; istio 1.30.3 pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go',
    why:
      'IST0109 (ConflictingMeshGatewayVirtualServiceHosts) is reported once per VirtualService, for the first ' +
      'conflicting host istioctl meets while ranging over a Go map of hosts: a VirtualService in several ' +
      'conflicts is reported with a random one. meshctl takes the first in order. Which VirtualServices are ' +
      'reported, at which line, is compared; the host and the names of the conflict are not.',
    applies: (c) => c.compare.kind === 'analyze' && (!singleFile(c) || fileKinds(c).has('VirtualService')),
    bothFindings: (f) =>
      /^Error IST0109 VirtualService /.test(f)
        ? f.replace(
            /The VirtualServices \S+ associated with mesh gateway define the same host \S+ which/,
            'The VirtualServices <a conflict> associated with mesh gateway define the same host <its host> which',
          )
        : f,
  },
  {
    id: 'ist0175-list-order',
    ref: 'meshctl issue 15; istio 1.30.3 pkg/config/analysis/local/context.go (ForEach), analyzers/authn/blockedcidrs.go',
    why:
      'IST0175 (JwksUriFetchUnrestricted) names the RequestAuthentications in the order ForEach yields them; ' +
      'once another analyzer has read that kind, istioctl yields it from a cached Go map, so the order varies ' +
      'from run to run (the same file passed and failed in successive runs). meshctl names them sorted. The ' +
      'names are compared in sorted order; past five (`, and N more`) which five varies too, so only the count is.',
    applies: (c) =>
      c.compare.kind === 'analyze' && (!singleFile(c) || fileKinds(c).has('RequestAuthentication')),
    bothFindings: (f) =>
      /^Warning IST0175 /.test(f)
        ? f.replace(/resource\(s\) exist \(([^()]*)\)/, (_, list: string) => {
            const names = / and \d+ more$/.test(list)
              ? [list.replace(/^.*, (and \d+ more)$/, '<five>, $1')]
              : list.split(', ').sort()
            return `resource(s) exist (${names.join(', ')})`
          })
        : f,
  },
  {
    id: 'ist0170-cluster-order',
    ref: 'meshctl issue 15; istio 1.30.3 pkg/config/analysis/analyzers/multicluster/service.go (findInconsistencies)',
    why:
      'IST0170 (MultiClusterInconsistentService) lists the clusters and the reasons from Go sets ' +
      '(UnsortedList, map order; the sort of the reasons sorts a copy it throws away), so their order varies ' +
      'from run to run; meshctl sorts both. Both lists are compared in sorted order.',
    // several clusters are only ever read live
    applies: (c) => c.compare.kind === 'analyze' && (c.meshctlArgs ?? c.args).includes('--kubeconfig'),
    bothFindings: (f) =>
      /^Warning IST0170 Service /.test(f)
        ? f
            .replace(/across clusters \[([^\]]*)\]/, (_, list: string) => {
              const clusters = list.match(/"(?:[^"\\]|\\.)*"/g) ?? []
              return `across clusters [${clusters.sort().join(' ')}]`
            })
            .replace(/The inconsistent behaviors are: (.*)\.$/, (_, reasons: string) => {
              return `The inconsistent behaviors are: ${reasons.split('; ').sort().join('; ')}.`
            })
        : f,
  },
]

/**
 * A reference line as meshctl gives it: past comment and blank lines; for istioctl, a field line one less in
 * a document right after an empty one (see analyze-resource-line).
 */
function truthfulLine(file: string, line: number, tool: 'meshctl' | 'istioctl'): number {
  if (!existsSync(file)) return line
  const lines = readFileSync(file, 'utf8').split('\n')
  let n = line
  // the document right after an empty one: istioctl counts its lines from the empty one's `---`
  const marker = (i: number) => i >= 0 && /^---\s*$/.test(lines[i])
  let start = n - 2
  while (start >= 0 && !marker(start)) start--
  // there istioctl's field lines (not the resource's) are one too far
  let first = start + 2
  while (first <= lines.length && /^\s*(#.*)?$/.test(lines[first - 1])) first++
  if (tool === 'istioctl' && marker(start) && marker(start - 1) && n > first) n--
  while (n <= lines.length && /^\s*(#.*)?$/.test(lines[n - 1])) n++
  return n
}

/** The single YAML file a case reads (none when it reads several, or none). */
function singleFile(c: Case): string | undefined {
  const files = c.args.filter((a) => a.endsWith('.yaml'))
  return files.length === 1 && existsSync(files[0]) ? files[0] : undefined
}

/** The kinds in the single YAML file a case reads. */
function fileKinds(c: Case): Set<string> {
  const file = singleFile(c)
  return file ? kindsIn(readFileSync(file, 'utf8')) : new Set()
}

const isSpeclessService = (o: Obj | null): boolean =>
  o?.apiVersion === 'v1' && o.kind === 'Service' && (o.spec === null || typeof o.spec !== 'object')

function hasSpeclessService(c: Case): boolean {
  const docs = parseAllDocuments(readFileSync(singleFile(c)!, 'utf8'))
  return docs.every((d) => d.errors.length === 0) && docs.some((d) => isSpeclessService(d.toJSON()))
}

function kindsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/^kind:\s*(\w+)\s*$/gm)].map((m) => m[1]))
}

function excludedKindsIn(text: string): boolean {
  return [...kindsIn(text)].some((k) => ISTIOCTL_FILE_EXCLUDED_KINDS.has(k))
}

/** A copy of a YAML file without the documents of excluded kinds (comments and layout of the rest kept). */
export function withoutExcludedKinds(file: string): string {
  if (!excludedKindsIn(readFileSync(file, 'utf8'))) return file
  return withoutDocuments(file, (o) => ISTIOCTL_FILE_EXCLUDED_KINDS.has(o?.kind), 'istioctl-view')
}

/**
 * A copy of a YAML file without the documents `drop` picks (comments and layout of the rest kept), in a
 * temporary folder named `view`. A file that does not parse is returned as it is: both tools must reject it.
 */
export function withoutDocuments(file: string, drop: (o: Obj | null) => boolean, view: string): string {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'))
  if (docs.some((d) => d.errors.length > 0)) return file
  const kept = docs.filter((d) => !drop(d.toJSON() as Obj | null)).map((d) => d.toString())
  const dir = join(tmpdir(), 'meshctl-oracle', view)
  mkdirSync(dir, {recursive: true})
  const out = join(dir, `${createHash('sha1').update(file).digest('hex').slice(0, 8)}-${basename(file)}`)
  writeFileSync(out, kept.join('---\n'))
  return out
}

/** The deviations that concern a case. */
export function deviationsFor(c: Case): Deviation[] {
  return DEVIATIONS.filter((d) => d.applies(c))
}

/** Whether two exit codes are equal or an intended pair for this case. */
export function exitCodesAgree(devs: Deviation[], ours: ToolResult, theirs: ToolResult): boolean {
  return ours.code === theirs.code || devs.some((d) => d.exitCodes?.(ours.code, theirs.code))
}
