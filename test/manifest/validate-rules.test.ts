// istioctl's semantic IstioOperator checks (operator/pkg/apis/validation): proxy IP ranges and inbound ports,
// gateway names and privileged ports, table-driven; each verdict is istioctl 1.30.3's (checked against the
// binary when it is built: `--set` argument lists, so its results are cached by oracle.ts across runs), and
// the range and port messages are its words (with meshctl's `values.` prefix on the path).
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {resolveIstioOperator} from '../../src/lib/manifest/generate.js'
import {istioctlGenerate, oracleUnavailable} from './oracle.js'

const P = 'values.global.proxy'
const G = 'components.ingressGateways[0]'
const E = 'components.egressGateways[0]'
const root = (port: string, gw: string, tp: number, rootValue = 'istio-ingressgateway') =>
  `port ${port} in gateway ${gw} invalid: targetPort is set to ${tp}, which requires root. Set targetPort to be greater than 1024 or configure values.gateways.${rootValue}.runAsRoot=true`

/** [--set flags, meshctl's error (undefined: accepted, as by istioctl)]. */
const CASES: Array<[string[], string | undefined]> = [
  [
    [`${P}.includeIPRanges=10.0.0.0/8\\,1.2.3.256/8`],
    `${P}.includeIPRanges netip.ParsePrefix("1.2.3.256/8"): ParseAddr("1.2.3.256"): IPv4 field has value >255`,
  ],
  [
    [`${P}.excludeIPRanges=10.0.0.0/33`],
    `${P}.excludeIPRanges netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`,
  ],
  [[`${P}.excludeIPRanges=10.0.0.0/32`], undefined],
  [
    [`${P}.includeIPRanges=fe80::/129`],
    `${P}.includeIPRanges netip.ParsePrefix("fe80::/129"): prefix length out of range`,
  ],
  [[`${P}.includeIPRanges=fe80::/128`], undefined],
  [
    [`${P}.includeIPRanges=010.0.0.0/8`],
    `${P}.includeIPRanges netip.ParsePrefix("010.0.0.0/8"): ParseAddr("010.0.0.0"): IPv4 field has octet with leading zero`,
  ],
  [[`${P}.includeIPRanges=255.0.0.0/8`], undefined],
  [[`${P}.includeIPRanges=1.2.3.4`], `${P}.includeIPRanges netip.ParsePrefix("1.2.3.4"): no '/'`],
  [
    [`${P}.includeIPRanges=1.2.3/8`],
    `${P}.includeIPRanges netip.ParsePrefix("1.2.3/8"): ParseAddr("1.2.3"): IPv4 address too short`,
  ],
  [
    [`${P}.includeIPRanges=g::/8`],
    `${P}.includeIPRanges netip.ParsePrefix("g::/8"): ParseAddr("g::"): each colon-separated field must have at least one digit (at "g::")`,
  ],
  [
    [`${P}.includeIPRanges=1234/8`],
    `${P}.includeIPRanges netip.ParsePrefix("1234/8"): ParseAddr("1234"): unable to parse IP`,
  ],
  // an IPv6 address must be whole; an IPv4 one may end it
  [
    [`${P}.includeIPRanges=1:2:3/64`],
    `${P}.includeIPRanges netip.ParsePrefix("1:2:3/64"): ParseAddr("1:2:3"): address string too short`,
  ],
  [[`${P}.includeIPRanges=10.0.0.0/8\\,::ffff:1.2.3.4/120`], undefined],
  [
    [`${P}.excludeIPRanges=10.0.0.0/08`],
    `${P}.excludeIPRanges netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"`,
  ],
  // `*` alone means all; in a list it is no prefix, nor is an empty item
  [[`${P}.includeIPRanges=*`], undefined],
  [[`${P}.includeIPRanges=*\\,1.2.3.4/8`], `${P}.includeIPRanges netip.ParsePrefix("*"): no '/'`],
  [[`${P}.includeIPRanges=10.0.0.0/8\\,`], `${P}.includeIPRanges netip.ParsePrefix(""): no '/'`],
  [[`${P}.includeIPRanges=1.2.3.4/32\\,::1/128`], undefined],
  [
    [`${P}.includeInboundPorts=80\\,65536`],
    `value ${P}.includeInboundPorts:65536 falls outside range [0, 65535]`,
  ],
  [[`${P}.includeInboundPorts=0\\,65535`], undefined],
  [
    [`${P}.excludeInboundPorts=8a`],
    `${P}.excludeInboundPorts : strconv.ParseInt: parsing "8a": invalid syntax`,
  ],
  // strconv.ParseInt takes a sign and leading zeros, and int32's range before the port range
  [[`${P}.includeInboundPorts=+80\\,0080\\,-0`], undefined],
  [[`${P}.includeInboundPorts=-5\\,1`], `value ${P}.includeInboundPorts:-5 falls outside range [0, 65535]`],
  [
    [`${P}.includeInboundPorts=3000000000\\,1`],
    `${P}.includeInboundPorts : strconv.ParseInt: parsing "3000000000": value out of range`,
  ],
  [
    [`${P}.includeInboundPorts=-2147483649\\,1`],
    `${P}.includeInboundPorts : strconv.ParseInt: parsing "-2147483649": value out of range`,
  ],
  [
    [`${P}.includeInboundPorts=-2147483648\\,1`],
    `value ${P}.includeInboundPorts:-2147483648 falls outside range [0, 65535]`,
  ],
  [
    [`${P}.includeInboundPorts=+\\,1`],
    `${P}.includeInboundPorts : strconv.ParseInt: parsing "+": invalid syntax`,
  ],
  [[`${P}.includeInboundPorts=*\\,80`], undefined],
  [[`${P}.excludeInboundPorts=80\\,\\,81`], undefined],
  // hub: go-containerregistry's NewRepository(<hub>/pilot): the repository part (2-255 of a-z0-9_-./, empty
  // segments allowed) first, then a registry (a first segment with `.` or `:`, or localhost) as Go's url.Parse
  // reads an authority
  [['hub=docker.io//istio'], undefined],
  [['hub=/x'], undefined],
  [['hub=my_reg.io/istio'], undefined],
  [['hub=a.io:'], undefined],
  [['hub=a.b:1:2/x'], undefined],
  [['hub=a]b.io/x'], undefined],
  [['hub=ü.io/x'], undefined],
  [['hub=[::1]:5000/istio'], undefined],
  [['hub=[::ffff:1.2.3.4]/istio'], undefined],
  [['hub=localhost'], undefined],
  [['hub=x'], undefined],
  [[`hub=a.io/${'a'.repeat(248)}`], undefined],
  [
    [`hub=a.io/${'a'.repeat(250)}`],
    `bad hub: repository must be between 2 and 255 characters in length: ${'a'.repeat(250)}/pilot`,
  ],
  [['hub=a.io:x/istio'], 'bad hub: registries must be valid RFC 3986 URI authorities: a.io:x'],
  [['hub=[1.2.3.4]/x'], 'bad hub: registries must be valid RFC 3986 URI authorities: [1.2.3.4]'],
  [['hub=[::1/x'], 'bad hub: registries must be valid RFC 3986 URI authorities: [::1'],
  [['hub=[::1]x/y'], 'bad hub: registries must be valid RFC 3986 URI authorities: [::1]x'],
  [['hub=[zz::1]/y'], 'bad hub: registries must be valid RFC 3986 URI authorities: [zz::1]'],
  [['hub=a@b.io/istio'], 'bad hub: registries must be valid RFC 3986 URI authorities: a@b.io'],
  [['hub=a{b.io/x'], 'bad hub: registries must be valid RFC 3986 URI authorities: a{b.io'],
  [['hub=x[1].io/y'], 'bad hub: registries must be valid RFC 3986 URI authorities: x[1].io'],
  [['hub=a%41.io/x'], 'bad hub: registries must be valid RFC 3986 URI authorities: a%41.io'],
  [['hub=a.io?x/y'], 'bad hub: registries must be valid RFC 3986 URI authorities: a.io?x'],
  [['hub=a:1.io/y'], 'bad hub: registries must be valid RFC 3986 URI authorities: a:1.io'],
  [
    ['hub=UPPER/istio'],
    'bad hub: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: UPPER/istio/pilot',
  ],
  [
    ['hub=a.io/UPPER'],
    'bad hub: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: UPPER/pilot',
  ],
  [
    ['hub=A{.io/UPPER'],
    'bad hub: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: UPPER/pilot',
  ],
  // tag: NewTag(istio/pilot:<tag>): the text after the last colon (1-128 tag characters, any order), unless it
  // holds a `/`; what is before it must be a repository
  [['tag=-x'], undefined],
  [['tag=.x'], undefined],
  [[`tag=${'b'.repeat(128)}`], undefined],
  [
    [`tag=${'b'.repeat(129)}`],
    `bad tag: tag must be between 1 and 128 characters in length: ${'b'.repeat(129)}`,
  ],
  [
    ['tag=ü'],
    'bad tag: tag can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ`: ü',
  ],
  [
    ['tag=a:b'],
    'bad tag: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: istio/pilot:a',
  ],
  [
    ['tag=a/b'],
    'bad tag: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: istio/pilot:a/b',
  ],
  [
    ['tag=x/y:z'],
    'bad tag: repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: istio/pilot:x/y',
  ],
  [['tag=:'], 'bad tag: istio/pilot:: must specify a tag name after the colon'],
  // revision: a DNS-1123 label of at most 63 characters (or none)
  [['revision='], undefined],
  [['revision=a'], undefined],
  [[`revision=${'a'.repeat(63)}`], undefined],
  [[`revision=${'a'.repeat(64)}`], `invalid revision specified: ${'a'.repeat(64)}`],
  [['revision=abc-'], 'invalid revision specified: abc-'],
  [['revision=-abc'], 'invalid revision specified: -abc'],
  // gateway names: all of it must be [a-z0-9.-], 1 to 254 of them
  [[`${G}.name=bad_Name`], 'invalid value ingressGateways.name: bad_Name'],
  [[`${G}.name=a.b-c`], undefined],
  [[`${G}.name=${'a'.repeat(254)}`], undefined],
  [[`${G}.name=${'a'.repeat(255)}`], `invalid value ingressGateways.name: ${'a'.repeat(255)}`],
  // privileged ports: a gateway without a name, a port without a number, a low targetPort behind a high port
  [[`${G}.k8s.service.ports[0].port=80`], root('/80', '', 0)],
  [[`${G}.name=gw`, `${G}.k8s.service.ports[0].name=http`], root('http/0', 'gw', 0)],
  [
    [`${G}.name=gw`, `${G}.k8s.service.ports[0].port=2000`, `${G}.k8s.service.ports[0].targetPort=80`],
    root('/2000', 'gw', 80),
  ],
  [[`${G}.name=Bad_Name`, `${G}.enabled=true`], 'invalid value ingressGateways.name: Bad_Name'],
  [[`${G}.name=istio-ingressgateway`, `${G}.k8s.service.ports[0].port=2000`], undefined],
  [
    [
      `${G}.name=istio-ingressgateway`,
      `${G}.k8s.service.ports[0].port=80`,
      `${G}.k8s.service.ports[0].name=http`,
    ],
    root('http/80', 'istio-ingressgateway', 0),
  ],
  [
    [
      `${G}.name=istio-ingressgateway`,
      `${G}.k8s.service.ports[0].port=80`,
      `${G}.k8s.service.ports[0].targetPort=1024`,
    ],
    undefined,
  ],
  [
    [
      `${G}.name=istio-ingressgateway`,
      `${G}.k8s.service.ports[0].port=80`,
      `${G}.k8s.service.ports[0].targetPort=1023`,
    ],
    root('/80', 'istio-ingressgateway', 1023),
  ],
  [
    [
      `${G}.name=istio-ingressgateway`,
      `${G}.k8s.service.ports[0].port=80`,
      `${G}.k8s.service.ports[0].targetPort=http`,
    ],
    undefined,
  ],
  [
    [
      `${G}.name=istio-ingressgateway`,
      `${G}.k8s.service.ports[0].port=80`,
      'values.gateways.istio-ingressgateway.runAsRoot=true',
    ],
    undefined,
  ],
  [[`${E}.name=istio-egressgateway`, `${E}.k8s.service.ports[0].port=1025`], undefined],
  [
    [`${E}.name=istio-egressgateway`, `${E}.k8s.service.ports[0].port=1024`],
    root('/1024', 'istio-egressgateway', 0, 'istio-egressgateway'),
  ],
]

function verdict(sets: string[]): MeshctlError | undefined {
  try {
    resolveIstioOperator({sets})
  } catch (e) {
    if (e instanceof MeshctlError) return e
    throw e
  }
  return undefined
}

describe('IstioOperator semantic checks (proxy ranges and ports, gateways)', () => {
  for (const [sets, message] of CASES) {
    it(`${sets.join(' ')}: ${message ? 'refused (exit 64: a --set wrote it)' : 'accepted'}`, () => {
      const err = verdict(sets)
      expect(err?.message).to.equal(message)
      if (message) expect(err?.exitCode).to.equal(64)
    })
  }

  it('warns about a gateway replicaCount with autoscaling on, naming the gateway', () => {
    const r = resolveIstioOperator({
      sets: [
        `${E}.name=eg`,
        `${E}.k8s.replicaCount=2`,
        'values.gateways.istio-egressgateway.autoscaleEnabled=true',
      ],
    })
    expect(r.warnings).to.deep.equal([
      'components.egressGateways[name=eg].k8s.replicaCount should not be set when values.gateways.istio-egressgateway.autoscaleEnabled is true',
    ])
    const zero = resolveIstioOperator({
      sets: [
        `${E}.name=eg`,
        `${E}.k8s.replicaCount=0`,
        'values.gateways.istio-egressgateway.autoscaleEnabled=true',
      ],
    })
    expect(zero.warnings).to.deep.equal([])
    const off = resolveIstioOperator({sets: [`${E}.name=eg`, `${E}.k8s.replicaCount=2`]})
    expect(off.warnings).to.deep.equal([])
  })

  it('warns about more than one istiod replica with autoscaling on', () => {
    const w = 'components.pilot.k8s.replicaCount should not be set when values.pilot.autoscaleEnabled is true'
    const on = (n: number) =>
      resolveIstioOperator({
        sets: [`components.pilot.k8s.replicaCount=${n}`, 'values.pilot.autoscaleEnabled=true'],
      }).warnings
    expect(on(2)).to.deep.equal([w])
    expect(on(1)).to.deep.equal([])
    expect(
      resolveIstioOperator({
        sets: ['components.pilot.k8s.replicaCount=2', 'values.pilot.autoscaleEnabled=false'],
      }).warnings,
    ).to.deep.equal([])
  })

  describe('the same verdicts as istioctl 1.30.3', function () {
    this.timeout(120_000)
    before(function () {
      const why = oracleUnavailable()
      if (why) {
        console.warn(`    ⚠ skipped: ${why}`)
        this.skip()
      }
    })
    for (const [sets, message] of CASES) {
      it(`${sets.join(' ')}: istioctl ${message ? 'refuses' : 'accepts'} it`, () => {
        const r = istioctlGenerate(sets.flatMap((s) => ['--set', s]))
        expect(r.code === 0, r.stderr).to.equal(message === undefined)
        // hub and tag errors are go-containerregistry's words, the same in both tools
        if (/^bad (hub|tag): /.test(message ?? '')) expect(r.stderr).to.include(`Error: ${message}\n`)
      })
    }
  })
})
