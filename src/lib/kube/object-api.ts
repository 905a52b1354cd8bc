import type {KubeConfig, KubernetesObjectApi} from '@kubernetes/client-node'
import {builtinResourceLists} from './builtin-resources.js'

/**
 * client-node's generic object API, except that lists of custom resources keep their continue token.
 *
 * client-node deserialises a list of a built-in kind into its generated model, whose `V1ListMeta` renames the
 * wire field `continue` to `_continue`. A list of a custom kind has no model: its `metadata` is read as
 * `V1ObjectMeta`, which has no such field, so the token is dropped and paging stops after the first page. This
 * copies the wire token to `metadata._continue` so every list pages the same way. Loads client-node lazily.
 */
export async function makeObjectApi(kc: KubeConfig, builtinKinds = false): Promise<KubernetesObjectApi> {
  const {KubernetesObjectApi} = await import('./client-node.js')
  type Response = Parameters<KubernetesObjectApi['processResponse']>[0]

  class PagingObjectApi extends KubernetesObjectApi {
    static forConfig(kc: KubeConfig): PagingObjectApi {
      const api = kc.makeApiClient(PagingObjectApi)
      api.setDefaultNamespace(kc)
      // Built-in kinds need no discovery request (builtin-resources.ts); a kind missing from a cached list is
      // still looked up on the server by client-node.
      if (builtinKinds)
        Object.assign(
          (api as unknown as {apiVersionResourceCache: object}).apiVersionResourceCache,
          builtinResourceLists(),
        )
      return api
    }

    protected override async processResponse<T>(response: Response, type?: string): Promise<T> {
      // The body can be read once; keep the text for the base class and for the token.
      const text = await response.body.text()
      response.body = {text: async () => text, binary: async () => Buffer.from(text)}
      const out = await super.processResponse<never>(response, type)
      const meta = (out as {metadata?: {_continue?: string}}).metadata
      if (meta && !meta._continue && text.includes('"continue"')) {
        const wire = wireContinue(text)
        if (wire) meta._continue = wire
      }
      return out as T
    }
  }

  return PagingObjectApi.forConfig(kc)
}

/** `metadata.continue` of a JSON list document, or undefined. */
export function wireContinue(text: string): string | undefined {
  try {
    const token = (JSON.parse(text) as {metadata?: {continue?: unknown}}).metadata?.continue
    return typeof token === 'string' && token !== '' ? token : undefined
  } catch {
    return undefined
  }
}
