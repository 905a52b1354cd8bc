// The parts of @kubernetes/client-node meshctl uses, imported by name so that the bundle keeps only them and
// what they need: the whole package bundles to ~5 MB (every generated API class and model), which a command
// would compile on each run just to read its kubeconfig. Import client-node's values from here, not the package.
export {
  AuthorizationV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PortForward,
  Watch,
  VersionApi,
} from '@kubernetes/client-node'
