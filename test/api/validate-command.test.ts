// `meshctl validate` end to end, through the built CLI (npm run build first).
import {expect} from 'chai'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expectGolden} from '../helpers/golden.js'
import {runCli} from '../helpers/cli.js'

const DIR = 'test/fixtures/validate'
const WARNING_ONLY = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: old
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
      consecutiveErrors: 5
`

describe('validate command', () => {
  it('passes the valid corpus: exit 0, one verdict per file on stderr, nothing on stdout', async () => {
    const r = await runCli(['validate', '-f', `${DIR}/valid`])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(r.stderr.trim().split('\n')).to.deep.equal([
      `warning: ${DIR}/valid/networking.yaml:417: EnvoyFilter istio-config/custom-protocol: spec: EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.`,
      `"${DIR}/valid/kubernetes-and-operator.yaml" is valid`,
      `"${DIR}/valid/networking.yaml" is valid (1 warning)`,
      `"${DIR}/valid/security.yaml" is valid`,
      `"${DIR}/valid/telemetry-extensions.yaml" is valid`,
    ])
  })

  it('reports every problem of the invalid corpus with file:line, object and field path; exit 65', async () => {
    const r = await runCli(['validate', '-R', '-f', `${DIR}/invalid`])
    expect(r.code).to.equal(65)
    expectGolden(r.stderr, join(DIR, 'invalid.golden.txt'))
  })

  it('gives a clear message for each malformed document, never a stack trace', async () => {
    const r = await runCli(['validate', '-f', `${DIR}/invalid/malformed.yaml`])
    expect(r.code).to.equal(65)
    const f = `${DIR}/invalid/malformed.yaml`
    expect(r.stderr.split('\n').slice(0, 5)).to.deep.equal([
      `error: ${f}:6: document is a string, not an object`,
      `error: ${f}:8: document is a list, not an object`,
      `warning: ${f}:11: object has no apiVersion or kind: not a Kubernetes object, not validated`,
      `error: ${f}:15: VirtualServce default/typo: kind: unknown kind VirtualServce in networking.istio.io/v1`,
      `error: ${f}:19: cannot parse YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ])
    expect(r.stderr).to.not.match(/\n\s+at /)
  })

  it('walks sub-directories as istioctl does, with or without -R (issue #18)', async () => {
    const plain = await runCli(['validate', '-f', `${DIR}/invalid`])
    expect(plain.stderr).to.include('invalid/nested/gateway.yaml')
    expect(plain.stderr).to.include('invalid/routing.yaml')
    const withR = await runCli(['validate', '-R', '-f', `${DIR}/invalid`])
    expect(withR.stderr).to.equal(plain.stderr)
    // Files only in a sub-directory: validated, not a silent pass.
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-validate-'))
    try {
      mkdirSync(join(dir, 'sub'))
      writeFileSync(join(dir, 'sub', 'dr.yaml'), WARNING_ONLY.replace('reviews', 'a..b'))
      const r = await runCli(['validate', '-f', dir])
      expect(r.code, r.stderr).to.equal(65)
      expect(r.stderr).to.include(
        `error: ${join(dir, 'sub', 'dr.yaml')}:6: DestinationRule default/old: spec.host`,
      )
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('a -f that yields no YAML or JSON document is an error naming the path (65), never a pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-validate-'))
    try {
      mkdirSync(join(dir, 'empty'))
      mkdirSync(join(dir, 'docs'))
      writeFileSync(join(dir, 'docs', 'README.md'), '# not yaml\n')
      writeFileSync(join(dir, 'blank.yaml'), '# only a comment\n---\n')
      for (const path of [join(dir, 'empty'), join(dir, 'docs'), join(dir, 'blank.yaml')]) {
        const r = await runCli(['validate', '-f', path])
        expect(r.code, `${path}: ${r.stderr}`).to.equal(65)
        expect(r.stderr).to.match(new RegExp(`^error: ${path}: no YAML or JSON`, 'm'))
        expect(r.stderr).to.not.match(/is valid|validation succeed/)
      }
      const stdin = await runCli(['validate', '-f', '-'], {input: ''})
      expect(stdin.code).to.equal(65)
      expect(stdin.stderr).to.include('error: <stdin>: no YAML or JSON documents on stdin')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('offers only the flags it reads: no cluster flags', async () => {
    const help = await runCli(['validate', '--help'])
    for (const flag of ['--kubeconfig', '--context', '--request-timeout', '--revision', '-r,'])
      expect(help.stdout, flag).to.not.include(flag)
    for (const flag of ['--filename', '--namespace', '--istio-namespace', '--recursive'])
      expect(help.stdout, flag).to.include(flag)
    const r = await runCli(['validate', '--context', 'x', '-f', '-'], {input: 'a: b\n'})
    expect(r.code).to.equal(64)
  })

  it('reads stdin with -f -, naming it <stdin>', async () => {
    const ok = await runCli(['v', '-f', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    })
    expect([ok.code, ok.stderr]).to.deep.equal([0, 'validation succeed\n'])
    const bad = await runCli(['validate', '-f', '-', '-n', 'team'], {
      input: WARNING_ONLY.replace('reviews', 'a..b'),
    })
    expect(bad.code).to.equal(65)
    expect(bad.stderr).to.include(
      'error: <stdin>:6: DestinationRule team/old: spec.host: domain name ".b" invalid (label "" invalid)',
    )
  })

  it('reports warnings without failing, unless --fail-on-warning', async () => {
    const r = await runCli(['validate', '-f', '-'], {input: WARNING_ONLY})
    expect(r.code).to.equal(0)
    expect(r.stderr).to.equal(
      'warning: <stdin>:9: DestinationRule default/old: spec.trafficPolicy.outlierDetection.consecutiveErrors: deprecated field: use consecutive5xxErrors\n' +
        'validation succeed (1 warning)\n',
    )
    const strict = await runCli(['validate', '--fail-on-warning', '-f', '-'], {input: WARNING_ONLY})
    expect(strict.code).to.equal(65)
    expect(strict.stderr).to.include('error: validation failed: 1 warning in 1 of 1 file')
  })

  it('needs -f (exit 64) and reports unreadable files (exit 65)', async () => {
    const none = await runCli(['validate'])
    expect([none.code, none.stderr.split('\n')[0]]).to.deep.equal([
      64,
      'error: no files given: use -f FILE, -f DIR or -f -',
    ])
    const missing = await runCli(['validate', '-f', 'no/such/file.yaml'])
    expect(missing.code).to.equal(65)
    expect(missing.stderr).to.include('error: no/such/file.yaml: cannot read file: no such file or directory')
  })

  it('takes several -f, and comma-separated lists as istioctl does', async () => {
    const valid = `${DIR}/valid/security.yaml`
    const invalid = `${DIR}/invalid/policy.json`
    for (const args of [
      ['-f', valid, '-f', invalid],
      ['-f', `${valid},${invalid}`],
    ]) {
      const r = await runCli(['validate', ...args])
      expect(r.code).to.equal(65)
      expect(r.stderr).to.include(`${invalid}:5: AuthorizationPolicy`)
      expect(r.stderr).to.include('error: validation failed: 1 error in 1 of 2 files')
    }
  })

  it('prints the findings as data with -o json and -o yaml (stdout), keeping the exit code', async () => {
    const file = `${DIR}/invalid/policy.json`
    const r = await runCli(['validate', '-o', 'json', '-f', file])
    expect(r.code).to.equal(65)
    expect(JSON.parse(r.stdout)).to.deep.equal({
      valid: false,
      findings: [
        {
          level: 'error',
          file,
          line: 5,
          object: 'AuthorizationPolicy default/deny-all',
          path: 'spec.rules[0].from[0].source.ipBlocks[0]',
          message: '10.0.0.300 is not a valid IP',
        },
      ],
      files: [{file, errors: 1, warnings: 0}],
    })
    expect(r.stderr).to.equal('error: validation failed: 1 error in 1 of 1 file\n')
    const ok = await runCli(['validate', '-o', 'yaml', '-f', `${DIR}/valid/security.yaml`])
    expect([ok.code, ok.stderr]).to.deep.equal([0, ''])
    expect(ok.stdout).to.equal(
      `valid: true\nfindings: []\nfiles:\n  - file: ${DIR}/valid/security.yaml\n    errors: 0\n    warnings: 0\n`,
    )
  })

  it('gives JSON files line numbers too', async () => {
    const r = await runCli(['validate', '-f', `${DIR}/invalid/policy.json`])
    expect(r.stderr).to.include(
      `error: ${DIR}/invalid/policy.json:5: AuthorizationPolicy default/deny-all: spec.rules[0].from[0].source.ipBlocks[0]: 10.0.0.300 is not a valid IP`,
    )
  })
})
