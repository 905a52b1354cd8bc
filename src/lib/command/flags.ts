import {Flags} from '@oclif/core'

/** Flags every meshctl command has. */
export const commonFlags = {
  debug: Flags.boolean({summary: 'Print stack traces and debug logs.', helpGroup: 'GLOBAL'}),
  'no-color': Flags.boolean({summary: 'Never colour the output (also NO_COLOR=1).', helpGroup: 'GLOBAL'}),
}

/** -n: a namespace; for offline commands, the one objects without a namespace are taken to be in. */
export const namespaceFlag = Flags.string({
  char: 'n',
  summary: "Namespace (default: the context's namespace).",
  helpGroup: 'GLOBAL',
})

/** -i: the Istio control plane namespace. */
export const istioNamespaceFlag = Flags.string({
  char: 'i',
  summary: 'Namespace of the Istio control plane.',
  default: 'istio-system',
  aliases: ['istioNamespace'],
  helpGroup: 'GLOBAL',
})

/** What selects a cluster and bounds each request: for commands that reach a cluster but not a namespace. */
export const clusterFlags = {
  kubeconfig: Flags.string({
    char: 'c',
    summary: 'Kubernetes configuration file (default: the KUBECONFIG list, then ~/.kube/config).',
    helpGroup: 'GLOBAL',
  }),
  context: Flags.string({
    summary: 'Kubernetes context to use (default: the current context).',
    helpGroup: 'GLOBAL',
  }),
  'request-timeout': Flags.string({
    summary: 'Time to wait for one API request, as a duration (15s, 1m).',
    default: '15s',
    aliases: ['kubeclient-timeout'],
    helpGroup: 'GLOBAL',
  }),
}

/** Flags of every command that talks to a cluster. Nothing here reads the kubeconfig: that happens on first use. */
export const kubeFlags = {
  kubeconfig: clusterFlags.kubeconfig,
  context: clusterFlags.context,
  namespace: namespaceFlag,
  'istio-namespace': istioNamespaceFlag,
  revision: Flags.string({char: 'r', summary: 'Control plane revision.', default: '', helpGroup: 'GLOBAL'}),
  'request-timeout': clusterFlags['request-timeout'],
}

/** An -o flag with the given formats; the first is the default. */
export function outputFlag<const T extends readonly string[]>(formats: T, def: T[number] = formats[0]) {
  return Flags.option({
    char: 'o',
    summary: `Output format: ${formats.join('|')}.`,
    options: formats,
    default: def,
  })()
}
