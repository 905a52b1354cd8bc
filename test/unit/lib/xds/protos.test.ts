import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import protobuf from 'protobufjs'
import {
  descriptorPath,
  fullXdsProtos,
  parseProtoSet,
  pruneUnresolvable,
  PROTO_SETS,
} from '../../../../src/lib/xds/protos.js'

const DIST = new URL('../../../../dist/', import.meta.url).pathname

describe('xDS proto descriptors', function () {
  // parsing every Envoy extension proto takes seconds on a loaded machine
  this.timeout(120_000)

  for (const set of PROTO_SETS)
    it(`dist/xds-protos-${set}.json (written by the build) equals parsing @grpc/grpc-js-xds's .proto files`, async () => {
      const file = descriptorPath(set, DIST)
      expect(existsSync(file), `${file}: run npm run build`).to.equal(true)
      const built = JSON.parse(readFileSync(file, 'utf8')) as unknown
      // as the build writes it: JSON drops the keys protobufjs sets to undefined
      expect(built).to.deep.equal(JSON.parse(JSON.stringify(await parseProtoSet(set))))
    })

  it('the built full set loads whole and has the types config dumps carry', () => {
    const root = protobuf.Root.fromJSON(
      JSON.parse(readFileSync(join(DIST, 'xds-protos-full.json'), 'utf8')) as protobuf.INamespace,
    )
    expect(() => root.resolveAll()).not.to.throw()
    for (const name of [
      'envoy.admin.v3.ConfigDump',
      'envoy.admin.v3.ClustersConfigDump',
      'envoy.config.cluster.v3.Cluster',
      'envoy.config.listener.v3.Listener',
      'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      'udpa.type.v1.TypedStruct',
    ])
      expect(() => root.lookupType(name), name).not.to.throw()
  })

  it('from the sources (no dist/ beside them), the full set is parsed and decodes an Any inside a dump', async () => {
    const {root} = await fullXdsProtos()
    const Cluster = root.lookupType('envoy.config.cluster.v3.Cluster')
    const Any = root.lookupType('google.protobuf.Any')
    const any = Any.fromObject({
      type_url: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
      value: Cluster.encode(Cluster.fromObject({name: 'outbound|80||a.b.svc.cluster.local'})).finish(),
    })
    const back = Cluster.decode(Any.toObject(any).value as Uint8Array) as unknown as {name: string}
    expect(back.name).to.equal('outbound|80||a.b.svc.cluster.local')
  })

  it('leaves out the types that name a type no loaded file has, and those that name them', () => {
    const root = protobuf.parse(
      `syntax = "proto3"; package p;
       message Ok { string a = 1; }
       message Broken { missing.Thing t = 1; }
       message UsesBroken { Broken b = 1; Ok ok = 2; }`,
    ).root
    pruneUnresolvable(root, protobuf)
    expect(() => root.resolveAll()).not.to.throw()
    expect(root.lookup('p.Ok')).not.to.equal(null)
    expect(root.lookup('p.Broken')).to.equal(null)
    expect(root.lookup('p.UsesBroken')).to.equal(null)
  })
})
