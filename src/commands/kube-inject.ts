import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {usageError} from '../lib/errors.js'
import {readInjectInputs, nativeSidecarsFromEnv, writeAtomically, injectInputs} from '../lib/inject/cli.js'

export default class KubeInject extends KubeCommand {
  static override summary = 'Inject the Istio sidecar into Kubernetes workloads.'
  static override description = [
    "Adds the istio-proxy sidecar (and istio-init or istio-validation, volumes, labels and annotations) to the pods of Pod, Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob and DeploymentConfig objects and Lists of them, exactly as istiod's injection webhook would. Other objects pass through unchanged, so a whole application file can be piped through.",
    "Configuration, as istioctl: --operatorFileName, --meshConfigFile, --injectConfigFile and --valuesFile; what they do not give is read from the cluster (the istio and istio-sidecar-injector ConfigMaps of -r REVISION in -i NAMESPACE). With all of it from files the kubeconfig is never read. With no cluster to read, meshctl's default profile is used and stderr says so.",
    "With no configuration file and a cluster that answers, each pod is sent to istiod's injection webhook (the MutatingWebhookConfiguration labelled istio.io/rev=REVISION, preferring --webhookConfig; through a port-forward to the first pod of its service, TLS checked against the webhook's caBundle) and istiod's JSON patch is applied, as istioctl does. When there is no such webhook or it cannot be reached, stderr says why and the ConfigMaps are used instead.",
    "Native sidecars (istio-proxy as an init container with restartPolicy Always): read from the cluster, they follow its nodes (all kubelets 1.33 or later), as istiod does; offline they are ON by default (Kubernetes 1.33+ clusters, and what Istio's own goldens assume). --no-native-sidecars or ENABLE_NATIVE_SIDECARS=false turns them off.",
    'Beyond istioctl: comments, key order and untouched fields of the input are kept; workloads injected before are left alone unless --reinject; injecting twice gives the same result as once; --in-place rewrites the files (through a temporary file); -o json-patch prints RFC 6902 patches instead of objects. Warnings go to stderr only. Bad input (YAML, config files, templates) fails with one line naming file:line, exit 65, and writes nothing.',
  ].join('\n\n')

  static override examples = [
    'kubectl apply -f <(<%= config.bin %> kube-inject -f deployment.yaml)',
    '<%= config.bin %> kube-inject -f deployment.yaml -o deployment-injected.yaml',
    'kubectl get deployment -o yaml | <%= config.bin %> kube-inject -f - | kubectl apply -f -',
    '<%= config.bin %> kube-inject -f app.yaml --injectConfigFile inj.yaml --meshConfigFile mesh.yaml --valuesFile values.json',
    '<%= config.bin %> kube-inject -f k8s/ --in-place --reinject',
  ]

  static override flags = {
    filename: Flags.string({
      char: 'f',
      summary: 'Input file, directory (its .yaml/.yml/.json files) or - for stdin; repeatable.',
      multiple: true,
    }),
    output: Flags.string({
      char: 'o',
      summary: 'Write the result to this file instead of stdout; "json-patch" prints patches instead.',
    }),
    'in-place': Flags.boolean({summary: 'Rewrite the input files (not with -f - or -o).'}),
    reinject: Flags.boolean({
      summary: 'Also re-inject workloads injected before (brings them to the current templates).',
    }),
    'native-sidecars': Flags.boolean({
      summary: "Inject istio-proxy as a native sidecar (default: the cluster's nodes decide; offline, on).",
      allowNo: true,
    }),
    meshConfigFile: Flags.string({
      summary: 'Mesh configuration file (the `mesh` key of the istio ConfigMap).',
    }),
    injectConfigFile: Flags.string({
      summary: 'Injection configuration file (the `config` key of istio-sidecar-injector, or one template).',
    }),
    valuesFile: Flags.string({
      summary: 'Injection values file (the `values` key of istio-sidecar-injector).',
    }),
    operatorFileName: Flags.string({
      summary:
        'IstioOperator file whose values and meshConfig are used (over --valuesFile/--meshConfigFile).',
    }),
    meshConfigMapName: Flags.string({summary: 'ConfigMap of the mesh configuration.', default: 'istio'}),
    injectConfigMapName: Flags.string({
      summary: 'ConfigMap of the injection configuration.',
      default: 'istio-sidecar-injector',
      hidden: true,
    }),
    webhookConfig: Flags.string({
      summary: "MutatingWebhookConfiguration of istiod's injection webhook (preferred among the revision's).",
      default: 'istio-sidecar-injector',
      hidden: true,
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(KubeInject)
    const files = flags.filename ?? []
    if (files.length === 0) throw usageError('filename not specified (see --filename or -f)')
    const patchOutput = flags.output === 'json-patch'
    if (flags['in-place'] && files.includes('-')) throw usageError('--in-place cannot rewrite stdin (-f -)')
    if (flags['in-place'] && flags.output) throw usageError('--in-place and -o cannot be used together')

    const inputs = await readInjectInputs(files)
    const {results, notes, warnings} = await injectInputs(
      inputs,
      {
        meshConfigFile: flags.meshConfigFile,
        injectConfigFile: flags.injectConfigFile,
        valuesFile: flags.valuesFile,
        operatorFileName: flags.operatorFileName,
        revision: flags.revision,
        istioNamespace: flags['istio-namespace'],
        nativeSidecars: flags['native-sidecars'] ?? nativeSidecarsFromEnv(),
        meshConfigMapName: flags.meshConfigMapName,
        injectConfigMapName: flags.injectConfigMapName,
        webhookConfig: flags.webhookConfig,
        reinject: flags.reinject,
        patches: patchOutput,
      },
      () => this.kube(flags),
    )
    for (const n of notes) this.info(`note: ${n}`)
    if (warnings.length) this.info('\n' + warnings.join('\n'))

    if (patchOutput) {
      this.out(
        JSON.stringify(
          results.flatMap((r) => r.result.patches),
          null,
          2,
        ) + '\n',
      )
      return
    }
    if (flags['in-place']) {
      for (const {path, result} of results) if (result.injected > 0) await writeAtomically(path, result.text)
      return
    }
    const text = results
      .map((r) => r.result.text)
      .reduce((acc, t) => (acc === '' ? t : acc + (acc.endsWith('\n') ? '' : '\n') + '---\n' + t), '')
    if (flags.output) await writeAtomically(flags.output, text)
    else this.out(text)
  }
}
