import {expect} from 'chai'
import {
  getPath,
  mergeFrom,
  parseSetValue,
  PathError,
  setPath,
  setSpecPaths,
  splitPath,
  splitSetFlag,
  type Tree,
} from '../../src/lib/manifest/values.js'

describe('manifest values: --set grammar (istioctl operator/pkg/values)', () => {
  it('splits dotted paths, honours \\. escapes and splits key[N] / key.[N]', () => {
    expect(splitPath('values.global.hub')).to.deep.equal(['values', 'global', 'hub'])
    expect(splitPath('a.b\\.c\\.d.e')).to.deep.equal(['a', 'b.c.d', 'e'])
    expect(splitPath('components.ingressGateways[0].name')).to.deep.equal([
      'components',
      'ingressGateways',
      '[0]',
      'name',
    ])
    expect(splitPath('components.ingressGateways.[name:foo].k8s')).to.deep.equal([
      'components',
      'ingressGateways',
      '[name:foo]',
      'k8s',
    ])
    expect(splitPath('.a//b.')).to.deep.equal(['a/b'])
  })

  it('types values: int, float, bool (Go ParseBool), then string with \\, unescaped', () => {
    expect(parseSetValue('3')).to.equal(3)
    expect(parseSetValue('-7')).to.equal(-7)
    expect(parseSetValue('1')).to.equal(1) // int before bool
    expect(parseSetValue('0.5')).to.equal(0.5)
    expect(parseSetValue('1e3')).to.equal(1000)
    expect(parseSetValue('true')).to.equal(true)
    expect(parseSetValue('F')).to.equal(false)
    expect(parseSetValue('yes')).to.equal('yes')
    expect(parseSetValue('a\\,b')).to.equal('a,b')
    expect(parseSetValue('')).to.equal('')
  })

  it('splits path=value only when there is exactly one "=" (else the flag is all path)', () => {
    expect(splitSetFlag(' profile = demo ')).to.deep.equal({path: 'profile', value: 'demo'})
    expect(splitSetFlag('a=b=c')).to.deep.equal({path: 'a=b=c', value: ''})
    expect(splitSetFlag('flag')).to.deep.equal({path: 'flag', value: ''})
  })

  it('keeps always-string paths as strings: tag, global.tag, compatibilityVersion, proxyMetadata', () => {
    const t: Tree = {}
    setSpecPaths(t, [
      'tag=1.30',
      'values.global.tag=1',
      'compatibilityVersion=1.28',
      'meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE=true',
      'values.pilot.autoscaleMin=2',
      'revision=1',
    ])
    expect(t).to.deep.equal({
      spec: {
        tag: '1.30',
        values: {global: {tag: '1'}, pilot: {autoscaleMin: 2}},
        compatibilityVersion: '1.28',
        meshConfig: {defaultConfig: {proxyMetadata: {ISTIO_META_DNS_CAPTURE: 'true'}}},
        revision: 1,
      },
    })
  })

  it('[N] sets an element, and an index past the end appends (creating the list)', () => {
    const t: Tree = {}
    setSpecPaths(t, ['components.ingressGateways[0].name=gw', 'components.ingressGateways[0].enabled=true'])
    setSpecPaths(t, ['components.ingressGateways[5].name=second'])
    expect(t.spec).to.deep.equal({
      components: {ingressGateways: [{name: 'gw', enabled: true}, {name: 'second'}]},
    })
    setPath(t, 'spec.list[3]', 'x')
    expect(getPath(t, 'spec.list')).to.deep.equal(['x'])
  })

  it('[key:value] selects a list element, and fails when none matches', () => {
    const t: Tree = {spec: {components: {ingressGateways: [{name: 'a'}, {name: 'b'}]}}}
    setSpecPaths(t, ['components.ingressGateways[name:b].enabled=false'])
    expect(getPath(t, 'spec.components.ingressGateways[name:b]')).to.deep.equal({name: 'b', enabled: false})
    expect(() => setSpecPaths(t, ['components.ingressGateways[name:zz].enabled=false']))
      .to.throw(PathError)
      .with.property('message', 'element [name:zz] not found')
  })

  it('escaped dots set keys that contain dots (annotation names)', () => {
    const t: Tree = {}
    setSpecPaths(t, [
      'values.sidecarInjectorWebhook.injectedAnnotations.container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/istio-proxy=runtime/default',
    ])
    expect(t).to.deep.equal({
      spec: {
        values: {
          sidecarInjectorWebhook: {
            injectedAnnotations: {
              'container.apparmor.security.beta.kubernetes.io/istio-proxy': 'runtime/default',
            },
          },
        },
      },
    })
  })

  it('refuses to descend into a scalar', () => {
    const t: Tree = {spec: {hub: 'x'}}
    expect(() => setSpecPaths(t, ['hub.foo=1'])).to.throw(PathError, /hub is not an object/)
  })

  it('merges maps deeply while lists and scalars replace', () => {
    const base: Tree = {a: {b: 1, c: [1, 2]}, d: 'x'}
    mergeFrom(base, {a: {c: [3], e: true}, d: {f: 1}})
    expect(base).to.deep.equal({a: {b: 1, c: [3], e: true}, d: {f: 1}})
  })
})
