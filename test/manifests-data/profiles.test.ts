// Structural facts of manifests/profiles: what istioctl reads with `-d manifests`.
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {MANIFESTS, PROFILES} from './layout.js'

/** Fields istioctl 1.30.3 accepts in an IstioOperator spec (operator/pkg/apis/types.go); anything else fails its strict decoding. */
const SPEC_FIELDS = [
  'profile',
  'installPackagePath',
  'hub',
  'tag',
  'namespace',
  'revision',
  'compatibilityVersion',
  'meshConfig',
  'components',
  'values',
  'unvalidatedValues',
]
const COMPONENTS = ['base', 'pilot', 'cni', 'ztunnel', 'istiodRemote', 'ingressGateways', 'egressGateways']

/** Profiles that set no values.profile (istioctl 1.30.3's default, empty, minimal and openshift). */
const WITHOUT_CHART_PROFILE = ['default', 'empty', 'minimal', 'openshift']

function readProfile(name: string): any {
  const docs = parseAllDocuments(readFileSync(join(MANIFESTS, 'profiles', `${name}.yaml`), 'utf8'))
  expect(docs, `${name}.yaml holds one document`).to.have.length(1)
  expect(docs[0].errors, `${name}.yaml parses`).to.deep.equal([])
  return docs[0].toJS()
}

describe('manifests: profiles', () => {
  it('ships exactly the documented profiles', () => {
    const files = readdirSync(join(MANIFESTS, 'profiles')).filter((f) => f.endsWith('.yaml'))
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).to.deep.equal([...PROFILES].sort())
  })

  for (const name of PROFILES) {
    it(`${name} is an IstioOperator that istioctl's strict decoding accepts`, () => {
      const iop = readProfile(name)
      expect(iop.apiVersion).to.equal('install.istio.io/v1alpha1')
      expect(iop.kind).to.equal('IstioOperator')
      expect(Object.keys(iop.spec ?? {})).to.satisfy((keys: string[]) =>
        keys.every((k) => SPEC_FIELDS.includes(k)),
      )
      expect(Object.keys(iop.spec?.components ?? {})).to.satisfy((keys: string[]) =>
        keys.every((k) => COMPONENTS.includes(k)),
      )
      // meshctl-only settings (addons) must stay out of what istioctl validates.
      expect(JSON.stringify(iop)).not.to.contain('addonComponents')
    })

    it(`${name}: a chart-side profile exists for values.profile, or it sets none`, () => {
      const chartProfile = readProfile(name).spec?.values?.profile
      // As in istioctl 1.30.3: these profiles leave values.profile unset (the charts' defaults apply).
      if (WITHOUT_CHART_PROFILE.includes(name)) expect(chartProfile).to.equal(undefined)
      else
        expect(existsSync(join(MANIFESTS, 'chart-profiles', `${chartProfile}.yaml`)), chartProfile).to.equal(
          true,
        )
    })
  }

  it('default runs the Istio 1.30.3 release images with istiod, CRDs and an ingress gateway', () => {
    const spec = readProfile('default').spec
    expect(spec.hub).to.equal('docker.io/istio')
    expect(String(spec.tag)).to.equal('1.30.3')
    expect(spec.components.base.enabled).to.equal(true)
    expect(spec.components.pilot.enabled).to.equal(true)
    expect(spec.components.ingressGateways).to.deep.equal([{name: 'istio-ingressgateway', enabled: true}])
    expect(spec.components.egressGateways).to.deep.equal([{name: 'istio-egressgateway', enabled: false}])
  })

  it('component switches match istioctl 1.30.3 profiles', () => {
    expect(readProfile('demo').spec.components.egressGateways[0].enabled).to.equal(true)
    expect(readProfile('minimal').spec.components.ingressGateways[0].enabled).to.equal(false)
    const empty = readProfile('empty').spec.components
    expect([empty.base.enabled, empty.pilot.enabled, empty.ingressGateways[0].enabled]).to.deep.equal([
      false,
      false,
      false,
    ])
    const ambient = readProfile('ambient').spec.components
    expect([ambient.cni.enabled, ambient.ztunnel.enabled, ambient.ingressGateways[0].enabled]).to.deep.equal([
      true,
      true,
      false,
    ])
  })
})
