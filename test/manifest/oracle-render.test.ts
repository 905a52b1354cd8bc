import {existsSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'chai'
import {parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {defaultManifestsDir} from '../../src/lib/manifest/profiles.js'
import {getPath, isTree, type Tree} from '../../src/lib/manifest/values.js'
import {FILE_CASES, RENDER_PROFILES, SET_CASES} from './cases.js'
import {ISTIO_MANIFESTS, istioctlGenerate, oracleUnavailable} from './oracle.js'
import {
  argsToOptions,
  memoUnderMutation,
  referenceDocuments,
  sortedDocuments,
  sortedMeshctlDocuments,
  tryGenerate,
} from './render-helpers.js'

// Under mutation testing the comparisons with istioctl's built-in charts are left out: they check meshctl's charts
// against the release's, which no mutant of src/lib changes; the byte-for-byte ones check the code.
const MUTATING = process.env.MESHCTL_MUTATION_MODULE !== undefined
const CASES = [...RENDER_PROFILES.map((p) => ['--set', `profile=${p}`]), ...SET_CASES, ...FILE_CASES]

// Istio's checkout carries placeholder chart versions (1.0.0) where the release binary embeds 1.30.3: the
// byte-for-byte comparison points both tools at the same directory, and the comparison with istioctl's
// built-in charts maps the two chart-version labels first.
describe('manifest oracle: meshctl -d <Istio 1.30.3 manifests> renders exactly what istioctl renders', function () {
  this.timeout(120000)
  const why = oracleUnavailable()
  before(async function () {
    if (why) {
      console.log(`      (skipped: ${why})`)
      this.skip()
    }
    if (!(await tryGenerate({sets: ['profile=minimal'], manifestsDir: ISTIO_MANIFESTS}))) {
      console.log('      (skipped: chart rendering is not available yet: the template engine has not landed)')
      this.skip()
    }
  })

  for (const args of CASES) {
    it(`manifest generate -d <istio> ${args.join(' ')}`, async function () {
      const ref = istioctlGenerate(['-d', ISTIO_MANIFESTS, ...args])
      expect(ref.code, ref.stderr).to.equal(0)
      const got = await tryGenerate({...argsToOptions(args), manifestsDir: ISTIO_MANIFESTS})
      const mine = sortedMeshctlDocuments(got!).join('---\n')
      expect(mine).to.equal(referenceDocuments(ref.stdout).join('---\n'))
      // And istioctl's built-in charts: the same bytes once the checkout's 1.0.0 chart version reads 1.30.3.
      if (MUTATING) return
      const builtin = istioctlGenerate(args)
      expect(sortedDocuments(releaseChartVersion(mine)).join('---\n')).to.equal(
        referenceDocuments(builtin.stdout).join('---\n'),
      )
    })
  }
})

/** The chart-version labels a release build carries instead of the checkout's placeholder 1.0.0. */
function releaseChartVersion(text: string): string {
  return text
    .replace(/^(\s*app\.kubernetes\.io\/version): 1\.0\.0$/gm, '$1: 1.30.3')
    .replace(/^(\s*helm\.sh\/chart: [a-z-]+)-1\.0\.0$/gm, '$1-1.30.3')
}

describe('manifest oracle: istioctl renders meshctl’s own manifests/ exactly as meshctl does', function () {
  this.timeout(120000)
  const ours = defaultManifestsDir()
  before(async function () {
    const why = oracleUnavailable()
    if (why || !existsSync(path.join(ours, 'charts', 'istio-control'))) {
      console.log(`      (skipped: ${why ?? `meshctl charts not present in ${ours}`})`)
      this.skip()
    }
    if (!(await tryGenerate({sets: ['profile=minimal']}))) {
      console.log('      (skipped: chart rendering is not available yet: the template engine has not landed)')
      this.skip()
    }
  })

  for (const args of CASES) {
    it(`istioctl manifest generate -d manifests/ ${args.join(' ')}`, async function () {
      const ref = istioctlGenerate(['-d', ours, ...args])
      expect(ref.code, ref.stderr).to.equal(0)
      const got = await tryGenerate(argsToOptions(args))
      expect(sortedMeshctlDocuments(got!).join('---\n')).to.equal(
        referenceDocuments(ref.stdout).join('---\n'),
      )
    })
  }
})

/** What must agree between meshctl’s charts and Istio’s: identities, images, istiod env, ports, webhooks, mesh config. */
function essentials(docs: Tree[]): Record<string, unknown> {
  const ids = docs
    .map(
      (d) =>
        `${String(d.kind)}:${String(getPath(d, 'metadata.namespace') ?? '')}:${String(getPath(d, 'metadata.name'))}`,
    )
    .sort()
  const images = new Set<string>()
  const ports: string[] = []
  for (const d of docs) {
    const containers = getPath(d, 'spec.template.spec.containers')
    for (const c of Array.isArray(containers) ? containers.filter(isTree) : []) {
      if (typeof c.image === 'string') images.add(c.image)
      for (const p of Array.isArray(c.ports) ? c.ports.filter(isTree) : [])
        ports.push(
          `${String(getPath(d, 'metadata.name'))}:${String(p.containerPort)}/${String(p.name ?? '')}`,
        )
    }
    if (d.kind === 'Service')
      for (const p of (getPath(d, 'spec.ports') as Tree[] | undefined) ?? [])
        ports.push(
          `svc/${String(getPath(d, 'metadata.name'))}:${String(p.port)}->${String(p.targetPort ?? '')}`,
        )
  }
  const istiod = docs.find(
    (d) => d.kind === 'Deployment' && String(getPath(d, 'metadata.name')).startsWith('istiod'),
  )
  const mesh = docs.find(
    (d) =>
      d.kind === 'ConfigMap' &&
      /^istio(-.*)?$/.test(String(getPath(d, 'metadata.name'))) &&
      getPath(d, 'data.mesh') !== undefined,
  )
  return {
    ids,
    images: [...images].sort(),
    ports: ports.sort(),
    istiodEnv: istiod ? getPath(istiod, 'spec.template.spec.containers[0].env') : null,
    webhooks: docs.filter((d) => /WebhookConfiguration$/.test(String(d.kind))).map((d) => d.webhooks),
    mesh: mesh ? getPath(mesh, 'data.mesh') : null,
  }
}

/** The essentials of istioctl's output (memoised under mutation). */
const referenceEssentials = memoUnderMutation((text) => essentials(parseYamlDocuments(text).filter(isTree)))

describe('manifest oracle: meshctl’s default render agrees with istioctl’s (apart from addons)', function () {
  this.timeout(120000)
  before(async function () {
    if (MUTATING) {
      console.log('      (skipped under mutation testing: built-in charts, see MUTATING above)')
      this.skip()
    }
    const why = oracleUnavailable()
    if (why || !existsSync(path.join(defaultManifestsDir(), 'charts', 'istio-control'))) {
      console.log(`      (skipped: ${why ?? 'meshctl charts not present'})`)
      this.skip()
    }
    if (!(await tryGenerate({sets: ['profile=minimal']}))) {
      console.log('      (skipped: chart rendering is not available yet: the template engine has not landed)')
      this.skip()
    }
  })
  for (const args of CASES) {
    it(`manifest generate ${args.join(' ')}`, async function () {
      const ref = istioctlGenerate(args)
      const got = await tryGenerate(argsToOptions(args))
      const mine = got!.objects.filter((o) => !o.component.startsWith('addon-')).map((o) => o.object)
      expect(essentials(mine)).to.deep.equal(referenceEssentials(ref.stdout))
    })
  }
})
