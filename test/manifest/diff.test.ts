// `manifest diff` and `profile dump`/`profile diff` as library functions (the CLI tests run the built bundle).
import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {readInputFiles} from '../../src/lib/manifest/cli.js'
import {
  diffManifests,
  formatManifestDiff,
  indexManifest,
  manifestsDiffer,
  objectKey,
} from '../../src/lib/manifest/diff.js'
import {diffProfiles, dumpProfile, formatDump, toFlags} from '../../src/lib/manifest/profile-dump.js'

const cm = (ns: string, name: string, data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  k: ${data}\n`

describe('manifest diff (library)', () => {
  it('keys objects by kind, namespace and name; a cluster-scoped object has an empty namespace', () => {
    expect(objectKey({kind: 'ConfigMap', metadata: {name: 'x', namespace: 'ns'}})).to.equal('ConfigMap:ns:x')
    expect(objectKey({kind: 'ClusterRole', metadata: {name: 'r'}})).to.equal('ClusterRole::r')
    expect(objectKey({metadata: {name: 'r'}})).to.equal('::r')
  })

  it('indexes documents, flattening Lists, skipping documents without a kind; later duplicates win', () => {
    const text = [
      cm('a', 'x', '1'),
      'kind: List\nitems:\n- kind: Secret\n  metadata: {name: s, namespace: a}\n- kind: ConfigMap\n  metadata: {name: x, namespace: a}\n  data: {k: "2"}\n',
      'metadata: {name: nokind}\n',
      'kind: 7\nmetadata: {name: numeric}\n',
      'just a string\n',
    ].join('---\n')
    const m = indexManifest(text, 'm.yaml')
    expect([...m.keys()]).to.deep.equal(['ConfigMap:a:x', 'Secret:a:s'])
    expect(m.get('ConfigMap:a:x')!.data).to.deep.equal({k: '2'})
    // a List whose items is not a list is an object of kind List
    expect([...indexManifest('kind: List\nitems: {}\nmetadata: {name: l}\n', 'l.yaml').keys()]).to.deep.equal(
      ['List::l'],
    )
  })

  it('a manifest that does not parse is bad input naming the file', () => {
    let err: unknown
    try {
      indexManifest('a: [1\n', 'bad.yaml')
    } catch (e) {
      err = e
    }
    expect(err).to.be.instanceOf(MeshctlError)
    expect((err as MeshctlError).exitCode).to.equal(65)
    expect((err as Error).message).to.match(/^bad\.yaml/)
  })

  it('sorts objects only in one side, counts equal ones (key order ignored), diffs changed ones', () => {
    const a = {
      name: 'a.yaml',
      text: [
        cm('ns1', 'z', '1'),
        cm('ns1', 'same', '1'),
        cm('ns1', 'only-a2', '1'),
        cm('ns1', 'only-a1', '1'),
      ].join('---\n'),
    }
    const b = {
      name: 'b.yaml',
      text: [
        'kind: ConfigMap\ndata:\n  k: 1\nmetadata:\n  namespace: ns1\n  name: same\napiVersion: v1\n',
        cm('ns1', 'z', '2'),
        cm('ns1', 'only-b2', '1'),
        cm('ns1', 'only-b1', '1'),
      ].join('---\n'),
    }
    const d = diffManifests(a, b)
    expect(d.onlyInA).to.deep.equal(['ConfigMap:ns1:only-a1', 'ConfigMap:ns1:only-a2'])
    expect(d.onlyInB).to.deep.equal(['ConfigMap:ns1:only-b1', 'ConfigMap:ns1:only-b2'])
    expect(d.same).to.equal(1)
    expect(d.changed.map((c) => c.object)).to.deep.equal(['ConfigMap:ns1:z'])
    // a unified diff without its `Index:`/`===` header, two lines of context
    expect(d.changed[0]!.diff).to.equal(
      [
        '--- a.yaml ConfigMap:ns1:z',
        '+++ b.yaml ConfigMap:ns1:z',
        '@@ -1,5 +1,5 @@',
        ' apiVersion: v1',
        ' data:',
        '-  k: 1',
        '+  k: 2',
        ' kind: ConfigMap',
        ' metadata:',
        '',
      ].join('\n'),
    )
    expect(manifestsDiffer(d)).to.equal(true)
    expect(formatManifestDiff(d, 'a.yaml', 'b.yaml')).to.equal(
      [
        'Objects only in a.yaml (2):',
        '  ConfigMap:ns1:only-a1',
        '  ConfigMap:ns1:only-a2',
        '',
        'Objects only in b.yaml (2):',
        '  ConfigMap:ns1:only-b1',
        '  ConfigMap:ns1:only-b2',
        '',
        'Objects that differ (1):',
        '  ConfigMap:ns1:z',
        '',
        d.changed[0]!.diff.trimEnd(),
        '',
      ].join('\n'),
    )
  })

  it('differ: any object only on one side or changed; identical manifests say how many objects', () => {
    const none = {onlyInA: [], onlyInB: [], changed: [], same: 3}
    expect(manifestsDiffer(none)).to.equal(false)
    expect(manifestsDiffer({...none, onlyInA: ['x']})).to.equal(true)
    expect(manifestsDiffer({...none, onlyInB: ['x']})).to.equal(true)
    expect(manifestsDiffer({...none, changed: [{object: 'x', diff: ''}]})).to.equal(true)
    expect(formatManifestDiff(none, 'a', 'b')).to.equal('Manifests are identical (3 objects).\n')
    const text = cm('ns1', 'x', '1')
    expect(diffManifests({name: 'a', text}, {name: 'b', text})).to.deep.equal({...none, same: 1})
    // one section alone, and no empty sections
    expect(formatManifestDiff({...none, onlyInB: ['K:n:x']}, 'a', 'b')).to.equal(
      'Objects only in b (1):\n  K:n:x\n',
    )
    expect(formatManifestDiff({...none, onlyInA: ['K:n:x']}, 'a', 'b')).to.equal(
      'Objects only in a (1):\n  K:n:x\n',
    )
  })
})

describe('profile dump and profile diff (library)', () => {
  it('dumps apiVersion, kind and spec of the merged IstioOperator', () => {
    const iop = dumpProfile({sets: ['profile=demo']}) as Record<string, unknown>
    expect(Object.keys(iop)).to.deep.equal(['apiVersion', 'kind', 'spec'])
    expect(iop.apiVersion).to.equal('install.istio.io/v1alpha1')
    expect(iop.kind).to.equal('IstioOperator')
    expect((iop.spec as Record<string, unknown>).profile).to.equal('demo')
  })

  it('--config-path with or without `spec.`; a missing path is a usage error', () => {
    const want = [{enabled: true, name: 'istio-egressgateway'}]
    expect(dumpProfile({sets: ['profile=demo']}, 'components.egressGateways')).to.deep.equal(want)
    expect(dumpProfile({sets: ['profile=demo']}, 'spec.components.egressGateways')).to.deep.equal(want)
    expect(dumpProfile({sets: ['profile=demo']}, 'values.global.hub')).to.equal('docker.io/istio')
    let err: unknown
    try {
      dumpProfile({}, 'no.such.path')
    } catch (e) {
      err = e
    }
    expect((err as MeshctlError).exitCode).to.equal(64)
    expect((err as Error).message).to.equal('config path no.such.path not found in the merged IstioOperator')
  })

  it('flags: sorted path=value lines, dots in keys escaped, strings quoted, empty lists and maps shown', () => {
    expect(
      toFlags({b: {'x.y': 'v', n: 1, t: true, z: null}, a: [], c: {}, d: [{e: 'f'}, 2], g: [[]]}),
    ).to.deep.equal([
      'a=[]',
      'b.n=1',
      'b.t=true',
      'b.x\\.y="v"',
      'b.z=null',
      'c={}',
      'd[0].e="f"',
      'd[1]=2',
      'g[0]=[]',
    ])
    expect(toFlags({}, '')).to.deep.equal([])
    expect(toFlags({}, 'p')).to.deep.equal(['p={}'])
    expect(toFlags({k: 'v'}, 'p')).to.deep.equal(['p.k="v"'])
  })

  it('formats: YAML (a scalar as itself), JSON indented by two, flags one a line', () => {
    expect(formatDump({a: {b: 1}}, 'yaml')).to.equal('a:\n  b: 1\n')
    expect(formatDump('docker.io/istio', 'yaml')).to.equal('docker.io/istio\n')
    expect(formatDump(3, 'yaml')).to.equal('3\n')
    expect(formatDump(null, 'yaml')).to.equal('null\n')
    expect(formatDump(true, 'yaml')).to.equal('true\n')
    expect(formatDump([1], 'yaml')).to.equal('- 1\n')
    expect(formatDump({a: [1]}, 'json')).to.equal('{\n  "a": [\n    1\n  ]\n}\n')
    expect(formatDump({a: 1, b: 'x'}, 'flags')).to.equal('a=1\nb="x"\n')
  })

  it('profile diff: a unified diff of the two dumps with three lines of context, empty when the same', () => {
    expect(diffProfiles('demo', 'demo', {})).to.equal('')
    const d = diffProfiles('default', 'demo', {})
    expect(d).to.match(/^--- profile default\n\+\+\+ profile demo\n@@ /)
    expect(d).to.include('\n-  profile: default\n+  profile: demo\n')
    // the same --set on both sides is no difference
    expect(diffProfiles('default', 'default', {sets: ['values.global.hub=x.io/y']})).to.equal('')
    const withSet = diffProfiles('minimal', 'default', {sets: ['values.global.hub=x.io/y']})
    expect(withSet.split('\n').filter((l) => /^[-+] .*hub/.test(l))).to.deep.equal([])
    // context: three unchanged lines around each change
    const hunk = d.split('\n').slice(2)
    expect(hunk[1]!.startsWith(' ')).to.equal(true)
    expect(hunk[2]!.startsWith(' ')).to.equal(true)
    expect(hunk[3]!.startsWith(' ')).to.equal(true)
  })
})

describe('reading -f inputs (library)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-inputs-'))
  const a = path.join(dir, 'a.yaml')
  const b = path.join(dir, 'b.yaml')
  writeFileSync(a, 'spec: {profile: demo}\n')
  writeFileSync(b, 'spec: {hub: x}\n')

  it('reads comma lists and repeated names in order, trimming and skipping empty names', async () => {
    const files = await readInputFiles([`${a}, ${b}`, ` ,${a}`])
    expect(files).to.deep.equal([
      {name: a, text: 'spec: {profile: demo}\n'},
      {name: b, text: 'spec: {hub: x}\n'},
      {name: a, text: 'spec: {profile: demo}\n'},
    ])
    expect(await readInputFiles()).to.deep.equal([])
  })

  it('`-` reads stdin, as the last name only', async () => {
    const stdin = async () => 'spec: {tag: t}\n'
    expect(await readInputFiles([a, '-'], stdin)).to.deep.equal([
      {name: a, text: 'spec: {profile: demo}\n'},
      {name: '<stdin>', text: 'spec: {tag: t}\n'},
    ])
    let err: unknown
    await readInputFiles([`-,${a}`], stdin).catch((e: unknown) => (err = e))
    expect((err as MeshctlError).exitCode).to.equal(64)
    expect((err as Error).message).to.equal('stdin is only allowed as the last filename')
  })
})
