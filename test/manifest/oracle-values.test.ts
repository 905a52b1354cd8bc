import {expect} from 'chai'
import {COMPONENTS, componentSpecs, componentValues} from '../../src/lib/manifest/components.js'
import {resolveIstioOperator} from '../../src/lib/manifest/generate.js'
import {parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {getPath, isTree, splitSetFlag} from '../../src/lib/manifest/values.js'
import {ISTIO_MANIFESTS, istioctlGenerate, oracleUnavailable} from './oracle.js'
import {ERROR_CASES, FILE_CASES, PROFILES, SET_CASES} from './cases.js'
import {argsToOptions} from './render-helpers.js'

/** The values istiod's chart received, as istioctl records them in the `values` ConfigMap. */
function istiodOriginalValues(stdout: string, rev = ''): unknown {
  for (const d of parseYamlDocuments(stdout)) {
    if (
      isTree(d) &&
      d.kind === 'ConfigMap' &&
      getPath(d, 'metadata.name') === (rev ? `values-${rev}` : 'values')
    ) {
      return JSON.parse(String(getPath(d, 'data.original-values')))
    }
  }
  return undefined
}

describe('manifest oracle: merged values equal istioctl 1.30.3 (the values ConfigMap)', function () {
  const why = oracleUnavailable()
  before(function () {
    if (why) {
      console.log(`      (skipped: ${why})`)
      this.skip()
    }
  })

  const cases = [...PROFILES.map((p) => ['--set', `profile=${p}`]), ...SET_CASES, ...FILE_CASES]
  for (const args of cases) {
    it(`istioctl manifest generate ${args.join(' ')}`, function () {
      const ref = istioctlGenerate(args)
      expect(ref.code, ref.stderr).to.equal(0)
      const want = istiodOriginalValues(ref.stdout, argsToOptions(args).revision || revisionOf(args))
      const {merged} = resolveIstioOperator({...argsToOptions(args), manifestsDir: ISTIO_MANIFESTS})
      const pilot = COMPONENTS.find((c) => c.name === 'Pilot')!
      const specs = componentSpecs(pilot, merged)
      if (want === undefined) {
        expect(specs, 'istioctl rendered no istiod').to.have.length(0)
        return
      }
      expect(getPath(componentValues(pilot, specs[0]!, merged), 'spec.values')).to.deep.equal(want)
    })
  }

  for (const {args} of ERROR_CASES) {
    it(`istioctl also refuses: ${args.join(' ')}`, function () {
      const ref = istioctlGenerate(args)
      expect(ref.code, 'istioctl exit status').to.not.equal(0)
      expect(() => resolveIstioOperator({...argsToOptions(args), manifestsDir: ISTIO_MANIFESTS})).to.throw()
    })
  }
})

function revisionOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--set') {
      const {path, value} = splitSetFlag(args[i + 1]!)
      if (path === 'revision') return value
    }
  }
  return ''
}
