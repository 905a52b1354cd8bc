import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {parse} from 'yaml'
import {runCli, type CliResult} from '../helpers/cli.js'
import {validateSarif} from './output.test.js'

const FIX = 'test/fixtures/analyze'
const ERRORS = `${FIX}/cli/errors.yaml` // 3 Error findings (IST0101) and a Warning (IST0132)
const WARNINGS = `${FIX}/corpus/destinationrule-tls.yaml` // Warning findings only
const INFO = `${FIX}/cli/info/service.yaml` // one Info finding
const CLEAN = `${FIX}/corpus/clean.yaml`
const FORMATS = ['log', 'json', 'yaml', 'sarif', 'junit', 'github'] as const
// No kubeconfig anywhere: the --use-kube default must be false, so nothing reaches for a cluster.
const env = {KUBECONFIG: '', HOME: mkdtempSync(join(tmpdir(), 'meshctl-home-'))}

const analyze = (args: string[], input?: string): Promise<CliResult> =>
  runCli(['analyze', ...args], {env, input})

/** Checks that stdout is one clean document of the format. */
function parseOutput(format: (typeof FORMATS)[number], stdout: string): unknown {
  switch (format) {
    case 'json':
    case 'sarif':
      return JSON.parse(stdout)
    case 'yaml':
      return parse(stdout)
    case 'junit':
      expect(stdout.trim()).to.match(/^<\?xml[\s\S]*<\/testsuites>$/)
      return stdout
    default:
      return stdout
  }
}

describe('meshctl analyze (CLI)', function () {
  this.timeout(60000)

  describe('exit codes in every output format', () => {
    for (const format of FORMATS) {
      it(`-o ${format}: 79 on errors, 65 on unparsable input, 0 on a clean input, stdout one clean document`, async () => {
        const bad = await analyze(['-o', format, ERRORS])
        expect(bad.code, bad.stderr).to.equal(79)
        parseOutput(format, bad.stdout)
        expect(bad.stdout).to.contain('IST0101')
        expect(bad.stderr).to.contain('Analyzers found issues when analyzing')
        if (format === 'sarif') expect(validateSarif(bad.stdout)).to.deep.equal([])

        const malformed = await analyze(['-o', format, `${FIX}/cli/malformed`])
        expect(malformed.code, malformed.stderr).to.equal(65)
        parseOutput(format, malformed.stdout)
        expect(malformed.stdout).to.contain('IST0128') // good.yaml is still analysed
        expect(malformed.stderr).to.match(/bad\.yaml:\d+:/)

        const good = await analyze(['-o', format, CLEAN])
        expect(good.code, good.stderr).to.equal(0)
        parseOutput(format, good.stdout)
        expect(good.stderr).to.contain('No validation issues found')
      })
    }
  })

  it('--failure-threshold: warnings pass by default, fail at Warning; Info fails only at Info', async () => {
    expect((await analyze([WARNINGS])).code).to.equal(0)
    expect((await analyze(['--failure-threshold', 'warning', WARNINGS])).code).to.equal(79)
    expect((await analyze(['--failure-threshold', 'Warning', INFO])).code).to.equal(0)
    expect((await analyze(['--failure-threshold', 'INFO', '-o', 'json', INFO])).code).to.equal(79)
  })

  it('--output-threshold hides findings from stdout but not from the exit code', async () => {
    const r = await analyze([
      '--output-threshold',
      'Error',
      '--failure-threshold',
      'Warning',
      '-o',
      'json',
      WARNINGS,
    ])
    expect(JSON.parse(r.stdout)).to.deep.equal([])
    expect(r.code).to.equal(79)
  })

  it('log format: istioctl lines with file:line of the offending field', async () => {
    const r = await analyze([ERRORS])
    const line = r.stdout.split('\n').find((l) => l.includes('mirror+subset'))
    expect(line).to.equal(
      `Error [IST0101] (VirtualService shop/ledger ${ERRORS}:17) Referenced mirror+subset in destinationrule not found: "ledger-shadow.example.com+v2"`,
    )
    expect(r.stdout).to.not.contain('\x1b[') // not a TTY: no colour
    expect((await analyze(['--color', ERRORS])).stdout).to.contain('\x1b[1;31mError\x1b[0m')
  })

  it('malformed input: 65 naming file:line; the other files are still analysed and reported', async () => {
    const r = await analyze(['-o', 'json', `${FIX}/cli/malformed`])
    expect(r.code).to.equal(65)
    expect(r.stderr).to.match(/malformed\/bad\.yaml:\d+:\d+: cannot parse YAML/)
    const findings = JSON.parse(r.stdout) as {code: string; origin: string}[]
    expect(findings.map((f) => `${f.code} ${f.origin}`)).to.deep.equal([
      'IST0128 DestinationRule shop/db',
      'IST0134 ServiceEntry shop/db',
    ])
    expect((await analyze(['--ignore-unknown', `${FIX}/cli/malformed`])).code).to.equal(0)
    // Findings at the threshold win over parse errors, as in istioctl.
    expect((await analyze(['--failure-threshold', 'Warning', `${FIX}/cli/malformed`])).code).to.equal(79)
  })

  it('a missing file is bad input (65), named', async () => {
    const r = await analyze([`${FIX}/nope.yaml`])
    expect(r.code).to.equal(65)
    expect(r.stderr).to.contain('nope.yaml: cannot read file: no such file or directory')
  })

  it('reads stdin with -', async () => {
    const r = await analyze(['-o', 'json', '-'], readFileSync(ERRORS, 'utf8'))
    expect(r.code).to.equal(79)
    expect((JSON.parse(r.stdout) as unknown[]).length).to.equal(4)
  })

  it('walks directories recursively, skipping non-YAML files', async () => {
    const r = await analyze(['-o', 'json', '-A', `${FIX}/cli/nested`])
    const origins = (JSON.parse(r.stdout) as {origin: string}[]).map((f) => f.origin)
    expect(origins).to.have.members(['VirtualService shop/deep', 'VirtualService shop/top'])
    expect((await analyze(['-R', '-o', 'json', '-A', `${FIX}/cli/nested`])).stdout).to.equal(r.stdout)
  })

  it('filters by namespace: -n, -A, and offline without -n every namespace (istio/istio#18236)', async () => {
    const files = [`${FIX}/cli/default-ns.yaml`, ERRORS]
    const origins = async (args: string[]) =>
      (JSON.parse((await analyze(['-o', 'json', ...args, ...files])).stdout) as {origin: string}[]).map(
        (f) => f.origin,
      )
    expect((await origins([])).length).to.equal(5)
    expect(await origins(['-n', 'default'])).to.deep.equal(['VirtualService default/nons'])
    expect(await origins(['-n', 'shop'])).to.not.include('VirtualService default/nons')
    expect(await origins(['-n', 'shop'])).to.include('VirtualService shop/ledger')
    // An explicit -A keeps namespace-less file objects without a namespace, exactly like istioctl.
    expect(await origins(['-A'])).to.include('VirtualService nons')
  })

  it('suppresses by -S (with wildcards and the legacy name.namespace form) and by annotation', async () => {
    const codes = async (args: string[]) =>
      (JSON.parse((await analyze(['-o', 'json', ...args])).stdout) as {code: string; origin: string}[]).map(
        (f) => `${f.code} ${f.origin}`,
      )
    expect(await codes([`${FIX}/cli/suppressed.yaml`])).to.deep.equal(['IST0101 VirtualService shop/loud'])
    expect(await codes(['-S', 'IST0101=VirtualService shop/*', `${FIX}/cli/suppressed.yaml`])).to.deep.equal(
      [],
    )
    expect(
      await codes(['-S', 'IST0101=VirtualService loud.shop', `${FIX}/cli/suppressed.yaml`]),
    ).to.deep.equal([])
    const unknown = await analyze(['-S', 'IST9999=VirtualService shop/loud', `${FIX}/cli/suppressed.yaml`])
    expect(unknown.stderr).to.contain("Warning: Supplied message code 'IST9999' is an unknown message code")
    const bad = await analyze(['-S', 'IST0101', CLEAN])
    expect(bad.code).to.equal(64)
    expect(bad.stderr).to.contain('not a valid suppression value')
  })

  it('baseline round trip: write, then only new findings are reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-baseline-'))
    try {
      const file = join(dir, 'baseline.yaml')
      const written = await analyze(['--write-baseline', file, ERRORS])
      expect(written.code).to.equal(0)
      expect(written.stderr).to.contain('Wrote 4 finding(s) to baseline')
      const again = await analyze(['--baseline', file, '-o', 'json', ERRORS])
      expect(again.code).to.equal(0)
      expect(JSON.parse(again.stdout)).to.deep.equal([])
      const more = await analyze(['--baseline', file, '-o', 'json', ERRORS, `${FIX}/cli/nested/top.yaml`])
      expect(more.code).to.equal(79)
      expect((JSON.parse(more.stdout) as {origin: string}[]).map((f) => f.origin)).to.deep.equal([
        'VirtualService shop/top',
      ])
      writeFileSync(file, 'not: a baseline\n')
      const broken = await analyze(['--baseline', file, ERRORS])
      expect(broken.code).to.equal(65)
      expect(broken.stderr).to.contain('not a meshctl analyze baseline')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('offline, analyzers that need Services skip unless the files define some (as istioctl; no false "not found")', async () => {
    const hostNotFound = (stdout: string) =>
      (JSON.parse(stdout) as {message: string}[]).filter((f) =>
        f.message.startsWith('Referenced host not found'),
      )
    const withoutServices = await analyze(['-o', 'json', '-v', `${FIX}/cli/nested/top.yaml`])
    expect(hostNotFound(withoutServices.stdout)).to.deep.equal([])
    expect(withoutServices.stderr).to.match(
      /Skipped analyzers:[\s\S]*virtualservice\.DestinationHostAnalyzer/,
    )
    const service =
      'apiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: shop}\nspec: {ports: [{port: 80, name: http}]}\n'
    const withServices = await analyze(['-o', 'json', '-', `${FIX}/cli/nested/top.yaml`], service)
    expect(hostNotFound(withServices.stdout)).to.have.length(1)
  })

  it('--meshConfigFile: the stand-in ingress gateway follows the mesh config; a bad file is bad input (65)', async () => {
    const gw = `${FIX}/cli/gateway-ingress.yaml`
    const codes = async (args: string[]) =>
      (
        JSON.parse(
          (await analyze(['-o', 'json', '--analyzer', 'virtualservice.JWTClaimRouteAnalyzer', ...args, gw]))
            .stdout,
        ) as {code: string}[]
      ).map((f) => f.code)
    // The stand-in ingress pod (istio: ingressgateway) has no RequestAuthentication.
    expect(await codes([])).to.deep.equal(['IST0149'])
    // Ingress OFF: no stand-in pod, nothing selected, nothing to report.
    expect(await codes(['--meshConfigFile', `${FIX}/cli/mesh-ingress-off.yaml`])).to.deep.equal([])
    const missing = await analyze(['--meshConfigFile', `${FIX}/nope.yaml`, gw])
    expect(missing.code).to.equal(65)
    expect(missing.stderr).to.contain(
      'nope.yaml: cannot read file: no such file or directory (--meshConfigFile)',
    )
  })

  it('--list-analyzers, --analyzer subsets, unknown analyzers and formats', async () => {
    const list = await analyze(['-L'])
    expect(list.code).to.equal(0)
    expect(list.stdout).to.contain(
      '* virtualservice.DestinationHostAnalyzer:\n    Checks the destination hosts associated with each virtual service\n',
    )
    const only = await analyze(['--analyzer', 'virtualservice.GatewayAnalyzer', '-o', 'json', ERRORS])
    expect((JSON.parse(only.stdout) as {code: string}[]).map((f) => f.code)).to.deep.equal([
      'IST0101',
      'IST0132',
    ])
    const glob = await analyze(['--analyzer', 'virtualservice.Destination*', '-o', 'json', ERRORS])
    expect((JSON.parse(glob.stdout) as unknown[]).length).to.equal(2)
    const unknown = await analyze(['--analyzer', 'nope.Analyzer', CLEAN])
    expect(unknown.code).to.equal(64)
    expect(unknown.stderr).to.contain('unknown analyzer "nope.Analyzer"')
    const format = await analyze(['-o', 'xml', CLEAN])
    expect(format.code).to.equal(64)
    const level = await analyze(['--failure-threshold', 'Fatal', CLEAN])
    expect(level.code).to.equal(64)
  })
})
