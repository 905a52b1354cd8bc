import {expect} from 'chai'
import {findKind, ISTIO_KINDS, isIstioGroup, kindInfo} from '../../src/lib/api/index.js'

describe('api: kinds', () => {
  it('knows 15 installed kinds and IstioOperator, each with a storage version among its served ones', () => {
    expect(ISTIO_KINDS.filter((k) => k.installed)).to.have.length(15)
    expect(ISTIO_KINDS.find((k) => !k.installed)?.kind).to.equal('IstioOperator')
    for (const k of ISTIO_KINDS) expect(k.versions, k.kind).to.include(k.storageVersion)
  })

  it('finds a kind by apiVersion and kind, only in served versions', () => {
    expect(kindInfo('networking.istio.io/v1alpha3', 'VirtualService')?.plural).to.equal('virtualservices')
    expect(kindInfo('networking.istio.io/v2', 'VirtualService')).to.equal(undefined)
    expect(kindInfo('telemetry.istio.io/v1alpha1', 'Telemetry')?.storageVersion).to.equal('v1alpha1')
    expect(kindInfo('v1', 'Service')).to.equal(undefined)
    expect([isIstioGroup('security.istio.io/v1'), isIstioGroup('apps/v1')]).to.deep.equal([true, false])
  })

  it('finds a kind by the names users type', () => {
    for (const name of [
      'vs',
      'VirtualService',
      'virtualservices',
      'virtualservice',
      'virtualservices.networking.istio.io',
    ])
      expect(findKind(name)?.kind, name).to.equal('VirtualService')
    expect(findKind('ap')?.kind).to.equal('AuthorizationPolicy')
    expect(findKind('iop')?.kind).to.equal('IstioOperator')
    expect(findKind('virtualservices.security.istio.io')).to.equal(undefined)
    expect(findKind('nope')).to.equal(undefined)
  })
})
