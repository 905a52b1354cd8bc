import {parse} from 'yaml'

/**
 * The parts of MeshConfig analyzers read, with Istio's defaults. Unknown fields are kept so a mesh config
 * file round-trips; only these are typed.
 */
export interface MeshConfig {
  rootNamespace: string
  ingressService: string
  ingressSelector: string
  ingressControllerMode: string
  defaultConfig?: Record<string, unknown>
  [key: string]: unknown
}

/** Istio's default mesh config for a control plane namespace. */
export function defaultMeshConfig(istioNamespace: string): MeshConfig {
  return {
    rootNamespace: istioNamespace,
    ingressService: 'istio-ingressgateway',
    ingressSelector: 'ingressgateway',
    ingressControllerMode: 'STRICT',
  }
}

/**
 * Overlays a mesh config document (YAML or JSON, the `mesh` key of the `istio` ConfigMap) on the defaults.
 * Throws a plain Error with the parser's message when the text is not a map.
 */
export function parseMeshConfig(text: string, istioNamespace: string): MeshConfig {
  const doc = parse(text) as unknown
  // an empty document is null: the defaults alone (spreading null adds nothing)
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('mesh config is not a map')
  return {...defaultMeshConfig(istioNamespace), ...(doc as Record<string, unknown> | null)}
}

/** Mesh networks (the `meshNetworks` key of the `istio` ConfigMap, or --meshNetworksFile): `networks` by name. */
export interface MeshNetworks {
  networks?: Record<string, unknown>
  [key: string]: unknown
}

/** Parses a mesh networks document (YAML or JSON); empty text is no networks. Throws when it is not a map. */
export function parseMeshNetworks(text: string): MeshNetworks {
  const doc = parse(text) as unknown
  // `parse` reads an empty document as null, never undefined
  if (doc === null) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('mesh networks is not a map')
  return doc as MeshNetworks
}
