import {existsSync, readFileSync, readdirSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type * as Protobuf from 'protobufjs'

/**
 * The xDS protos meshctl speaks, from the .proto files that @grpc/grpc-js-xds ships (Envoy's data-plane API,
 * xds, googleapis and protoc-gen-validate), never hand-written encoders.
 *
 * Parsing those files takes most of a second, so `npm run build` parses them once and writes each set's
 * protobufjs JSON descriptor to dist/ (scripts/build.ts); a run reads that and needs only protobufjs's light
 * build. Run from src/ (tests, tsx), where there is no such file, the .proto files are parsed as the build does.
 */
export interface XdsProtos {
  root: Protobuf.Root
  DiscoveryRequest: Protobuf.Type
  DiscoveryResponse: Protobuf.Type
}

/** `base`: what syncz needs (ADS and CSDS); `full` adds the admin config dump and every Envoy extension. */
export type ProtoSet = 'base' | 'full'
export const PROTO_SETS: readonly ProtoSet[] = ['base', 'full']

const BASE_FILES = ['envoy/service/discovery/v3/ads.proto', 'envoy/service/status/v3/csds.proto']
// the admin API's config dump, and /clusters?format=json (ClusterStatus) for proxy-config endpoint
const DUMP_FILES = ['envoy/admin/v3/config_dump.proto', 'envoy/admin/v3/clusters.proto']

const loaded = new Map<ProtoSet, Promise<XdsProtos>>()

/** The protos of ADS, CSDS (syncz) and the admin config dump. Loaded once. */
export function xdsProtos(): Promise<XdsProtos> {
  return protoSet('base')
}

/** Also every Envoy extension and config proto, so that nested Anys of a config dump decode. */
export function fullXdsProtos(): Promise<XdsProtos> {
  return protoSet('full')
}

function protoSet(set: ProtoSet): Promise<XdsProtos> {
  let p = loaded.get(set)
  if (!p) loaded.set(set, (p = load(set)))
  return p
}

/** dist/xds-protos-SET.json, where the build writes a set's descriptor (beside the bundle's dist/lib/). */
export function descriptorPath(set: ProtoSet, distDir?: string): string {
  if (distDir) return join(distDir, `xds-protos-${set}.json`)
  return new URL(`../../xds-protos-${set}.json`, import.meta.url).pathname
}

async function load(set: ProtoSet): Promise<XdsProtos> {
  // the light build (no .proto parser) reads descriptors; a CommonJS module, bundled as a default export
  type Pb = typeof Protobuf
  const mod = (await import('protobufjs/light.js')) as unknown as Pb & {default?: Pb}
  const protobuf: Pb = mod.default ?? mod
  let json: Protobuf.INamespace
  try {
    json = JSON.parse(readFileSync(descriptorPath(set), 'utf8')) as Protobuf.INamespace
  } catch {
    json = await parseProtoSet(set)
  }
  const root = protobuf.Root.fromJSON(json)
  return {
    root,
    DiscoveryRequest: root.lookupType('envoy.service.discovery.v3.DiscoveryRequest'),
    DiscoveryResponse: root.lookupType('envoy.service.discovery.v3.DiscoveryResponse'),
  }
}

/**
 * Parses a set's .proto files into a protobufjs JSON descriptor: what the build writes to dist/, and what a
 * run from the sources uses. Extension protos that import files the package does not ship (OpenCensus, ...)
 * are left out, and so is every type that cannot resolve without them, so that the descriptor loads whole.
 */
export async function parseProtoSet(set: ProtoSet): Promise<Protobuf.INamespace> {
  const protobuf = (await import('protobufjs')).default
  // registers google/protobuf/descriptor.proto, which the validate and udpa annotations import
  await import('protobufjs/ext/descriptor/index.js')
  const dirs = includeDirs()
  const root = new protobuf.Root()
  root.resolvePath = (origin, target) => {
    if (target in protobuf.common) return target
    for (const d of dirs) {
      const p = join(d, target)
      if (existsSync(p)) return p
    }
    return protobuf.util.path.resolve(origin, target)
  }
  root.loadSync(BASE_FILES, {keepCase: false})
  if (set === 'full')
    for (const f of [...DUMP_FILES, ...envoyProtoFiles(dirs[0]!)])
      try {
        root.loadSync(f, {keepCase: false})
      } catch {
        // not decodable here; such Anys print as their type URL only
      }
  pruneUnresolvable(root, protobuf)
  root.resolveAll()
  return root.toJSON()
}

/** Removes types whose fields name types that are not there (from files that failed to load), repeatedly. */
export function pruneUnresolvable(
  root: Protobuf.Root,
  protobuf: Pick<typeof Protobuf, 'Type' | 'Service' | 'Namespace'>,
): void {
  for (let changed = true; changed;) {
    changed = false
    const walk = (ns: Protobuf.NamespaceBase) => {
      for (const child of [...ns.nestedArray]) {
        if (child instanceof protobuf.Type)
          try {
            for (const f of child.fieldsArray) f.resolve()
            for (const o of child.oneofsArray) o.resolve()
          } catch {
            ns.remove(child)
            changed = true
            continue
          }
        else if (child instanceof protobuf.Service)
          try {
            child.resolveAll()
          } catch {
            ns.remove(child)
            changed = true
            continue
          }
        if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) walk(child)
      }
    }
    walk(root)
  }
}

function includeDirs(): string[] {
  const require = createRequire(import.meta.url)
  const xds = dirname(require.resolve('@grpc/grpc-js-xds/package.json'))
  const pbjs = dirname(require.resolve('protobufjs/package.json'))
  return [
    ...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(xds, 'deps', d)),
    // google/protobuf/*.proto
    pbjs,
  ]
}

function envoyProtoFiles(envoyApi: string): string[] {
  // the v3 config and extension messages Envoy puts in its config dumps
  const out: string[] = []
  const walk = (rel: string) => {
    for (const name of readdirSync(join(envoyApi, rel)).sort()) {
      const p = join(rel, name)
      if (statSync(join(envoyApi, p)).isDirectory()) walk(p)
      else if (name.endsWith('.proto') && /\/v3\//.test(`/${p}`)) out.push(p)
    }
  }
  for (const top of ['envoy/config', 'envoy/extensions', 'envoy/type'])
    if (existsSync(join(envoyApi, top))) walk(top)
  // TypedStruct and the xds matchers live beside Envoy's API
  const xds = join(envoyApi, '..', 'xds')
  for (const f of [
    'udpa/type/v1/typed_struct.proto',
    'xds/type/v3/typed_struct.proto',
    'xds/type/matcher/v3/matcher.proto',
  ])
    if (existsSync(join(xds, f))) out.push(f)
  return out
}
