/**
 * The default revision tag istioctl creates while installing (operator/pkg/webhook WebhooksToDeploy,
 * istioctl/pkg/tag Generate): the `istio-revision-tag-default` MutatingWebhookConfiguration, the
 * `istiod-default-validator` ValidatingWebhookConfiguration and the tag Service, labelled with the owner
 * labels plus `owning-resource-not-pruned=true`; and the deactivation of a revision-less default injector.
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import {isConflict} from '../kube/errors.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {generateManifest} from '../manifest/generate.js'
import {getBool, getString, type Tree} from '../manifest/values.js'
import {ISTIO_VERSION} from '../version/info.js'
import {OWNER, namespaceOf, ownerLabels, revisionOf} from './labels.js'
import {withLabels} from './plan.js'

/** istioctl's "never match" selector put on a deactivated injector. */
export const NEVER_MATCH = {matchLabels: {'istio.io/deactivated': 'never-match'}}

const INJECTOR_SUFFIX = 'sidecar-injector.istio.io'

/** Whether istioctl would create the default tag (detectIfTagWebhookIsNeeded). */
export function tagNeeded(merged: Tree, defaultTagExists: boolean): boolean {
  const rev = getString(merged, 'spec.values.revision')
  return !getBool(merged, 'spec.values.global.operatorManageWebhooks') && (!defaultTagExists || rev === '')
}

/** Whether a cluster already has a default tag webhook (PreviousInstallExists). */
export async function defaultTagExists(client: KubeClient): Promise<boolean> {
  const found = await client
    .list(Kinds.MutatingWebhookConfiguration, {labelSelector: 'app=sidecar-injector,istio.io/tag=default'})
    .catch(() => [])
  return found.length > 0
}

/** defaultTagExists on an already fetched list of every MutatingWebhookConfiguration. */
export function hasDefaultTag(webhooks: readonly KubeObject[]): boolean {
  return webhooks.some(
    (w) => w.metadata.labels?.app === 'sidecar-injector' && w.metadata.labels?.['istio.io/tag'] === 'default',
  )
}

type Webhook = Record<string, unknown> & {name?: string; clientConfig?: Record<string, unknown>}

/**
 * The tag objects for an install. `canonical` is the revision's own injector webhook (as rendered, or as
 * found in the cluster): its labels (but `app`) and annotations carry over, as istioctl does.
 */
export async function defaultTagObjects(
  merged: Tree,
  canonical: KubeObject | undefined,
  manifestsDir?: string,
): Promise<KubeObject[]> {
  const rev = revisionOf(merged)
  const ns = namespaceOf(merged)
  const renderRev = rev === 'default' ? '' : rev
  const sets = [
    'profile=empty',
    'components.pilot.enabled=true',
    ...(renderRev ? [`revision=${renderRev}`] : []),
    'values.revisionTags[0]=default',
    `values.sidecarInjectorWebhook.enableNamespacesByDefault=${String(getBool(merged, 'spec.values.sidecarInjectorWebhook.enableNamespacesByDefault'))}`,
    `values.global.istioNamespace=${ns}`,
  ]
  const {objects} = await generateManifest({sets, manifestsDir, hubTag: null})
  const mwc = objects.find(
    (o) =>
      o.object.kind === 'MutatingWebhookConfiguration' &&
      String((o.object.metadata as Tree).name).startsWith('istio-revision-tag-'),
  )?.object
  const svc = objects.find(
    (o) =>
      o.object.kind === 'Service' &&
      ((o.object.metadata as Tree).labels as Record<string, string> | undefined)?.['istio.io/tag'] ===
        'default',
  )?.object
  const custom = {...ownerLabels(merged), [OWNER.notPruned]: 'true'}
  const canonLabels = Object.fromEntries(
    Object.entries(canonical?.metadata.labels ?? {}).filter(([k]) => k !== 'app'),
  )
  const out: KubeObject[] = []
  if (mwc) {
    const wh = withLabels(mwc, {...canonLabels, ...custom})
    if (canonical?.metadata.annotations)
      wh.metadata.annotations = {...(wh.metadata.annotations ?? {}), ...canonical.metadata.annotations}
    out.push(wh)
  }
  out.push(withLabels(defaultValidator(renderRev, ns) as Tree, {...canonLabels, ...custom}))
  if (svc) out.push(withLabels(svc, custom))
  return out
}

/** `istiod-default-validator`: validation of revision-less Istio config, served by the tagged revision. */
export function defaultValidator(revision: string, namespace: string): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: 'istiod-default-validator',
      labels: {
        app: 'istiod',
        istio: 'istiod',
        'istio.io/rev': revision || 'default',
        'istio.io/tag': 'default',
        [OWNER.component]: 'Pilot',
        'app.kubernetes.io/name': 'istiod',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/instance': 'istio',
        'app.kubernetes.io/part-of': 'istio',
        'app.kubernetes.io/version': ISTIO_VERSION,
        'helm.sh/chart': `istio-default-${ISTIO_VERSION}`,
      },
    },
    webhooks: [
      {
        name: 'validation.istio.io',
        clientConfig: {
          service: {name: revision ? `istiod-${revision}` : 'istiod', namespace, path: '/validate'},
        },
        rules: [
          {
            operations: ['CREATE', 'UPDATE'],
            apiGroups: [
              'security.istio.io',
              'networking.istio.io',
              'telemetry.istio.io',
              'extensions.istio.io',
            ],
            apiVersions: ['*'],
            resources: ['*'],
          },
        ],
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        objectSelector: {matchExpressions: [{key: 'istio.io/rev', operator: 'DoesNotExist'}]},
      },
    ],
  }
}

/** The revision's injector among rendered objects (the canonical webhook istioctl reads from the cluster). */
export function canonicalInjector(objects: KubeObject[], revision: string): KubeObject | undefined {
  return objects.find(
    (o) =>
      o.kind === 'MutatingWebhookConfiguration' &&
      o.metadata.labels?.['istio.io/rev'] === revision &&
      !o.metadata.labels?.['istio.io/tag'] &&
      ((o.webhooks as Webhook[] | undefined) ?? []).some((w) => w.name?.endsWith(INJECTOR_SUFFIX)),
  )
}

/** Attempts at the read-modify-write below before a conflict is reported. */
export const CONFLICT_ATTEMPTS = 5

/**
 * Makes the revision-less default injector (`istio.io/rev=default`, no tag) match nothing, so the tag
 * webhook alone injects (DeactivateIstioInjectionWebhook). Returns the object changed, if any.
 * A read-modify-write with the resourceVersion read: when someone else changed the webhook in between,
 * the API server answers 409, and it is read again and changed again (bounded), as client-go's
 * RetryOnConflict does.
 */
export async function deactivateDefaultInjector(
  client: KubeClient,
  /** Every MutatingWebhookConfiguration, when already fetched; a retry after a conflict lists again. */
  all?: readonly KubeObject[],
): Promise<KubeObject | undefined> {
  for (let attempt = 1; ; attempt++) {
    const whs =
      all && attempt === 1
        ? all.filter(
            (w) =>
              w.metadata.labels?.['istio.io/rev'] === 'default' &&
              !('istio.io/tag' in (w.metadata.labels ?? {})),
          )
        : await client.list(Kinds.MutatingWebhookConfiguration, {
            labelSelector: 'istio.io/rev=default,!istio.io/tag',
          })
    if (whs.length !== 1) return undefined
    const wh = structuredClone(whs[0]!)
    wh.webhooks = ((wh.webhooks as Webhook[] | undefined) ?? []).map((w) => ({
      ...w,
      namespaceSelector: NEVER_MATCH,
      objectSelector: NEVER_MATCH,
    }))
    try {
      return await client.replace(wh)
    } catch (err) {
      if (!isConflict(err) || attempt >= CONFLICT_ATTEMPTS) throw err
      await new Promise((r) => setTimeout(r, 50 * attempt))
    }
  }
}
