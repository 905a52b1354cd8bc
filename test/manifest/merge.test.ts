import {existsSync, mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {mergeInputs, parseIstioOperatorFile} from '../../src/lib/manifest/merge.js'
import {getPath} from '../../src/lib/manifest/values.js'
import {ISTIO_SRC} from '../helpers/istio.js'

/** A minimal manifests dir: default and demo profiles shaped like Istio's. */
function manifestsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-merge-'))
  mkdirSync(path.join(dir, 'profiles'))
  writeFileSync(
    path.join(dir, 'profiles', 'default.yaml'),
    `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  namespace: istio-system
spec:
  hub: registry.example/testing
  tag: latest
  components:
    base: {enabled: true}
    pilot: {enabled: true}
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
  values:
    defaultRevision: ""
    global:
      istioNamespace: istio-system
`,
  )
  writeFileSync(
    path.join(dir, 'profiles', 'demo.yaml'),
    `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  components:
    egressGateways:
    - name: istio-egressgateway
      enabled: true
  values:
    profile: demo
`,
  )
  return dir
}

describe('manifest merge: istioctl input precedence', () => {
  const dir = manifestsDir()
  const file = (text: string, name = 'iop.yaml') => ({name, text})

  it('layers default < profile < compiled hub/tag < -f files in order < --set in order', () => {
    const m = mergeInputs({
      manifestsDir: dir,
      files: [
        file(
          'kind: IstioOperator\nspec:\n  profile: demo\n  hub: from-file-1\n  values:\n    pilot: {autoscaleMin: 2}\n',
        ),
        file('kind: IstioOperator\nspec:\n  hub: from-file-2\n'),
      ],
      sets: ['values.pilot.autoscaleMin=3', 'values.pilot.autoscaleMin=4'],
    })
    expect(getPath(m, 'spec.hub')).to.equal('from-file-2')
    expect(getPath(m, 'spec.values.global.hub')).to.equal('from-file-2')
    expect(getPath(m, 'spec.tag')).to.equal('1.30.3') // compiled-in default beats the profile's "latest"
    expect(getPath(m, 'spec.values.pilot.autoscaleMin')).to.equal(4)
    expect(getPath(m, 'spec.values.profile')).to.equal('demo')
    expect(getPath(m, 'spec.components.egressGateways')).to.deep.equal([
      {name: 'istio-egressgateway', enabled: true},
    ])
    expect(getPath(m, 'spec.components.ingressGateways')).to.have.length(1)
  })

  it('translates top-level fields into values, and user values win over the translation', () => {
    const m = mergeInputs({
      manifestsDir: dir,
      sets: [
        'hub=docker.io/x',
        'values.global.hub=quay.io/y',
        'revision=canary',
        'meshConfig.accessLogFile=/dev/stdout',
      ],
    })
    expect(getPath(m, 'spec.values.global.hub')).to.equal('quay.io/y')
    expect(getPath(m, 'spec.values.revision')).to.equal('canary')
    expect(getPath(m, 'spec.values.meshConfig.accessLogFile')).to.equal('/dev/stdout')
    expect(getPath(m, 'spec.values.pilot.enabled')).to.equal(true)
    expect(getPath(m, 'spec.values.pilot.cni.enabled')).to.equal(false)
    expect(getPath(m, 'metadata.namespace')).to.equal('istio-system')
  })

  it('lists replace: a --set [0] creates a new one-element list that replaces the profile list (istioctl quirk)', () => {
    const m = mergeInputs({manifestsDir: dir, sets: ['components.ingressGateways[0].name=custom']})
    expect(getPath(m, 'spec.components.ingressGateways')).to.deep.equal([{name: 'custom'}])
  })

  it('refuses a file with several IstioOperators and a missing profile (listing the profiles)', () => {
    expect(() => parseIstioOperatorFile(file('kind: IstioOperator\n---\nkind: IstioOperator\n', 'two.yaml')))
      .to.throw(MeshctlError, 'two.yaml: contains multiple IstioOperator CRs, only one per file is supported')
      .with.property('exitCode', 65)
    expect(() => mergeInputs({manifestsDir: dir, sets: ['profile=nope']}))
      .to.throw(MeshctlError, /profile "nope" not found .*available profiles: default, demo/)
      .with.property('exitCode', 65)
  })

  it('tolerates an empty spec and reports YAML errors with the file name', () => {
    const m = mergeInputs({manifestsDir: dir, files: [file('kind: IstioOperator\nspec:\n')]})
    expect(getPath(m, 'spec.hub')).to.equal('docker.io/istio')
    expect(() => parseIstioOperatorFile(file('spec:\n  hub: x\n', 'nokind.yaml'))).to.throw(
      MeshctlError,
      "nokind.yaml: unable to parse file: Object 'Kind' is missing",
    )
    expect(() => parseIstioOperatorFile(file('spec: [\n', 'bad.yaml'))).to.throw(
      MeshctlError,
      /^bad.yaml:2:1: cannot parse YAML: [^\n]+$/,
    )
  })

  it('checks every document for a kind, as istioctl does, while comment-only documents are fine', () => {
    const iop = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hub: h\n'
    // istioctl 1.30.3: "Object 'Kind' is missing in '{"foo":"bar"}'" for the second document, exit 1
    expect(() => parseIstioOperatorFile(file(`${iop}---\nfoo: bar\n`, 'second.yaml')))
      .to.throw(MeshctlError, "second.yaml: unable to parse file: Object 'Kind' is missing")
      .with.property('exitCode', 65)
    const commented = parseIstioOperatorFile(file(`# a comment\n---\n${iop}---\n# trailing\n`))
    expect(getPath(commented, 'spec.hub')).to.equal('h')
  })

  it('reads only the first document: an empty or null one makes the file an empty tree (as istioctl 1.30.3)', () => {
    // istioctl ignores the hub of such a file (checked with manifest generate on the same files)
    const iop = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hub: x.example/y\n'
    expect(parseIstioOperatorFile(file(`---\n---\n${iop}`))).to.deep.equal({})
    expect(parseIstioOperatorFile(file(`~\n---\n${iop}`))).to.deep.equal({})
    // comments before the first --- are no document
    expect(getPath(parseIstioOperatorFile(file(`# c\n---\n${iop}`)), 'spec.hub')).to.equal('x.example/y')
  })

  it('reads profiles from the inputs’ installPackagePath, else from the default manifests', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'meshctl-merge-pkg-'))
    mkdirSync(path.join(other, 'profiles'))
    writeFileSync(
      path.join(other, 'profiles', 'default.yaml'),
      'kind: IstioOperator\nspec:\n  hub: pkg.example/hub\n',
    )
    const m = mergeInputs({manifestsDir: dir, hubTag: null, sets: [`installPackagePath=${other}`]})
    expect(getPath(m, 'spec.hub')).to.equal('pkg.example/hub')
    expect(getPath(mergeInputs({manifestsDir: dir, hubTag: null}), 'spec.hub')).to.equal(
      'registry.example/testing',
    )
  })

  it('puts the compiled-in hub and tag over the profile unless told there are none', () => {
    const tags = (hubTag?: {hub: string; tag: string} | null) => {
      const m = mergeInputs({manifestsDir: dir, hubTag})
      return [getPath(m, 'spec.hub'), getPath(m, 'spec.tag')]
    }
    expect(tags()).to.deep.equal(['docker.io/istio', '1.30.3'])
    expect(tags({hub: 'h.example', tag: 't1'})).to.deep.equal(['h.example', 't1'])
    expect(tags(null)).to.deep.equal(['registry.example/testing', 'latest'])
  })

  it('reads Istio 1.30.3 profiles layered on default (when the checkout is present)', function () {
    const istio = path.join(ISTIO_SRC, 'manifests')
    if (!existsSync(istio)) {
      console.warn(`    ⚠ skipped: the Istio 1.30.3 checkout is not at ${istio}`)
      this.skip()
    }
    const m = mergeInputs({manifestsDir: istio, sets: ['profile=ambient']})
    expect(getPath(m, 'spec.components.cni.enabled')).to.equal(true)
    expect(getPath(m, 'spec.components.ztunnel.enabled')).to.equal(true)
    expect(getPath(m, 'spec.values.pilot.cni.enabled')).to.equal(true)
    expect(getPath(m, 'spec.values.global.hub')).to.equal('docker.io/istio')
  })
})
