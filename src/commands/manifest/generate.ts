import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Flags} from '@oclif/core'
import {ClusterCommand} from '../../lib/command/base-command.js'
import {inputError} from '../../lib/errors.js'
import {istioOperatorFlags, readInputFiles} from '../../lib/manifest/cli.js'
import {readClusterFacts} from '../../lib/manifest/cluster.js'
import {generateManifest} from '../../lib/manifest/generate.js'
import {formatManifest, formatPerComponent} from '../../lib/manifest/output.js'

// Only --cluster-specific reaches a cluster, and never a namespace: no -n or -i here.
export default class ManifestGenerate extends ClusterCommand {
  static override summary = 'Generate the Kubernetes objects of an Istio installation.'
  static override description =
    'Prints every object istioctl 1.30.3 would install for the given profile and settings (CRDs, then ' +
    'cluster-scoped objects, then each component’s objects), plus meshctl’s observability addons when enabled. ' +
    'With -o DIR, writes one file per component instead. Only --cluster-specific reads the kubeconfig: the charts ' +
    'then see the cluster’s Kubernetes version, GKE settings are applied, and CNI configurations Istio conflicts ' +
    'with are reported.'
  static override examples = [
    '<%= config.bin %> manifest generate',
    '<%= config.bin %> manifest generate --set profile=demo',
    '<%= config.bin %> manifest generate --set profile=demo --set addonComponents.kiali.enabled=false',
    '<%= config.bin %> manifest generate -f my-iop.yaml --set values.pilot.autoscaleMin=2 -o out/',
    '<%= config.bin %> manifest generate --cluster-specific --context my-gke-cluster',
    '<%= config.bin %> manifest generate --set "values.sidecarInjectorWebhook.injectedAnnotations.container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/istio-proxy=runtime/default"',
  ]

  static override flags = {
    ...istioOperatorFlags,
    output: Flags.string({
      char: 'o',
      summary: 'Write to this file, or, for a directory (existing, or ending in /), one file per component.',
    }),
    'cluster-specific': Flags.boolean({
      summary:
        'Read the current cluster for cluster-specific settings (Kubernetes version, GKE, CNI checks).',
    }),
    'dry-run': Flags.boolean({
      summary: 'Accepted for istioctl compatibility; generate never changes anything.',
      hidden: true,
    }),
    filter: Flags.string({
      multiple: true,
      hidden: true,
      summary: 'Accepted for istioctl compatibility; no effect.',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ManifestGenerate)
    const files = await readInputFiles(flags.filename)
    const cluster = flags['cluster-specific'] ? await readClusterFacts(await this.kube(flags)) : undefined
    const result = await generateManifest({
      files,
      sets: flags.set ?? [],
      manifestsDir: flags.manifests,
      revision: flags.revision,
      force: flags.force,
      cluster,
    })
    for (const w of result.warnings) this.info(`❗ ${w}`)
    if (!flags.output) return this.out(formatManifest(result.objects))
    const out = flags.output
    const isDir = out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory())
    try {
      if (!isDir) return writeFileSync(out, formatManifest(result.objects), {mode: 0o644})
      mkdirSync(out, {recursive: true})
      for (const [file, text] of formatPerComponent(result.objects))
        writeFileSync(path.join(out, file), text, {mode: 0o644})
    } catch (e) {
      throw inputError(`${out}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
    }
  }
}
