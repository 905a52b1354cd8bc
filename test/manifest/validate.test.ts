import {existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {resolveIstioOperator} from '../../src/lib/manifest/generate.js'
import {hubProblem, revisionProblem, tagProblem} from '../../src/lib/manifest/validate.js'
import {checkValues} from '../../src/lib/manifest/values-schema.js'
import {VALUES_SCHEMA} from '../../src/lib/manifest/values-schema.gen.js'
import {ISTIO_SRC} from '../helpers/istio.js'

function dir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meshctl-validate-'))
  mkdirSync(path.join(d, 'profiles'))
  writeFileSync(
    path.join(d, 'profiles', 'default.yaml'),
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  namespace: istio-system\nspec:\n  components:\n    pilot:\n      enabled: true\n  values:\n    global:\n      istioNamespace: istio-system\n',
  )
  writeFileSync(path.join(d, 'profiles', 'demo.yaml'), 'spec:\n  values:\n    profile: demo\n')
  return d
}

describe('manifest validation', () => {
  const d = dir()
  const run = (sets: string[], files: Array<{name: string; text: string}> = []) =>
    resolveIstioOperator({sets, files, manifestsDir: d})
  const fails = (
    sets: string[],
    message: string | RegExp,
    exitCode: number,
    files: Array<{name: string; text: string}> = [],
  ) => {
    let err: unknown
    try {
      run(sets, files)
    } catch (e) {
      err = e
    }
    expect(err, `expected ${String(message)}`).to.be.instanceOf(MeshctlError)
    const e = err as MeshctlError
    if (typeof message === 'string') expect(e.message).to.equal(message)
    else expect(e.message).to.match(message)
    expect(e.exitCode).to.equal(exitCode)
  }

  it('names an unknown values path and the closest valid one (exit 64 when it came from --set)', () => {
    fails(
      ['values.pilot.autoscaleMn=2'],
      'unknown field values.pilot.autoscaleMn; did you mean values.pilot.autoscaleMin?',
      64,
    )
    fails(
      ['values.global.proxy.resourcez.cpu=1'],
      'unknown field values.global.proxy.resourcez; did you mean values.global.proxy.resources?',
      64,
    )
    fails(
      ['values.global.proxy.resources.requests.cpu=1'],
      /^invalid value for values.global.proxy.resources.requests.cpu: expected a string/,
      64,
    )
  })

  it('names unknown IstioOperator fields with suggestions, exit 65 when they came from a file', () => {
    fails(
      [],
      'f.yaml:5: unknown field components.pilot.enabeld; did you mean components.pilot.enabled?',
      65,
      [
        {
          name: 'f.yaml',
          text: 'kind: IstioOperator\nspec:\n  components:\n    pilot:\n      enabeld: true\n',
        },
      ],
    )
    fails(['hubb=x'], 'unknown field hubb; did you mean hub?', 64)
  })

  it('checks value types against the values schema', () => {
    fails(
      ['values.pilot.autoscaleEnabled=maybe'],
      'invalid value for values.pilot.autoscaleEnabled: expected a boolean, got string',
      64,
    )
  })

  it('rejects bad revisions, hubs and tags', () => {
    fails(['revision=Bad_Rev'], 'invalid revision specified: Bad_Rev', 64)
    fails(['hub=Docker.io/UPPER'], /^bad hub: repository can only contain/, 64)
    fails(['tag=bad+tag'], /^bad tag: tag can only contain/, 64)
    expect(hubProblem('docker.io/istio')).to.equal(undefined)
    expect(hubProblem('localhost:5000/istio')).to.equal(undefined)
    expect(tagProblem('1.30.3-distroless')).to.equal(undefined)
    expect(revisionProblem('1-30-3')).to.equal(undefined)
  })

  it('accepts meshctl addon switches and rejects unknown addons', () => {
    const r = run(['profile=demo', 'addonComponents.kiali.enabled=false'])
    expect(r.addons.enabled).to.deep.equal(['prometheus', 'grafana', 'jaeger'])
    expect(r.merged.spec).to.not.have.property('addonComponents')
    expect(run(['addonComponents.grafana.enabled=true']).addons.enabled).to.deep.equal(['grafana'])
    fails(
      ['addonComponents.kialy.enabled=true'],
      /^unknown addon addonComponents.kialy; did you mean addonComponents.kiali\?/,
      64,
    )
  })

  it('--force turns errors into a warning', () => {
    const r = resolveIstioOperator({sets: ['values.pilot.autoscaleMn=2'], manifestsDir: d, force: true})
    expect(r.warnings[0]).to.match(
      /^spec invalid; continuing because of --force: unknown field values.pilot.autoscaleMn/,
    )
  })

  it('applies unvalidatedValues without checking them', () => {
    const r = run(['unvalidatedValues.anything.goes=1'])
    expect((r.merged.spec as {values: {anything: unknown}}).values.anything).to.deep.equal({goes: 1})
  })
})

describe('manifest values schema', () => {
  it('is what the generator makes of Istio 1.30.3 values_types.proto (regenerate with test/manifest/tools)', async function () {
    const proto = path.join(ISTIO_SRC, 'operator/pkg/apis/values_types.proto')
    if (!existsSync(proto)) {
      console.log('      (skipped: Istio 1.30.3 checkout not found)')
      this.skip()
    }
    const {renderValuesSchemaModule} = await import('./tools/values-schema-module.js')
    const {format} = await import('prettier')
    const config = (await import('prettier')).resolveConfig('src/lib/manifest/values-schema.gen.ts')
    const want = await format(renderValuesSchemaModule(readFileSync(proto, 'utf8')), {
      ...(await config),
      parser: 'typescript',
    })
    expect(readFileSync('src/lib/manifest/values-schema.gen.ts', 'utf8')).to.equal(want)
  })

  it('accepts IntOrString fields as numbers or strings', () => {
    expect(checkValues(VALUES_SCHEMA, {cni: {rollingMaxUnavailable: '25%'}})).to.deep.equal([])
    expect(checkValues(VALUES_SCHEMA, {cni: {rollingMaxUnavailable: 1}})).to.deep.equal([])
    expect(checkValues(VALUES_SCHEMA, {cni: {rollingMaxUnavailable: true}})).to.have.length(1)
  })
})
