import {expect} from 'chai'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {deviationsFor, withoutExcludedKinds} from './deviations.js'
import {judge, type Case} from './harness.js'

const result = (stdout: string, code: number, stderr = '') => ({stdout, stderr, code})
const analyze = (format?: string): Case => ({
  name: 'a',
  args: ['analyze', '--use-kube=false', '-A', ...(format ? ['-o', format] : []), 'x.yml'],
  compare: {kind: 'analyze'},
})
const finding = '[{"code":"IST0101","level":"Error","origin":"VirtualService default/r"}]'

describe('oracle: intended differences (deviations.ts)', () => {
  it('accepts exit 79 or 65 against istioctl 0 for analyze -o json|yaml only, findings still compared', () => {
    expect(judge(analyze('json'), result(finding, 79), result(finding, 0))[0]).to.include({ok: true})
    expect(judge(analyze('yaml'), result('[]', 65), result('[]', 0))[0]).to.include({ok: true})
    // the log format: istioctl's exit code means something, so it must match
    const [log] = judge(analyze(), result('', 79), result('', 0))
    expect(log.details).to.deep.equal(['exit code: meshctl 79 istioctl 0'])
    // any other pair, or a finding only one tool reports, still fails
    expect(judge(analyze('json'), result(finding, 1), result(finding, 0))[0].ok).to.equal(false)
    expect(judge(analyze('json'), result(finding, 79), result('[]', 0))[0].ok).to.equal(false)
  })

  it('leaves objects labelled meshctl.dev/addon out of demo-profile manifests only', () => {
    const cm = (name: string, labels = {}) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n---\n`
    const ours = cm('a') + cm('kiali', {'meshctl.dev/addon': 'kiali'})
    const manifest = (set: string): Case => ({
      name: 'm',
      args: ['manifest', 'generate', '--set', set],
      compare: {kind: 'manifest', views: ['identities']},
    })
    expect(judge(manifest('profile=demo'), result(ours, 0), result(cm('a'), 0))[0].ok).to.equal(true)
    expect(judge(manifest('profile=default'), result(ours, 0), result(cm('a'), 0))[0].details).to.deep.equal([
      'only meshctl: ConfigMap /kiali',
    ])
    // an object istioctl has and meshctl lacks is never excused
    expect(
      judge(
        manifest('profile=demo'),
        result(cm('kiali', {'meshctl.dev/addon': 'kiali'}), 0),
        result(cm('a'), 0),
      )[0].ok,
    ).to.equal(false)
  })

  it("counts meshctl's repeated unknown-field errors once and leaves its deprecation warnings out", () => {
    const c: Case = {name: 'v', args: ['validate', '-f', 'f.yaml'], compare: {kind: 'validate'}}
    const ours = [
      'error: f.yaml:8: EnvoyFilter ns/ef: spec.workloadLabels: unknown field "workloadLabels"',
      'error: f.yaml:11: EnvoyFilter ns/ef: spec.filters: unknown field "filters"',
      'warning: f.yaml:26: VirtualService foo/vs: spec.http[0].fault.delay.percent: deprecated field: use percentage',
    ].join('\n')
    const theirs =
      'Error: 1 error occurred:\n\t* EnvoyFilter/ns/ef: cannot parse proto message: unknown field "filters"\n'
    expect(judge(c, result('', 65, ours), result('', 1, theirs))[0]).to.include({ok: true})
    // fewer reports than istioctl are still a difference
    const twice = theirs + '\t* EnvoyFilter/ns/ef: other problem\n'
    expect(judge(c, result('', 65, ours), result('', 1, twice))[0].details).to.deep.equal([
      'error EnvoyFilter ef: meshctl 1 istioctl 2',
    ])
  })

  it('excuses only IST0140 findings istioctl alone reports (its N×N short-host matches)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-dev-'))
    const file = join(dir, 'vs.yaml')
    writeFileSync(file, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\n')
    const c: Case = {name: 'a', args: ['analyze', '-A', '-o', 'json', file], compare: {kind: 'analyze'}}
    const f = (code: string, origin: string, level = 'Warning') => ({code, level, origin})
    const json = (...fs: object[]) => JSON.stringify(fs)
    const real = f('IST0140', 'VirtualService a/edge')
    const theirs = json(real, f('IST0140', 'VirtualService b/edge'))
    expect(judge(c, result(json(real), 79), result(theirs, 0))[0]).to.include({ok: true})
    // an IST0140 only meshctl reports, or another code only istioctl reports, is still a difference
    expect(judge(c, result(theirs, 79), result(json(real), 0))[0].ok).to.equal(false)
    const other = json(real, f('IST0101', 'VirtualService b/edge', 'Error'))
    expect(judge(c, result(json(real), 79), result(other, 0))[0].ok).to.equal(false)
  })

  it('gives meshctl the analyze input without the kinds istioctl drops from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-dev-'))
    const file = join(dir, 'in.yaml')
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n---\n' +
        'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\n---\n' +
        'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
    )
    const c: Case = {name: 'a', args: ['analyze', '-A', file], compare: {kind: 'analyze'}}
    const devs = deviationsFor(c)
    expect(devs.map((d) => d.id)).to.include('analyze-runtime-kinds')
    const [, , copy] = devs[0].meshctlArgs!(c.args)
    expect(copy).to.not.equal(file)
    expect(readFileSync(copy, 'utf8'))
      .to.match(/kind: Gateway/)
      .and.not.match(/kind: (Pod|Service)/)
    // a file without such kinds is read as it is
    const plain = join(dir, 'plain.yaml')
    writeFileSync(plain, 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\n')
    expect(withoutExcludedKinds(plain)).to.equal(plain)
  })

  it('gives istioctl a validate input without the spec-less Services it panics on, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-dev-'))
    const file = join(dir, 'in.yaml')
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se}\n'
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Service\nmetadata: {name: bare}\nstatus: {}\n---\n' +
        'apiVersion: v1\nkind: Service\nmetadata: {name: full}\nspec: {ports: [{port: 80}]}\n---\n' +
        entry,
    )
    const c: Case = {name: 'v', args: ['validate', '-f', file], compare: {kind: 'validate'}}
    const devs = deviationsFor(c)
    expect(devs.map((d) => d.id)).to.include('istioctl-validate-panic')
    const args = devs.find((d) => d.id === 'istioctl-validate-panic')!.istioctlArgs!(c.args)
    expect(args.slice(0, 2)).to.deep.equal(['validate', '-f'])
    const kept = readFileSync(args[2], 'utf8')
    expect(kept)
      .to.match(/name: full/)
      .and.match(/kind: ServiceEntry/)
      .and.not.match(/name: bare/)
    // not for files without such Services, nor for other commands
    const plain = join(dir, 'plain.yaml')
    writeFileSync(plain, entry)
    const ids = (x: Case) => deviationsFor(x).map((d) => d.id)
    expect(ids({...c, args: ['validate', '-f', plain]})).to.not.include('istioctl-validate-panic')
    expect(ids({...c, compare: {kind: 'analyze'}})).to.not.include('istioctl-validate-panic')
  })

  it('compares the injection templates by name only, and not when both tools render the same charts', () => {
    const injector = (text: string) =>
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector, namespace: istio-system}\n' +
      `data:\n  config: |\n    policy: enabled\n    templates:\n      sidecar: ${text}\n`
    const c = (args: string[]): Case => ({name: 'm', args, compare: {kind: 'manifest', views: ['objects']}})
    const generate = c(['manifest', 'generate'])
    expect(judge(generate, result(injector('ours'), 0), result(injector('theirs'), 0))[0].ok).to.equal(true)
    expect(
      judge(
        c(['manifest', 'generate', '-d', 'charts']),
        result(injector('ours'), 0),
        result(injector('theirs'), 0),
      )[0].ok,
    ).to.equal(false)
    // the rest of the config is still compared
    const other = injector('theirs').replace('enabled', 'disabled')
    expect(judge(generate, result(injector('ours'), 0), result(other, 0))[0].ok).to.equal(false)
  })

  it('excuses only meshctl-only IST0111 findings on Sidecars, in files with Sidecars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-dev-'))
    const file = join(dir, 'sidecars.yaml')
    writeFileSync(file, 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\n')
    const c: Case = {name: 'a', args: ['analyze', '-o', 'json', file], compare: {kind: 'analyze'}}
    const f = (code: string, kind = 'Sidecar') =>
      `{"code":"${code}","level":"Error","origin":"${kind} ns2/s"}`
    expect(judge(c, result(`[${f('IST0111')}]`, 79), result('[]', 0))[0].ok).to.equal(true)
    expect(judge(c, result(`[${f('IST0101')}]`, 79), result('[]', 0))[0].ok).to.equal(false)
    expect(judge(c, result('[]', 0), result(`[${f('IST0111')}]`, 0))[0].ok).to.equal(false)
  })

  it("compares analyze file:line past comments, and istioctl's field lines after an empty document", () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-dev-'))
    const file = join(dir, 'f.yaml')
    writeFileSync(file, '# note\nkind: A\n---\n---\nkind: B\nspec: {}\n')
    const c: Case = {
      name: 'a',
      args: ['analyze', '--use-kube=false', '-A', '-o', 'json', file],
      compare: {kind: 'analyze'},
    }
    const at = (line: number, message = 'm') =>
      JSON.stringify([
        {code: 'IST0106', level: 'Error', origin: 'A x', reference: `${file}:${line}`, message},
      ])
    expect(judge(c, result(at(2), 79), result(at(1), 0))[0]).to.include({ok: true})
    // after an empty document istioctl's field lines are one too far, its resource lines right
    expect(judge(c, result(at(6), 79), result(at(7), 0))[0]).to.include({ok: true})
    expect(judge(c, result(at(5), 79), result(at(5), 0))[0]).to.include({ok: true})
    // a different line or text still fails
    expect(judge(c, result(at(6), 79), result(at(6), 0))[0].ok).to.equal(false)
    expect(judge(c, result(at(2), 79), result(at(1, 'spec: m'), 0))[0].ok).to.equal(false)
  })
  describe("istioctl's choices that follow Go's map order", () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-dev-'))
    const fileOf = (kind: string) => {
      const file = join(dir, `${kind}.yaml`)
      writeFileSync(file, `apiVersion: networking.istio.io/v1\nkind: ${kind}\nmetadata: {name: x}\n`)
      return file
    }
    const json = (code: string, level: string, origin: string, ...messages: string[]) =>
      JSON.stringify(messages.map((message) => ({code, level, origin, message})))
    const ok = (c: Case, ours: string, theirs: string) => judge(c, result(ours, 79), result(theirs, 0))[0].ok

    it('IST0133: which unknown field of an Envoy filter patch is named is not compared, the rest is', () => {
      const c: Case = {
        name: 'a',
        args: ['analyze', '-o', 'json', fileOf('EnvoyFilter')],
        compare: {kind: 'analyze'},
      }
      const f = (field: string, msg = 'envoy.config.listener.v3.Filter') =>
        json(
          'IST0133',
          'Warning',
          'EnvoyFilter ns/ef',
          `Schema validation warning: Envoy filter: unknown field "${field}" in ${msg}`,
        )
      expect(ok(c, f('connect_timeout'), f('lb_policy'))).to.equal(true)
      expect(ok(c, f('a'), f('a', 'envoy.config.cluster.v3.Cluster'))).to.equal(false)
      // other findings are untouched, and the deviation is not applied to files without EnvoyFilters
      const other = (field: string) =>
        json('IST0106', 'Error', 'EnvoyFilter ns/ef', `unknown field "${field}" in M`)
      expect(ok(c, other('a'), other('b'))).to.equal(false)
      const vsCase: Case = {...c, args: ['analyze', '-o', 'json', fileOf('VirtualService')]}
      expect(deviationsFor(vsCase).map((d) => d.id)).to.not.include('envoyfilter-unknown-field-choice')
    })

    it('IST0109: the conflict a VirtualService is reported with is not compared, which ones are', () => {
      const c: Case = {
        name: 'a',
        args: ['analyze', '-o', 'json', fileOf('VirtualService')],
        compare: {kind: 'analyze'},
      }
      const f = (origin: string, names: string, host: string) =>
        json(
          'IST0109',
          'Error',
          origin,
          `The VirtualServices ${names} associated with mesh gateway define the same host ${host} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
        )
      expect(
        ok(
          c,
          f('VirtualService bar/r', 'bar/r,foo/r', '*/r.foo'),
          f('VirtualService bar/r', 'bar/r,t/r', 't/g.com'),
        ),
      ).to.equal(true)
      expect(
        ok(c, f('VirtualService bar/r', 'bar/r,foo/r', 'h'), f('VirtualService foo/r', 'bar/r,foo/r', 'h')),
      ).to.equal(false)
    })

    it('IST0175: the RequestAuthentications named are compared in sorted order (past five, their count)', () => {
      const c: Case = {
        name: 'a',
        args: ['analyze', '-o', 'json', fileOf('RequestAuthentication')],
        compare: {kind: 'analyze'},
      }
      const f = (n: number, names: string) =>
        json(
          'IST0175',
          'Warning',
          'Deployment istio-system/istiod',
          `BLOCKED_CIDRS_IN_JWKS_URIS is not configured but ${n} RequestAuthentication resource(s) exist (${names}). Consider configuring it to restrict JWKS URI fetches to trusted networks.`,
        )
      expect(ok(c, f(2, 'default/a, istio-system/b'), f(2, 'istio-system/b, default/a'))).to.equal(true)
      expect(ok(c, f(2, 'default/a, istio-system/b'), f(2, 'default/a, istio-system/c'))).to.equal(false)
      const six = (first: string) => f(7, `${first}, b/b, c/c, d/d, e/e, and 2 more`)
      expect(ok(c, six('a/a'), six('f/f'))).to.equal(true)
      expect(ok(c, six('a/a'), f(7, 'a/a, b/b, c/c, d/d, e/e, and 3 more'))).to.equal(false)
    })

    it('IST0170: clusters and reasons are compared in sorted order, in cluster cases only', () => {
      const c: Case = {
        name: 'a',
        args: ['analyze', '-A', '-o', 'json', '--kubeconfig', 'k'],
        compare: {kind: 'analyze'},
      }
      const f = (clusters: string, reasons: string) =>
        json(
          'IST0170',
          'Warning',
          'Service shop/web',
          `The service web in namespace "shop" is inconsistent across clusters [${clusters}], which can lead to undefined behaviors. The inconsistent behaviors are: ${reasons}.`,
        )
      const a = 'service ports are inconsistent'
      const b = 'service type is inconsistent'
      expect(ok(c, f('"default" "west"', `${a}; ${b}`), f('"west" "default"', `${b}; ${a}`))).to.equal(true)
      expect(ok(c, f('"default" "west"', a), f('"default" "east"', a))).to.equal(false)
      expect(ok(c, f('"default" "west"', a), f('"default" "west"', b))).to.equal(false)
      expect(
        deviationsFor({...c, args: ['analyze', '-A', fileOf('Gateway')]}).map((d) => d.id),
      ).to.not.include('ist0170-cluster-order')
    })
  })
})
