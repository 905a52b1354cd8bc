// meshConfig in IstioOperator input: istioctl 1.30.3 decodes it as protobuf JSON (mesh.ApplyMeshConfig), which
// refuses wrongly typed values, unknown enum names and bad durations but ignores unknown fields. meshctl
// refuses the same (exit 64 when a --set wrote it, 65 with FILE:LINE from a file) and warns about unknown
// fields with the closest valid one. The verdicts below are istioctl's (checked against the binary when present).
import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {resolveIstioOperator} from '../../src/lib/manifest/generate.js'
import {istioctlGenerate, oracleUnavailable} from './oracle.js'

const HEAD = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n'

/** One input: a `--set` flag, or YAML lines under `spec.meshConfig` of a file (line 5 on). */
type Input = {set: string} | {file: string}
/** [input, meshctl's error (undefined: accepted, as by istioctl), its warning if any]. */
type Case = [Input, string | undefined, string?]

const CASES: Case[] = [
  // Strings, booleans and wrapped booleans take only their JSON type.
  [
    {set: 'meshConfig.accessLogFile=1'},
    'invalid value for meshConfig.accessLogFile: expected a string, got number',
  ],
  [{set: 'meshConfig.accessLogFile=/dev/stdout'}, undefined],
  [{file: '    accessLogFile: "1"'}, undefined],
  [
    {file: '    accessLogFile: true'},
    'f.yaml:5: invalid value for meshConfig.accessLogFile: expected a string, got boolean',
  ],
  [
    {set: 'meshConfig.rootNamespace=true'},
    'invalid value for meshConfig.rootNamespace: expected a string, got boolean',
  ],
  [
    {set: 'meshConfig.enableTracing=yes'},
    'invalid value for meshConfig.enableTracing: expected a boolean, got string',
  ],
  [{set: 'meshConfig.enableTracing=true'}, undefined],
  [
    {file: '    enableTracing: "true"'},
    'f.yaml:5: invalid value for meshConfig.enableTracing: expected a boolean, got string',
  ],
  [{file: '    enableTracing: null'}, undefined],
  [
    {set: 'meshConfig.enableAutoMtls=1'},
    'invalid value for meshConfig.enableAutoMtls: expected a boolean, got number',
  ],
  [
    {file: '    enablePrometheusMerge: "false"'},
    'f.yaml:5: invalid value for meshConfig.enablePrometheusMerge: expected a boolean, got string',
  ],
  [{file: '    serviceSettings:\n    - settings:\n        clusterLocal: yes'}, undefined],
  // Integers: a number or a decimal string; unsigned ones not negative.
  [
    {set: 'meshConfig.defaultConfig.concurrency=x'},
    'invalid value for meshConfig.defaultConfig.concurrency: expected a 32-bit integer, got string',
  ],
  [{set: 'meshConfig.defaultConfig.concurrency=2'}, undefined],
  [{file: '    defaultConfig:\n      concurrency: "2"'}, undefined],
  [
    {file: '    defaultConfig:\n      concurrency: 2.5'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.concurrency: expected a 32-bit integer, got number',
  ],
  [{file: '    defaultConfig:\n      statusPort: "15021"'}, undefined],
  [
    {set: 'meshConfig.defaultConfig.statusPort=abc'},
    'invalid value for meshConfig.defaultConfig.statusPort: expected a 32-bit integer, got string',
  ],
  [{file: '    defaultHttpRetryPolicy:\n      attempts: "3"'}, undefined],
  [
    {file: '    defaultHttpRetryPolicy:\n      attempts: x'},
    'f.yaml:6: invalid value for meshConfig.defaultHttpRetryPolicy.attempts: expected a 32-bit integer, got string',
  ],
  [
    {
      file: '    extensionProviders:\n    - name: x\n      envoyExtAuthzHttp:\n        service: a\n        port: -1',
    },
    'f.yaml:9: invalid value for meshConfig.extensionProviders[0].envoyExtAuthzHttp.port: expected an unsigned 32-bit integer, got number',
  ],
  [{file: '    defaultConfig:\n      tracing:\n        sampling: "50"'}, undefined],
  [
    {file: '    defaultConfig:\n      tracing:\n        sampling: x'},
    'f.yaml:7: invalid value for meshConfig.defaultConfig.tracing.sampling: expected a number, got string',
  ],
  // Enums: a name, exactly, or any number.
  [
    {set: 'meshConfig.outboundTrafficPolicy.mode=BAD'},
    'invalid value for meshConfig.outboundTrafficPolicy.mode: "BAD" is not one of REGISTRY_ONLY, ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS',
  ],
  [{set: 'meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY'}, undefined],
  [{set: 'meshConfig.outboundTrafficPolicy.mode=1'}, undefined],
  [{file: '    outboundTrafficPolicy:\n      mode: 77'}, undefined],
  [
    {file: '    outboundTrafficPolicy:\n      mode: registry_only'},
    'f.yaml:6: invalid value for meshConfig.outboundTrafficPolicy.mode: "registry_only" is not one of REGISTRY_ONLY, ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS',
  ],
  [{set: 'meshConfig.ingressControllerMode=9'}, undefined],
  [
    {file: '    accessLogEncoding: XML'},
    'f.yaml:5: invalid value for meshConfig.accessLogEncoding: "XML" is not one of TEXT, JSON',
  ],
  // Durations: Go duration strings.
  [{set: 'meshConfig.connectTimeout=10s'}, undefined],
  [
    {set: 'meshConfig.connectTimeout=10'},
    'invalid value for meshConfig.connectTimeout: expected a string, got number',
  ],
  [
    {set: 'meshConfig.connectTimeout=abc'},
    'invalid value for meshConfig.connectTimeout: "abc" is not a duration (such as 10s, 1.5m or 1h2m)',
  ],
  [{file: '    connectTimeout: 1.5s\n    dnsRefreshRate: 0.5ms'}, undefined],
  [
    {file: '    defaultConfig:\n      drainDuration: 5'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.drainDuration: expected a string, got number',
  ],
  [{file: '    dnsRefreshRate: "+5s"\n    protocolDetectionTimeout: "0"'}, undefined],
  [{file: '    dnsRefreshRate: ".5s"\n    protocolDetectionTimeout: 1.s'}, undefined],
  [
    {file: '    dnsRefreshRate: "5"'},
    'f.yaml:5: invalid value for meshConfig.dnsRefreshRate: "5" is not a duration (such as 10s, 1.5m or 1h2m)',
  ],
  [
    {file: '    dnsRefreshRate: 1d'},
    'f.yaml:5: invalid value for meshConfig.dnsRefreshRate: "1d" is not a duration (such as 10s, 1.5m or 1h2m)',
  ],
  [
    {file: '    dnsRefreshRate: ""'},
    'f.yaml:5: invalid value for meshConfig.dnsRefreshRate: "" is not a duration (such as 10s, 1.5m or 1h2m)',
  ],
  // Proto field names work as well as JSON names; numbers keep to their type's range.
  [
    {file: '    access_log_file: 1'},
    'f.yaml:5: invalid value for meshConfig.access_log_file: expected a string, got number',
  ],
  [
    {
      file: '    defaultConfig:\n      tracing:\n        custom_tags:\n          a:\n            literal:\n              value: 1',
    },
    'f.yaml:10: invalid value for meshConfig.defaultConfig.tracing.custom_tags.a.literal.value: expected a string, got number',
  ],
  [
    {file: '    defaultConfig:\n      concurrency: 2147483648'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.concurrency: expected a 32-bit integer, got number',
  ],
  [{file: '    defaultConfig:\n      concurrency: "-3"\n      tracing:\n        sampling: NaN'}, undefined],
  // Structs are any JSON object; messages must be objects.
  [
    {
      file: '    extensionProviders:\n    - name: x\n      envoyFileAccessLog:\n        logFormat:\n          labels: {a: 1, b: [1]}',
    },
    undefined,
  ],
  [
    {
      file: '    extensionProviders:\n    - name: x\n      envoyFileAccessLog:\n        logFormat:\n          labels: 5',
    },
    'f.yaml:9: invalid value for meshConfig.extensionProviders[0].envoyFileAccessLog.logFormat.labels: expected an object, got number',
  ],
  [
    {file: '    outboundTrafficPolicy: x'},
    'f.yaml:5: invalid value for meshConfig.outboundTrafficPolicy: expected an object, got string',
  ],
  [
    {file: '    defaultProviders:\n      tracing: x'},
    'f.yaml:6: invalid value for meshConfig.defaultProviders.tracing: expected a list, got string',
  ],
  // Lists and maps.
  [
    {set: 'meshConfig.trustDomainAliases=a'},
    'invalid value for meshConfig.trustDomainAliases: expected a list, got string',
  ],
  [
    {file: '    trustDomainAliases: [1]'},
    'f.yaml:5: invalid value for meshConfig.trustDomainAliases[0]: expected a string, got number',
  ],
  [
    {file: '    defaultConfig:\n      proxyMetadata:\n        A: 1'},
    'f.yaml:7: invalid value for meshConfig.defaultConfig.proxyMetadata.A: expected a string, got number',
  ],
  [{set: 'meshConfig.defaultConfig.proxyMetadata.A=1'}, undefined],
  [
    {file: '    localityLbSetting:\n      enabled: 1'},
    'f.yaml:6: invalid value for meshConfig.localityLbSetting.enabled: expected a boolean, got number',
  ],
  // Then istioctl's value rules (agent.ValidateMeshConfig) on what is set.
  [
    {file: '    proxyListenPort: 70000'},
    'f.yaml:5: invalid value for meshConfig.proxyListenPort: port number 70000 must be in the range 1..65535',
  ],
  [
    {file: '    defaultConfig:\n      statusPort: 0'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.statusPort: port number 0 must be in the range 1..65535',
  ],
  [
    {file: '    defaultConfig:\n      proxyAdminPort: "70000"'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.proxyAdminPort: port number 70000 must be in the range 1..65535',
  ],
  [
    {file: '    defaultConfig:\n      drainDuration: 1500ms'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.drainDuration: drain time only supports durations to seconds precision',
  ],
  [
    {file: '    defaultConfig:\n      drainDuration: 0s'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.drainDuration: duration must be greater than 1ms',
  ],
  [
    {
      file: '    defaultConfig:\n      drainDuration: 45s\n      statusPort: 15021\n      controlPlaneAuthPolicy: MUTUAL_TLS',
    },
    undefined,
  ],
  [
    {file: '    defaultConfig:\n      controlPlaneAuthPolicy: INHERIT'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.controlPlaneAuthPolicy: unrecognized control plane auth policy "INHERIT"',
  ],
  [
    {set: 'meshConfig.connectTimeout=0s'},
    'invalid value for meshConfig.connectTimeout: duration must be greater than 1ms',
  ],
  [
    {set: 'meshConfig.connectTimeout=1.5ms'},
    'invalid value for meshConfig.connectTimeout: only durations to ms precision are supported',
  ],
  [{set: 'meshConfig.connectTimeout=1h'}, undefined],
  [
    {set: 'meshConfig.connectTimeout=1h0m0.001s'},
    'invalid value for meshConfig.connectTimeout: time 1h0m0.001s must be >1ms and <1h0m0s',
  ],
  [
    {set: 'meshConfig.protocolDetectionTimeout=1.5ms'},
    'invalid value for meshConfig.protocolDetectionTimeout: only durations to ms precision are supported',
  ],
  [{set: 'meshConfig.protocolDetectionTimeout=-1s'}, undefined],
  [
    {set: 'values.meshConfig.defaultConfig.statusPort=0'},
    'invalid value for values.meshConfig.defaultConfig.statusPort: port number 0 must be in the range 1..65535',
  ],
  // Addresses: host:port, the host a DNS name or an IP address ($(HOST_IP) stands in for one in tracers).
  [
    {set: 'meshConfig.defaultConfig.discoveryAddress=foo'},
    'invalid value for meshConfig.defaultConfig.discoveryAddress: unable to split "foo": address foo: missing port in address',
  ],
  [
    {set: 'meshConfig.defaultConfig.discoveryAddress=a:b:c'},
    'invalid value for meshConfig.defaultConfig.discoveryAddress: unable to split "a:b:c": address a:b:c: too many colons in address',
  ],
  [
    {set: 'meshConfig.defaultConfig.discoveryAddress=a:b'},
    'invalid value for meshConfig.defaultConfig.discoveryAddress: port (b) is not a number: strconv.Atoi: parsing "b": invalid syntax',
  ],
  [
    {set: 'meshConfig.defaultConfig.discoveryAddress=foo.123:1'},
    'invalid value for meshConfig.defaultConfig.discoveryAddress: "foo.123" is not a valid hostname or an IP address',
  ],
  [
    {file: '    defaultConfig:\n      discoveryAddress: istiod.istio-system.svc:99999'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.discoveryAddress: port number 99999 must be in the range 1..65535',
  ],
  [
    {file: '    defaultConfig:\n      discoveryAddress: ""'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.discoveryAddress: discovery address must be set to the proxy discovery service',
  ],
  [{set: 'meshConfig.defaultConfig.discoveryAddress=[::1]:15012'}, undefined],
  [{set: 'meshConfig.defaultConfig.discoveryAddress=10.0.0.1:15012'}, undefined],
  [
    {file: '    defaultConfig:\n      statsdUdpAddress: statsd'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.statsdUdpAddress: unable to split "statsd": address statsd: missing port in address',
  ],
  [
    {set: 'meshConfig.defaultConfig.envoyAccessLogService.address=bad'},
    'invalid value for meshConfig.defaultConfig.envoyAccessLogService.address: unable to split "bad": address bad: missing port in address',
  ],
  [
    {set: 'meshConfig.defaultConfig.tracing.zipkin.address=zipkin'},
    'invalid value for meshConfig.defaultConfig.tracing.zipkin.address: unable to split "zipkin": address zipkin: missing port in address',
  ],
  [
    {set: 'meshConfig.defaultConfig.tracing.datadog.address=x'},
    'invalid value for meshConfig.defaultConfig.tracing.datadog.address: unable to split "x": address x: missing port in address',
  ],
  [{set: 'meshConfig.defaultConfig.tracing.datadog.address=$(HOST_IP):8126'}, undefined],
  [
    {set: 'meshConfig.defaultConfig.tracing.lightstep.address=ls:8080'},
    'invalid value for meshConfig.defaultConfig.tracing.lightstep: access token is required',
  ],
  [
    {
      file: '    defaultConfig:\n      tracing:\n        tlsSettings:\n          mode: SIMPLE\n          insecureSkipVerify: true\n          caCertificates: /x',
    },
    'f.yaml:7: invalid value for meshConfig.defaultConfig.tracing.tlsSettings: cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
  ],
  [{set: 'meshConfig.defaultConfig.discoveryAddress=[fe80::1%eth0]:15012'}, undefined],
  [{set: 'meshConfig.defaultConfig.discoveryAddress=istiod:+15012'}, undefined],
  [
    {set: 'meshConfig.defaultConfig.discoveryAddress=01.2.3.4:15012'},
    'invalid value for meshConfig.defaultConfig.discoveryAddress: "01.2.3.4" is not a valid hostname or an IP address',
  ],
  [
    {set: 'values.meshConfig.defaultConfig.discoveryAddress=[::1]x'},
    'invalid value for values.meshConfig.defaultConfig.discoveryAddress: unable to split "[::1]x": address [::1]x: missing port in address',
  ],
  [
    {
      file: '    defaultConfig:\n      tracing:\n        tlsSettings:\n          mode: 2\n          clientCertificate: /c',
    },
    'f.yaml:7: invalid value for meshConfig.defaultConfig.tracing.tlsSettings: private key required for mutual tls',
  ],
  [
    {
      file: '    defaultConfig:\n      tracing:\n        tlsSettings:\n          mode: MUTUAL\n          credentialName: c',
    },
    undefined,
  ],
  // Paths and names that must not be empty.
  [
    {set: 'meshConfig.defaultConfig.configPath='},
    'invalid value for meshConfig.defaultConfig.configPath: config path must be set',
  ],
  [
    {file: '    defaultConfig:\n      binaryPath: ""'},
    'f.yaml:6: invalid value for meshConfig.defaultConfig.binaryPath: binary path must be set',
  ],
  [
    {set: 'meshConfig.defaultConfig.serviceCluster='},
    'invalid value for meshConfig.defaultConfig.serviceCluster: service cluster must be specified',
  ],
  // Locality load balancing.
  [
    {set: 'meshConfig.localityLbSetting.failover[0].from=us-east/a'},
    'invalid value for meshConfig.localityLbSetting: locality lb failover only specify region',
  ],
  [{set: 'meshConfig.localityLbSetting.failover[0].from=us-east'}, undefined],
  [
    {file: '    localityLbSetting:\n      distribute:\n      - from: us-east/*\n        to: {us-west/*: 50}'},
    'f.yaml:5: invalid value for meshConfig.localityLbSetting: total locality weight 50 != 100',
  ],
  [
    {
      file: '    localityLbSetting:\n      distribute:\n      - from: a\n        to: {x: 100}\n      - from: a/b\n        to: {y: 100}',
    },
    'f.yaml:5: invalid value for meshConfig.localityLbSetting: locality a/b overlap with previous specified ones',
  ],
  [
    {
      file: '    localityLbSetting:\n      distribute:\n      - from: a/b\n        to: {x/*: 100}\n      - from: a/*\n        to: {y: 100}',
    },
    undefined,
  ],
  [
    {
      file: '    localityLbSetting:\n      failover: [{from: a, to: b}]\n      failoverPriority: [topology.kubernetes.io/zone]',
    },
    "f.yaml:5: invalid value for meshConfig.localityLbSetting: can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/zone' in 'failover_priority'",
  ],
  [
    {file: '    localityLbSetting:\n      distribute:\n      - from: a\n        to: {b: "200"}'},
    'f.yaml:5: invalid value for meshConfig.localityLbSetting: locality weight must be in range [1, 100]',
  ],
  [
    {
      file: '    localityLbSetting:\n      failoverPriority: [topology.kubernetes.io/zone]\n      distribute:\n      - from: a\n        to: {b: "100"}',
    },
    undefined,
  ],
  // Hosts and trust domains.
  [
    {file: '    serviceSettings:\n    - hosts: ["*.foo.com", a_b]'},
    'f.yaml:6: invalid value for meshConfig.serviceSettings[0].hosts[1]: domain name "a_b" invalid (label "a_b" invalid)',
  ],
  [
    {file: '    trustDomain: Foo_x'},
    'f.yaml:5: invalid value for meshConfig.trustDomain: trust domain name "Foo_x" invalid',
  ],
  [{file: '    trustDomain: Example.com.'}, undefined],
  [
    {set: 'meshConfig.trustDomain='},
    'invalid value for meshConfig.trustDomain: empty domain name not allowed',
  ],
  [
    {file: '    trustDomainAliases: [old.example.com, a_b]'},
    'f.yaml:5: invalid value for meshConfig.trustDomainAliases[1]: trust domain name "a_b" invalid',
  ],
  // TLS: mesh mTLS takes no ECDH curves; unrecognized default curves are not refused.
  [
    {set: 'meshConfig.meshMTLS.ecdhCurves[0]=P-256'},
    'invalid value for meshConfig.meshMTLS.ecdhCurves: mesh TLS does not support ECDH curves configuration',
  ],
  [{file: '    meshMTLS:\n      ecdhCurves: []'}, undefined],
  [
    {file: '    tlsDefaults:\n      ecdhCurves: [bogus, P-256, P-256]\n      cipherSuites: [bogus]'},
    undefined,
  ],
  // The private key provider needs a known provider with a non-zero poll delay.
  [
    {file: '    defaultConfig:\n      privateKeyProvider:\n        cryptomb: {}'},
    'f.yaml:7: invalid value for meshConfig.defaultConfig.privateKeyProvider.cryptomb: pollDelay is required',
  ],
  [
    {set: 'meshConfig.defaultConfig.privateKeyProvider.qat.pollDelay=0s'},
    'invalid value for meshConfig.defaultConfig.privateKeyProvider.qat.pollDelay: pollDelay must be non zero',
  ],
  [{set: 'meshConfig.defaultConfig.privateKeyProvider.qat.pollDelay=1s'}, undefined],
  // istioctl has no nil custom tags to refuse: a null tag decodes as none.
  [{file: '    defaultConfig:\n      tracing:\n        customTags:\n          a: null'}, undefined],
  // values.meshConfig is decoded the same way.
  [
    {set: 'values.meshConfig.enableTracing=yes'},
    'invalid value for values.meshConfig.enableTracing: expected a boolean, got string',
  ],
  [
    {set: 'values.meshConfig.outboundTrafficPolicy.mode=BAD'},
    'invalid value for values.meshConfig.outboundTrafficPolicy.mode: "BAD" is not one of REGISTRY_ONLY, ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS',
  ],
  [{set: 'values.meshConfig.outboundTrafficPolicy.mode=1'}, undefined],
  [{set: 'values.meshConfig.bogus=1'}, undefined, 'unknown field values.meshConfig.bogus'],
  // Unknown fields are ignored by istioctl: a warning here, with the closest valid field.
  [{set: 'meshConfig.bogus=1'}, undefined, 'unknown field meshConfig.bogus'],
  [
    {set: 'meshConfig.acessLogFile=x'},
    undefined,
    'unknown field meshConfig.acessLogFile; did you mean meshConfig.accessLogFile?',
  ],
  // From a file, warnings name FILE:LINE as errors do.
  [{file: '    accessLogFile: x\n    bogus: 1'}, undefined, 'f.yaml:6: unknown field meshConfig.bogus'],
  [
    {file: '    defaultConfig:\n      holdApplicationUntilProxyStart: true'},
    undefined,
    'f.yaml:6: unknown field meshConfig.defaultConfig.holdApplicationUntilProxyStart; did you mean meshConfig.defaultConfig.holdApplicationUntilProxyStarts?',
  ],
  [
    {file: '    extensionProviders:\n    - name: x\n      bogus: {}'},
    undefined,
    'f.yaml:7: unknown field meshConfig.extensionProviders[0].bogus',
  ],
]

const describeInput = (i: Input) =>
  'set' in i ? `--set ${i.set}` : `-f ${i.file.trim().replace(/\s+/g, ' ')}`

function run(input: Input): {error?: MeshctlError; warnings: string[]} {
  try {
    const r =
      'set' in input
        ? resolveIstioOperator({sets: [input.set]})
        : resolveIstioOperator({files: [{name: 'f.yaml', text: HEAD + input.file + '\n'}]})
    return {warnings: r.warnings}
  } catch (e) {
    if (e instanceof MeshctlError) return {error: e, warnings: []}
    throw e
  }
}

describe('meshConfig checks (IstioOperator input)', () => {
  for (const [input, message, warning] of CASES) {
    const exit = 'set' in input ? 64 : 65
    it(`${describeInput(input)}: ${message ? `refused (exit ${exit})` : 'accepted'}`, () => {
      const {error, warnings} = run(input)
      expect(error?.message).to.equal(message)
      if (message) expect(error?.exitCode).to.equal(exit)
      // Each problem once, though meshConfig is also merged into values.meshConfig.
      expect(error?.hints ?? []).to.deep.equal([])
      if (warning) expect(warnings.filter((w) => w.includes('meshConfig'))).to.deep.equal([warning])
      else expect(warnings.filter((w) => w.includes('meshConfig'))).to.deep.equal([])
    })
  }

  it('--force goes on past meshConfig errors, reporting them as a warning (istioctl exits 0 too)', () => {
    const r = resolveIstioOperator({
      sets: ['meshConfig.enableTracing=yes', 'meshConfig.connectTimeout=0s'],
      force: true,
    })
    expect(r.warnings[0]).to.equal(
      'spec invalid; continuing because of --force: invalid value for meshConfig.enableTracing: expected a boolean, got string',
    )
  })

  describe('the same verdicts as istioctl 1.30.3', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-meshconfig-'))
    before(function () {
      const why = oracleUnavailable()
      if (why) {
        console.warn(`    ⚠ skipped: ${why}`)
        this.skip()
      }
    })
    CASES.forEach(([input, message], i) => {
      it(`${describeInput(input)}: istioctl ${message ? 'refuses' : 'accepts'} it`, () => {
        let args = ['--set', 'set' in input ? input.set : '']
        if ('file' in input) {
          const file = path.join(dir, `case-${i}.yaml`)
          writeFileSync(file, HEAD + input.file + '\n')
          args = ['-f', file]
        }
        const r = istioctlGenerate(args)
        expect(r.code === 0, r.stderr).to.equal(message === undefined)
      })
    })
  })
})
