import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {expect} from 'chai'
import {contextNamespace, kubeconfigPaths, loadKubeConfig} from '../../../../src/lib/kube/config.js'
import {MeshctlError} from '../../../../src/lib/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'meshctl-kubeconfig-'))

function kubeconfig(
  file: string,
  opts: {contexts: [string, string, string?][]; current?: string; server?: string},
) {
  const clusters = [...new Set(opts.contexts.map((c) => c[1]))]
  const body = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: "${opts.current ?? ''}"`,
    'clusters:',
    ...clusters.flatMap((c) => [
      `- name: ${c}`,
      '  cluster:',
      `    server: ${opts.server ?? 'https://' + c + '.example:6443'}`,
    ]),
    'users:',
    '- name: u',
    '  user:',
    '    token: not-a-real-token',
    'contexts:',
    ...opts.contexts.flatMap(([name, cluster, ns]) => [
      `- name: ${name}`,
      '  context:',
      `    cluster: ${cluster}`,
      '    user: u',
      ...(ns ? [`    namespace: ${ns}`] : []),
    ]),
  ].join('\n')
  const path = join(dir, file)
  writeFileSync(path, body)
  return path
}

const a = kubeconfig('a.yaml', {
  contexts: [
    ['ctx-a', 'cluster-a', 'shop'],
    ['shared', 'cluster-a'],
  ],
  current: 'ctx-a',
})
const b = kubeconfig('b.yaml', {
  contexts: [
    ['ctx-b', 'cluster-b'],
    ['shared', 'cluster-b', 'other'],
  ],
  current: 'ctx-b',
})
const noCurrent = kubeconfig('c.yaml', {contexts: [['only', 'cluster-c']]})

describe('kube/config: kubeconfig resolution', () => {
  it('uses --kubeconfig over KUBECONFIG', () => {
    expect(kubeconfigPaths({kubeconfig: a, env: {KUBECONFIG: b}})).to.deep.equal([a])
  })

  it('fails on a missing --kubeconfig file naming the flag (usage, 64)', () => {
    try {
      kubeconfigPaths({kubeconfig: join(dir, 'nope.yaml')})
      expect.fail('should throw')
    } catch (err) {
      expect((err as MeshctlError).message).to.match(/nope\.yaml.*--kubeconfig/)
      expect((err as MeshctlError).exitCode).to.equal(64)
    }
  })

  it('reads the KUBECONFIG list in order, skipping missing entries and duplicates', () => {
    const list = [join(dir, 'missing.yaml'), b, a, b].join(delimiter)
    expect(kubeconfigPaths({env: {KUBECONFIG: list}})).to.deep.equal([b, a])
  })

  it('falls back to ~/.kube/config and says so when it is missing', () => {
    expect(() => kubeconfigPaths({env: {}, home: dir})).to.throw(/\.kube\/config does not exist/)
  })

  it('merges a KUBECONFIG list with the first file winning (current-context and duplicate names)', async () => {
    const kc = await loadKubeConfig({env: {KUBECONFIG: [a, b].join(delimiter)}})
    expect(kc.getCurrentContext()).to.equal('ctx-a')
    expect(kc.getContexts().map((c) => c.name)).to.deep.equal(['ctx-a', 'shared', 'ctx-b'])
    expect(kc.getContextObject('shared')?.cluster).to.equal('cluster-a')
    expect(kc.getCluster('cluster-b')?.server).to.equal('https://cluster-b.example:6443')
  })

  it('selects --context from any file of the list', async () => {
    const kc = await loadKubeConfig({env: {KUBECONFIG: [a, b].join(delimiter)}, context: 'ctx-b'})
    expect(kc.getCurrentContext()).to.equal('ctx-b')
    expect(kc.getCurrentCluster()?.server).to.equal('https://cluster-b.example:6443')
  })

  it('fails on an unknown --context with the kubectl-like message and lists the contexts', async () => {
    try {
      await loadKubeConfig({kubeconfig: a, context: 'x'})
      expect.fail('should throw')
    } catch (err) {
      expect((err as MeshctlError).message).to.equal('context "x" not found in kubeconfig')
      expect((err as MeshctlError).hints.join()).to.contain('ctx-a, shared')
      expect((err as MeshctlError).exitCode).to.equal(64)
    }
  })

  it('fails when there is no current context and no --context', async () => {
    await loadKubeConfig({kubeconfig: noCurrent}).then(
      () => expect.fail('should throw'),
      (err: Error) => expect(err.message).to.equal('kubeconfig has no current context'),
    )
  })

  it("takes the namespace from -n, else the context's namespace, else default", async () => {
    const kc = await loadKubeConfig({kubeconfig: a})
    expect(contextNamespace(kc, 'flag-ns')).to.equal('flag-ns')
    expect(contextNamespace(kc)).to.equal('shop')
    kc.setCurrentContext('shared')
    expect(contextNamespace(kc)).to.equal('default')
  })

  it('reports an unparsable kubeconfig as bad input (65) naming the file', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'clusters: [unclosed')
    await loadKubeConfig({kubeconfig: bad}).then(
      () => expect.fail('should throw'),
      (err: MeshctlError) => {
        expect(err.message).to.contain(bad)
        expect(err.exitCode).to.equal(65)
      },
    )
  })

  const broken: [string, string, string, number][] = [
    ['an empty file reads as an empty config', '', 'kubeconfig has no current context', 1],
    ['a scalar', '42\n', 'not a kubeconfig (a YAML mapping is expected)', 65],
    [
      'a context naming a missing cluster',
      'current-context: c\ncontexts: [{name: c, context: {cluster: nope, user: u}}]\nusers: [{name: u, user: {}}]\n',
      'context "c" refers to cluster "nope", which is not in the kubeconfig',
      65,
    ],
    [
      'a server that is not an http(s) URL',
      'current-context: c\nclusters: [{name: k, cluster: {server: "ftp://x"}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nusers: [{name: u, user: {}}]\n',
      'cluster "k" in the kubeconfig has no valid server URL: "ftp://x"',
      65,
    ],
  ]
  for (const [what, text, message, code] of broken) {
    it(`reports ${what} in one line without client-node's internals`, async () => {
      const file = join(dir, 'broken.yaml')
      writeFileSync(file, text)
      await loadKubeConfig({kubeconfig: file}).then(
        () => expect.fail('should throw'),
        (err: MeshctlError) => {
          expect(err.message).to.contain(message)
          expect(err.exitCode).to.equal(code)
        },
      )
    })
  }

  it('says which KUBECONFIG files are missing when none exists, and what to pass when ~/.kube/config is missing', () => {
    const list = [join(dir, 'x.yaml'), join(dir, 'y.yaml')].join(delimiter)
    expect(() => kubeconfigPaths({env: {KUBECONFIG: list}})).to.throw(
      MeshctlError,
      `none of the KUBECONFIG files exist: ${list}`,
    )
    try {
      kubeconfigPaths({env: {}, home: dir})
      expect.fail('should throw')
    } catch (err) {
      expect((err as MeshctlError).message).to.equal(
        `no kubeconfig found: ${join(dir, '.kube', 'config')} does not exist`,
      )
      expect((err as MeshctlError).hints).to.deep.equal(['pass --kubeconfig FILE or set KUBECONFIG'])
    }
    mkdirSync(join(dir, 'home', '.kube'), {recursive: true})
    writeFileSync(join(dir, 'home', '.kube', 'config'), '')
    expect(kubeconfigPaths({env: {}, home: join(dir, 'home')})).to.deep.equal([
      join(dir, 'home', '.kube', 'config'),
    ])
  })

  it("skips a blank file of the list, refuses a YAML list, and keeps the first file's users", async () => {
    const blank = join(dir, 'blank.yaml')
    writeFileSync(blank, '  \n')
    const kc = await loadKubeConfig({env: {KUBECONFIG: [blank, a, b].join(delimiter)}})
    expect(kc.getCurrentContext()).to.equal('ctx-a')
    expect(kc.getUsers().map((u) => u.name)).to.deep.equal(['u'])
    expect(kc.getClusters().map((c) => c.name)).to.deep.equal(['cluster-a', 'cluster-b'])
    const list = join(dir, 'list.yaml')
    writeFileSync(list, '- a\n- b\n')
    await loadKubeConfig({kubeconfig: list}).then(
      () => expect.fail('should throw'),
      (err: MeshctlError) =>
        expect(err.message).to.equal(
          `cannot read kubeconfig ${list}: not a kubeconfig (a YAML mapping is expected)`,
        ),
    )
  })

  it('names a current context missing from the kubeconfig, and says to pass --context', async () => {
    const file = kubeconfig('dangling.yaml', {contexts: [['only', 'cluster-d']], current: 'gone'})
    await loadKubeConfig({kubeconfig: file}).then(
      () => expect.fail('should throw'),
      (err: MeshctlError) => {
        expect(err.message).to.equal('current context "gone" not found in kubeconfig')
        expect(err.hints).to.deep.equal(['pass --context NAME'])
      },
    )
  })
})
