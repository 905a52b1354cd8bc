/** Unit tests of the simulator's building blocks: selectors, SPDY framing, field sets, protobuf envelope, --forward. */
import {expect} from 'chai'
import {createHash} from 'node:crypto'
import {parseForward} from './cli.js'
import {formatPath, fromFieldsV1, leaves, toFieldsV1} from './fields.js'
import {decodeProtobufObject} from './protobuf.js'
import {unknownFields} from './validation.js'
import {parseFieldSelector, parseLabelSelector, SelectorError} from './selectors.js'
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FRAME,
  HeaderCodec,
  SPDY_DICTIONARY,
  SpdySession,
  spdyFrames,
  type SpdyStream,
} from './spdy.js'
import {builtinListStrategy} from '../../src/lib/kube/strategic-merge.js'

describe('kube-sim: label and field selectors', () => {
  const labels = {app: 'web', tier: 'front', 'example.com/x': '1'}
  const cases: [string, boolean][] = [
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['example.com/x=1,app=web', true],
    ['app=web,tier=back', false],
    ['missing notin (a)', true],
    ['', true],
  ]
  for (const [sel, want] of cases)
    it(`"${sel}" → ${want}`, () => expect(parseLabelSelector(sel)(labels)).to.equal(want))

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a b c')).to.throw(SelectorError)
    expect(() => parseLabelSelector('-bad=1')).to.throw(SelectorError)
  })

  it('field selectors: metadata everywhere, kind-specific fields, unsupported → error', () => {
    const pod = {metadata: {name: 'p', namespace: 'n'}, status: {phase: 'Running'}}
    expect(parseFieldSelector('metadata.name=p,status.phase!=Pending', 'Pod')(pod)).to.equal(true)
    expect(parseFieldSelector('status.phase=Pending', 'Pod')(pod)).to.equal(false)
    expect(() => parseFieldSelector('status.phase=Running', 'ConfigMap')).to.throw(
      '"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"',
    )
    expect(() => parseFieldSelector('spec.x=1', 'Pod')).to.throw('field label not supported: spec.x')
  })
})

describe('kube-sim: SPDY/3.1 framing', () => {
  it('builds the SPDY/3 header dictionary (1423 bytes, known digest)', () => {
    expect(SPDY_DICTIONARY.length).to.equal(1423)
    expect(createHash('sha256').update(SPDY_DICTIONARY).digest('hex')).to.equal(
      '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
    )
  })

  it('round-trips header blocks, compressed with a shared context across blocks', async () => {
    const h = {streamtype: 'data', port: '8080', requestid: '0'}
    expect(decodeHeaderBlock(encodeHeaderBlock(h))).to.deep.equal(h)
    const client = new HeaderCodec()
    const server = new HeaderCodec()
    for (const id of ['0', '1', '2']) {
      const block = await client.encode({...h, requestid: id})
      expect(await server.decode(block)).to.deep.equal({...h, requestid: id})
    }
    client.close()
    server.close()
  })

  it('session: SYN_STREAM → SYN_REPLY, DATA both ways, FIN, PING echo, frames split across chunks', async () => {
    const out: Buffer[] = []
    const session = new SpdySession((b) => out.push(b))
    const codec = new HeaderCodec()
    const streams: SpdyStream[] = []
    const got: string[] = []
    session.on('stream', (s: SpdyStream) => {
      streams.push(s)
      s.on('data', (d: Buffer) => {
        got.push(d.toString())
        s.write(`echo:${d.toString()}`)
        s.end()
      })
    })
    const syn = await spdyFrames.synStream(codec, 1, {streamtype: 'data', port: '80', requestid: '0'})
    const data = spdyFrames.data(1, FLAG_FIN, Buffer.from('ping'))
    const ping = spdyFrames.control(FRAME.PING, 0, Buffer.from([0, 0, 0, 7]))
    const all = Buffer.concat([syn, data, ping])
    // Deliver byte by byte to exercise frame reassembly.
    for (let i = 0; i < all.length; i++) session.receive(all.subarray(i, i + 1))
    const end = Date.now() + 2000
    while (out.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 5))
    expect(streams[0]!.headers).to.deep.equal({streamtype: 'data', port: '80', requestid: '0'})
    expect(got).to.deep.equal(['ping'])
    const types = out.map((f) =>
      f[0]! & 0x80 ? `ctl${f.readUInt16BE(2)}` : `data${f[4]! & FLAG_FIN ? '+fin' : ''}`,
    )
    expect(types).to.deep.equal([`ctl${FRAME.SYN_REPLY}`, 'data', 'data+fin', `ctl${FRAME.PING}`])
    expect(out[1]!.subarray(8).toString()).to.equal('echo:ping')
    expect(out[3]!.subarray(8)).to.deep.equal(Buffer.from([0, 0, 0, 7]))
    session.close()
    codec.close()
  })
})

describe('kube-sim: field sets (managedFields)', () => {
  const resolve = (path: readonly string[]) => builtinListStrategy('Deployment', path)
  it('keys list items by merge key and round-trips through FieldsV1', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'x', labels: {a: '1'}, finalizers: ['f/1']},
      spec: {replicas: 2, template: {spec: {containers: [{name: 'web', image: 'i'}]}}},
      status: {replicas: 2},
    }
    const set = leaves(obj, resolve, 'main')
    const paths = [...set.keys()].map((p) => formatPath(JSON.parse(p) as string[]))
    expect(paths).to.have.members([
      '.metadata.labels.a',
      '.metadata.finalizers[="f/1"]',
      '.spec.replicas',
      '.spec.template.spec.containers[name="web"]',
      '.spec.template.spec.containers[name="web"].image',
    ])
    const tree = toFieldsV1(set.keys())
    expect(tree).to.deep.equal({
      'f:metadata': {'f:labels': {'f:a': {}}, 'f:finalizers': {'v:"f/1"': {}}},
      'f:spec': {
        'f:replicas': {},
        'f:template': {'f:spec': {'f:containers': {'k:{"name":"web"}': {'.': {}, 'f:image': {}}}}},
      },
    })
    expect([...fromFieldsV1(tree)].sort()).to.deep.equal([...set.keys()].sort())
  })
})

describe('kube-sim: protobuf request bodies', () => {
  const varint = (n: number) => {
    const out: number[] = []
    while (n > 127) {
      out.push((n & 0x7f) | 0x80)
      n >>>= 7
    }
    out.push(n)
    return Buffer.from(out)
  }
  const field = (num: number, payload: Buffer | string) => {
    const b = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
    return Buffer.concat([varint((num << 3) | 2), varint(b.length), b])
  }
  it('decodes a ConfigMap in the k8s protobuf envelope', () => {
    const meta = Buffer.concat([
      field(1, 'c1'),
      field(2, ''),
      field(3, 'ns1'),
      field(11, Buffer.concat([field(1, 'app'), field(2, 'x')])),
    ])
    const cm = Buffer.concat([field(1, meta), field(2, Buffer.concat([field(1, 'a'), field(2, '1')]))])
    const unknown = Buffer.concat([
      field(1, Buffer.concat([field(1, 'v1'), field(2, 'ConfigMap')])),
      field(2, cm),
    ])
    const body = Buffer.concat([Buffer.from('k8s\0'), unknown])
    expect(decodeProtobufObject(body)).to.deep.equal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'c1', namespace: 'ns1', labels: {app: 'x'}},
      data: {a: '1'},
    })
  })
  it('returns undefined for kinds it does not know (→ 415)', () => {
    const unknown = Buffer.concat([
      field(1, Buffer.concat([field(1, 'apps/v1'), field(2, 'StatefulSet')])),
      field(2, Buffer.alloc(0)),
    ])
    expect(decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0'), unknown]))).to.equal(undefined)
  })
})

describe('kube-sim: --forward argument', () => {
  it('splits at the last "=" so the selector may contain "="', () => {
    expect(parseForward('istio-system/app=kiali:20001=127.0.0.1:8080')).to.deep.equal({
      namespace: 'istio-system',
      selector: 'app=kiali',
      podPort: 20001,
      host: '127.0.0.1',
      port: 8080,
    })
    expect(parseForward('ns/app=a,tier in (x):15000=localhost:9')).to.deep.include({
      selector: 'app=a,tier in (x)',
      podPort: 15000,
      host: 'localhost',
    })
  })
  for (const bad of ['nope', 'ns:1=h:2', 'ns/app=x:abc=h:1', 'ns/app=x:1=h'])
    it(`rejects "${bad}"`, () =>
      expect(() => parseForward(bad)).to.throw('expected NAMESPACE/SELECTOR:PODPORT=HOST:PORT'))
})

describe('kube-sim: structural schema unknown fields', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          list: {type: 'array', items: {type: 'object', properties: {a: {type: 'string'}}}},
          map: {type: 'object', additionalProperties: {type: 'object', properties: {x: {type: 'integer'}}}},
          any: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
          port: {'x-kubernetes-int-or-string': true},
          inner: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            properties: {spec: {type: 'object'}},
          },
        },
      },
    },
  }
  it('lists undeclared fields by path and prunes them on request', () => {
    const obj = {
      apiVersion: 'v',
      kind: 'K',
      metadata: {name: 'n'},
      extra: 1,
      spec: {
        list: [{a: 'x', b: 'y'}],
        map: {k: {x: 1, y: 2}},
        any: {free: {deep: true}},
        port: 'http',
        inner: {apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {}, bogus: 1},
      },
    }
    expect(unknownFields(structuredClone(obj), schema, false)).to.deep.equal([
      'extra',
      'spec.list[0].b',
      'spec.map.k.y',
      'spec.inner.bogus',
    ])
    const pruned = structuredClone(obj)
    unknownFields(pruned, schema, true)
    expect(pruned).to.not.have.property('extra')
    expect(pruned.spec.list[0]).to.deep.equal({a: 'x'})
    expect(pruned.spec.any).to.deep.equal({free: {deep: true}})
  })
})
