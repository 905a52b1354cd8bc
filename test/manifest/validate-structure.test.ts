// The IstioOperator structure check (validate.ts walkSchema) and the gateway rules, called directly on merged
// trees: what the `--set` tables cannot write (nulls, lists of the wrong shape, string maps) and the paths the
// findings carry. Each verdict is istioctl 1.30.3's (its json decode of the spec, checked with the binary:
// `manifest generate -f` on the same spec), except where istioctl panics; that is said at the case.
import {expect} from 'chai'
import type {JSONSchemaProps} from '../../src/lib/api/schema.js'
import {istioOperatorSpec, kubernetesResources} from '../../src/lib/api/install.js'
import {
  componentConversionProblem,
  findingLocator,
  fromSetFlag,
  validateIstioOperator,
} from '../../src/lib/manifest/validate.js'
import type {Tree} from '../../src/lib/manifest/values.js'

const iop = (spec?: unknown): Tree =>
  (spec === undefined
    ? {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator'}
    : {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec}) as Tree
const errors = (spec?: unknown) =>
  validateIstioOperator(iop(spec)).errors.map((f) => `${f.path}|${f.message}`)

describe('manifest validation: the IstioOperator structure', () => {
  it('uses only the types walkSchema checks (string, boolean, list, object) outside k8s and the tags', () => {
    const seen = new Set<string>()
    const walk = (s: JSONSchemaProps, path: string): void => {
      if (s === (kubernetesResources as JSONSchemaProps)) return
      if (path.endsWith('tag')) return void expect(s['x-kubernetes-int-or-string'], path).to.equal(true)
      seen.add(String(s.type))
      expect(['string', 'boolean', 'array', 'object'], path).to.include(s.type)
      expect(s.enum, path).to.equal(undefined)
      if (s.type === 'array') expect(s.items, path).to.not.equal(undefined)
      for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, `${path}.${k}`)
      if (s.items) walk(s.items, `${path}[]`)
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${path}.*`)
    }
    walk(istioOperatorSpec as JSONSchemaProps, 'spec')
    expect([...seen].sort()).to.deep.equal(['array', 'boolean', 'object', 'string'])
  })

  it('accepts an IstioOperator without a spec, or with null fields (unset to encoding/json)', () => {
    expect(validateIstioOperator(iop())).to.deep.equal({errors: [], warnings: []})
    expect(errors(null)).to.deep.equal([])
    expect(
      errors({
        hub: null,
        tag: null,
        profile: null,
        values: null,
        components: {pilot: null, egressGateways: null},
      }),
    ).to.deep.equal([])
    // istioctl 1.30.3 panics on a null gateway list or entry; meshctl reads them as unset
    expect(
      errors({components: {ingressGateways: [null, {name: 'gw', k8s: {service: {ports: [null]}}}]}}),
    ).to.deep.equal([])
  })

  it('names each wrongly typed field, with its list index', () => {
    expect(errors({namespace: 5})).to.deep.equal([
      'namespace|invalid value for namespace: expected a string, got number',
    ])
    expect(errors({components: {pilot: {enabled: 'true'}}})).to.deep.equal([
      'components.pilot.enabled|invalid value for components.pilot.enabled: expected a boolean, got string',
    ])
    expect(errors({components: {ingressGateways: {}}})).to.deep.equal([
      'components.ingressGateways|invalid value for components.ingressGateways: expected a list, got object',
    ])
    expect(errors({components: {ingressGateways: [{name: 'a'}, 3]}})).to.deep.equal([
      'components.ingressGateways[1]|invalid value for components.ingressGateways[1]: expected an object, got number',
    ])
    expect(errors({components: []})).to.deep.equal([
      'components|invalid value for components: expected an object, got list',
    ])
    // istioctl panics on a spec that is not a map; meshctl names it
    expect(errors([])).to.deep.equal(['|invalid value for spec: expected an object, got list'])
  })

  it('checks a label map value by value, and takes any key', () => {
    expect(
      errors({components: {ingressGateways: [{name: 'a', label: {app: 'x', 'any.key/here': 'y'}}]}}),
    ).to.deep.equal([])
    expect(errors({components: {egressGateways: [{name: 'a', label: {app: 1}}]}})).to.deep.equal([
      'components.egressGateways[0].label.app|invalid value for components.egressGateways[0].label.app: expected a string, got number',
    ])
    expect(errors({components: {ingressGateways: [{name: 'a', label: []}]}})).to.deep.equal([
      'components.ingressGateways[0].label|invalid value for components.ingressGateways[0].label: expected an object, got list',
    ])
  })

  it('leaves values, meshConfig and unvalidatedValues to their own checks, and every tag to the tag check', () => {
    // unvalidatedValues is Go `any`; meshConfig's unknown fields are warnings of its own check, not structure errors
    const r = validateIstioOperator(
      iop({unvalidatedValues: 3, meshConfig: {anything: 1}, values: {global: {hub: 'x'}}}),
    )
    expect(r.errors).to.deep.equal([])
    expect(r.warnings.map((w) => w.path)).to.deep.equal(['meshConfig.anything'])
    expect(
      errors({components: {pilot: {tag: [1]}, ingressGateways: [{name: 'a', tag: {a: 1}}]}}),
    ).to.deep.equal([])
    expect(errors({tag: 1.5})).to.deep.equal([])
  })

  it('names unknown fields with the closest one, at the top level without a prefix', () => {
    expect(errors({revison: 'x'})).to.deep.equal(['revison|unknown field revison; did you mean revision?'])
    expect(errors({components: {pilott: {}}})).to.deep.equal([
      'components.pilott|unknown field components.pilott; did you mean components.pilot?',
    ])
    expect(errors({zzzzzzzzzz: 1})).to.deep.equal(['zzzzzzzzzz|unknown field zzzzzzzzzz'])
  })
})

describe('manifest validation: gateway rules on merged trees', () => {
  const gw = (ports: unknown[], name = 'gw') => ({
    components: {ingressGateways: [{name, k8s: {service: {ports}}}]},
  })

  it('reports privileged ports at the gateway list, skipping named target ports', () => {
    expect(validateIstioOperator(iop(gw([{port: 80}, {port: 81, targetPort: 'http'}]))).errors).to.deep.equal(
      [
        {
          path: 'components.ingressGateways',
          message:
            'port /80 in gateway gw invalid: targetPort is set to 0, which requires root. Set targetPort to be greater than 1024 or configure values.gateways.istio-ingressgateway.runAsRoot=true',
        },
      ],
    )
  })

  it('warns about replicas with autoscaling at the component, and not when no replica count is set', () => {
    const spec = {
      components: {
        pilot: {k8s: {replicaCount: 2}},
        ingressGateways: [{name: 'a', k8s: {replicaCount: 3}}, {name: 'b'}, {name: 'c', k8s: {}}],
      },
      values: {pilot: {autoscaleEnabled: true}, gateways: {'istio-ingressgateway': {autoscaleEnabled: true}}},
    }
    expect(validateIstioOperator(iop(spec)).warnings).to.deep.equal([
      {
        path: 'components.ingressGateways',
        message:
          'components.ingressGateways[name=a].k8s.replicaCount should not be set when values.gateways.istio-ingressgateway.autoscaleEnabled is true',
      },
      {
        path: 'components.pilot.k8s.replicaCount',
        message:
          'components.pilot.k8s.replicaCount should not be set when values.pilot.autoscaleEnabled is true',
      },
    ])
  })
})

describe('manifest validation: placing findings in the inputs', () => {
  const f = (text: string) => ({name: 'f.yaml', text})

  it('names the line of the field, of a list item past index 9, or of the nearest ancestor a file sets', () => {
    const gws = Array.from({length: 12}, (_, i) => `    - name: g${i}\n`).join('')
    const text = `kind: IstioOperator\nspec:\n  components:\n    ingressGateways:\n${gws}    pilot: ~\n`
    const locate = findingLocator([f(text)], [])
    expect(locate({path: 'components.ingressGateways[11].name', message: 'm'})).to.equal('f.yaml:16: m')
    expect(locate({path: 'components.ingressGateways[11].k8s.x', message: 'm'})).to.equal('f.yaml:16: m')
    // through a null field: its own line
    expect(locate({path: 'components.pilot.enabled', message: 'm'})).to.equal('f.yaml:17: m')
    // a field no file sets (the profile did) is not placed, not even at spec
    expect(locate({path: 'values.global.hub', message: 'm'})).to.equal('m')
    // top-level fields are found outside spec
    expect(
      findingLocator(
        [f('kind: IstioOperator\nmetadata:\n  name: 3\n')],
        [],
      )({path: 'metadata.name', message: 'm'}),
    ).to.equal('f.yaml:3: m')
    // no files, or a --set wrote it: the message alone
    expect(findingLocator([], [])({path: 'hub', message: 'm'})).to.equal('m')
  })

  it('knows a finding came from --set when the paths meet, list indexes aside', () => {
    const finding = {path: 'components.ingressGateways', message: 'm'}
    expect(fromSetFlag(finding, ['components.ingressGateways[12].k8s.service.ports[0].port=80'])).to.equal(
      true,
    )
    expect(
      fromSetFlag({path: 'components.ingressGateways[12].name', message: 'm'}, [
        'components.ingressGateways=x',
      ]),
    ).to.equal(true)
    expect(fromSetFlag({path: 'values.a.b', message: 'm'}, ['values.a.b=1'])).to.equal(true)
    expect(fromSetFlag({path: 'values.a.bc', message: 'm'}, ['values.a.b=1'])).to.equal(false)
    expect(fromSetFlag({path: 'values.a', message: 'm'}, ['values.ab.c=1'])).to.equal(false)
    expect(fromSetFlag({path: 'x.values.a', message: 'm'}, ['values.a=1'])).to.equal(false)
  })

  it('names the list entry of a gateway whose settings do not convert', () => {
    const iop = {
      spec: {components: {ingressGateways: [{name: 'a'}, {name: 'b', k8s: {replicaCount: 'x'}}]}},
    } as Tree
    expect(
      componentConversionProblem({name: 'IngressGateways', specName: 'ingressGateways', multi: true}, iop),
    ).to.equal(
      'get component IngressGateways: fail to convert ingressGateways: invalid value for components.ingressGateways[1].k8s.replicaCount: expected an integer (uint32), got string',
    )
    // unknown fields do not stop it, and a list that is not one has no entries
    const lenient = {
      spec: {components: {ingressGateways: [{name: 'a', k8s: {nope: 1}}], egressGateways: {}}},
    } as Tree
    expect(
      componentConversionProblem(
        {name: 'IngressGateways', specName: 'ingressGateways', multi: true},
        lenient,
      ),
    ).to.equal(undefined)
    expect(
      componentConversionProblem({name: 'EgressGateways', specName: 'egressGateways', multi: true}, lenient),
    ).to.equal(undefined)
  })
})
