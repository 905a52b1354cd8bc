import {
  ClusterStatuses,
  clusterEndpointDump,
  clusterEndpointSummary,
} from '../../lib/proxy-config/clusters.js'
import {ProxyConfigCommand, dumpFlags, endpointFlags, podArg} from '../../lib/proxy-config/command.js'
import {MESSAGE, printProtos} from '../../lib/proxy-config/proto-json.js'
import {envoyAdmin, sidecarPod} from '../../lib/proxy-config/pod.js'
import {resolvePod} from '../../lib/proxy-config/workload.js'
import {readDump} from '../../lib/proxy-status/run.js'
import {usageError} from '../../lib/errors.js'

export default class Endpoint extends ProxyConfigCommand {
  static override summary = 'Retrieves endpoint configuration for the Envoy in the specified pod.'
  static override aliases = [
    'proxy-config:endpoints',
    'proxy-config:ep',
    'pc:endpoint',
    'pc:endpoints',
    'pc:ep',
  ]
  static override examples = [
    '<%= config.bin %> proxy-config endpoints <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config endpoints <pod-name[.namespace]> --port 9080 --status healthy',
    '<%= config.bin %> proxy-config endpoints --file envoy-clusters.json  # curl localhost:15000/clusters?format=json',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    ...endpointFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Endpoint)
    const format = this.format(flags.output)
    const port = flags['proxy-admin-port']
    let text: string
    let where: string
    if (flags.file) {
      text = await readDump(flags.file)
      where = flags.file
    } else {
      if (!args.pod) throw usageError('endpoints requires pod name or --file parameter')
      const kube = await this.kube(flags)
      const ref = await resolvePod(kube, args.pod, flags.namespace ?? kube.namespace)
      await sidecarPod(kube, ref)
      text = await envoyAdmin(kube, ref, port, 'clusters?format=json')
      where = `clusters of ${ref.namespace}/${ref.name}`
    }
    const statuses = ClusterStatuses.parse(text, where)
    const filter = {address: flags.address, port: flags.port, cluster: flags.cluster, status: flags.status}
    this.out(
      format === 'short'
        ? clusterEndpointSummary(statuses, filter)
        : await printProtos(clusterEndpointDump(statuses, filter), MESSAGE.clusterStatus, format),
    )
  }
}
