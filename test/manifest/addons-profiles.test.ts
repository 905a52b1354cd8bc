// meshctl's addon selection (addonComponents) and reading a manifests directory's profiles, as library calls.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {loadAddons, profileAddons, takeAddonSelection} from '../../src/lib/manifest/addons.js'
import {listProfiles, readProfile, readProfileFile} from '../../src/lib/manifest/profiles.js'
import type {Tree} from '../../src/lib/manifest/values.js'

/** A manifests directory with the given files (path → text). */
function manifests(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meshctl-manifests-'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, rel)), {recursive: true})
    writeFileSync(path.join(d, rel), text)
  }
  return d
}

function thrown(f: () => unknown): MeshctlError {
  try {
    f()
  } catch (e) {
    if (e instanceof MeshctlError) return e
    throw e
  }
  throw new Error('nothing thrown')
}

describe('addon selection', () => {
  const none = manifests({})

  it('takes addonComponents out of the spec; the profile’s addons, then the user’s switches', () => {
    const iop: Tree = {
      spec: {profile: 'demo', addonComponents: {kiali: {enabled: false}, grafana: {enabled: true}}},
    }
    const {selection, errors} = takeAddonSelection(iop, 'demo', none)
    expect(errors).to.deep.equal([])
    expect(iop.spec).to.deep.equal({profile: 'demo'})
    expect(selection.enabled).to.deep.equal(['prometheus', 'grafana', 'jaeger'])
    expect([...selection.explicit].sort()).to.deep.equal(['grafana', 'kiali'])
    // the default profile has none; an empty profile name is the default one
    const d = takeAddonSelection({spec: {addonComponents: {jaeger: {enabled: true}}}}, '', none)
    expect(d.selection.enabled).to.deep.equal(['jaeger'])
    expect(takeAddonSelection({}, 'default', none).selection.enabled).to.deep.equal([])
    expect(takeAddonSelection({spec: {addonComponents: null}}, 'demo', none).errors).to.deep.equal([])
  })

  it('reports each wrong setting as a finding naming its path', () => {
    const {selection, errors} = takeAddonSelection(
      {
        spec: {
          addonComponents: {
            kialli: {enabled: true},
            zzz: {},
            grafana: true,
            jaeger: {enabled: 'yes', on: true},
            kiali: {enabled: true},
          },
        },
      },
      'default',
      none,
    )
    expect(errors).to.deep.equal([
      {
        path: 'addonComponents.kialli',
        message:
          'unknown addon addonComponents.kialli; did you mean addonComponents.kiali? (addons: prometheus, grafana, jaeger, kiali)',
      },
      {
        path: 'addonComponents.zzz',
        message: 'unknown addon addonComponents.zzz (addons: prometheus, grafana, jaeger, kiali)',
      },
      {
        path: 'addonComponents.grafana',
        message: 'invalid value for addonComponents.grafana: expected an object',
      },
      {
        path: 'addonComponents.jaeger.enabled',
        message: 'invalid value for addonComponents.jaeger.enabled: expected a boolean',
      },
      {
        path: 'addonComponents.jaeger.on',
        message: 'unknown field addonComponents.jaeger.on; did you mean addonComponents.jaeger.enabled?',
      },
    ])
    expect(selection.enabled).to.deep.equal(['kiali'])
    expect([...selection.explicit]).to.deep.equal(['kiali'])
    expect(takeAddonSelection({spec: {addonComponents: [1]}}, 'demo', none).errors).to.deep.equal([
      {path: 'addonComponents', message: 'invalid value for addonComponents: expected an object'},
    ])
  })

  it('addons.yaml: a list or a name → true map per profile, in meshctl’s install order; a bad file names itself', () => {
    const d = manifests({
      'addons/addons.yaml':
        'profiles:\n  demo: [kiali, prometheus, nope]\n  minimal: {grafana: true, kiali: false, jaeger: "true"}\n  odd: 3\n',
    })
    expect(profileAddons(d, 'demo')).to.deep.equal(['prometheus', 'kiali'])
    expect(profileAddons(d, 'minimal')).to.deep.equal(['grafana'])
    expect(profileAddons(d, 'odd')).to.deep.equal([])
    expect(profileAddons(d, 'default')).to.deep.equal([])
    expect(profileAddons(manifests({'addons/addons.yaml': '[1]\n'}), 'demo')).to.deep.equal([])
    const bad = manifests({'addons/addons.yaml': 'profiles: [\n'})
    const e = thrown(() => profileAddons(bad, 'demo'))
    expect(e.exitCode).to.equal(65)
    expect(e.message).to.include(path.join(bad, 'addons', 'addons.yaml'))
  })

  it('loads the enabled addons’ objects with a kind; a missing file is an error only when asked for', () => {
    const d = manifests({
      'addons/kiali.yaml':
        'kind: ServiceAccount\nmetadata: {name: kiali}\n---\nnot: an object with kind\n---\n- 1\n',
      'addons/grafana.yaml': 'kind: [\n',
    })
    expect(
      loadAddons(d, {enabled: ['prometheus', 'kiali'], explicit: new Set()}).map((a) => [
        a.addon,
        a.objects.map((o) => o.kind),
      ]),
    ).to.deep.equal([['kiali', ['ServiceAccount']]])
    const missing = thrown(() => loadAddons(d, {enabled: ['jaeger'], explicit: new Set(['jaeger'])}))
    expect(missing.message).to.equal(
      `addon jaeger is not available: ${path.join(d, 'addons', 'jaeger.yaml')} does not exist`,
    )
    expect(missing.exitCode).to.equal(65)
    const bad = thrown(() => loadAddons(d, {enabled: ['grafana'], explicit: new Set()}))
    expect(bad.message).to.include(path.join(d, 'addons', 'grafana.yaml'))
  })
})

describe('profiles of a manifests directory', () => {
  const d = manifests({
    'profiles/default.yaml': 'spec:\n  hub: h\n  values: {a: 1, b: {c: 1}}\n',
    'profiles/demo.yaml': 'spec:\n  profile: demo\n  values: {b: {d: 2}}\n',
    'profiles/list.yaml': '- 1\n',
    'profiles/broken.yaml': 'spec: [\n',
    'profiles/README.md': 'not a profile\n',
  })

  it('lists the .yaml files, sorted, without the extension; none without a profiles directory', () => {
    expect(listProfiles(d)).to.deep.equal(['broken', 'default', 'demo', 'list'])
    expect(listProfiles(manifests({}))).to.deep.equal([])
  })

  it('layers a profile on default; an empty name is default', () => {
    expect(readProfile(d, 'demo')).to.deep.equal({
      spec: {hub: 'h', profile: 'demo', values: {a: 1, b: {c: 1, d: 2}}},
    })
    expect(readProfile(d, '')).to.deep.equal(readProfileFile(d, 'default'))
    expect(readProfile(d, 'default')).to.deep.equal({spec: {hub: 'h', values: {a: 1, b: {c: 1}}}})
  })

  it('an unknown profile names the directory and the profiles, with a guess; odd names are never read', () => {
    const e = thrown(() => readProfileFile(d, 'dmeo'))
    expect(e.message).to.equal(
      `profile "dmeo" not found in ${path.join(d, 'profiles')}; available profiles: broken, default, demo, list`,
    )
    expect(e.exitCode).to.equal(65)
    expect(e.hints).to.deep.equal(['did you mean "demo"?'])
    expect(thrown(() => readProfileFile(d, '../profiles/demo')).message).to.match(
      /^profile "\.\.\/profiles\/demo" not found/,
    )
    expect(thrown(() => readProfileFile(d, 'zzzzzzzz')).hints).to.deep.equal([])
    const empty = manifests({})
    expect(thrown(() => readProfileFile(empty, 'demo')).message).to.equal(
      `profile "demo" not found in ${path.join(empty, 'profiles')}`,
    )
  })

  it('a profile that does not parse or is no object is bad input naming the file', () => {
    const broken = thrown(() => readProfileFile(d, 'broken'))
    expect(broken.message).to.match(
      new RegExp(`^${escape(path.join(d, 'profiles', 'broken.yaml'))}: cannot parse profile: `),
    )
    expect(thrown(() => readProfileFile(d, 'list')).message).to.equal(
      `${path.join(d, 'profiles', 'list.yaml')}: profile is not an IstioOperator object`,
    )
  })
})

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
