import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type * as Protobuf from 'protobufjs'

/**
 * The xDS protos meshctl speaks, loaded with protobufjs from the .proto files that @grpc/grpc-js-xds ships
 * (Envoy's data-plane API, xds, googleapis and protoc-gen-validate), never hand-written encoders.
 */
export interface XdsProtos {
  root: Protobuf.Root
  DiscoveryRequest: Protobuf.Type
  DiscoveryResponse: Protobuf.Type
}

/** What syncz needs (ADS and CSDS); `full` adds the admin config dump and every Envoy extension. */
const BASE_FILES = ['envoy/service/discovery/v3/ads.proto', 'envoy/service/status/v3/csds.proto']
const DUMP_FILE = 'envoy/admin/v3/config_dump.proto'

let loaded: Promise<XdsProtos> | undefined
let full: Promise<XdsProtos> | undefined

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

async function load(kind: 'base' | 'full', optional: (envoyApi: string) => string[]): Promise<XdsProtos> {
  const protobuf = (await import('protobufjs')).default
  // registers google/protobuf/descriptor.proto, which the validate and udpa annotations import
  await import('protobufjs/ext/descriptor/index.js')
  const dirs = includeDirs()
  // parsing the .proto files takes a while: their descriptor is kept as JSON in the user's cache
  // (the full set is not: some extension protos load only in part, which a descriptor cannot say)
  const cache = kind === 'base' ? cacheFile(kind) : undefined
  const cached = cache && readCache(cache)
  if (cached) {
    const root = protobuf.Root.fromJSON(cached)
    return {
      root,
      DiscoveryRequest: root.lookupType('envoy.service.discovery.v3.DiscoveryRequest'),
      DiscoveryResponse: root.lookupType('envoy.service.discovery.v3.DiscoveryResponse'),
    }
  }
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
  // some extension protos import files the package does not ship (OpenCensus, ...): skip those
  for (const f of optional(dirs[0]!))
    try {
      root.loadSync(f, {keepCase: false})
    } catch {
      // not decodable here; such Anys print as their type URL only
    }
  root.resolveAll()
  if (cache) writeCache(cache, root.toJSON())
  return {
    root,
    DiscoveryRequest: root.lookupType('envoy.service.discovery.v3.DiscoveryRequest'),
    DiscoveryResponse: root.lookupType('envoy.service.discovery.v3.DiscoveryResponse'),
  }
}

/** The protos of ADS, CSDS (syncz) and the admin config dump. Loaded once. */
export function xdsProtos(): Promise<XdsProtos> {
  loaded ??= load('base', () => [])
  return loaded
}

/** Also every Envoy extension and config proto, so that nested Anys of a config dump decode. */
export function fullXdsProtos(): Promise<XdsProtos> {
  full ??= load('full', (dir) => [DUMP_FILE, ...envoyProtoFiles(dir)])
  return full
}

function envoyProtoFiles(envoyApi: string): string[] {
  // the v3 config and extension messages Envoy puts in its config dumps
  const out: string[] = []
  const walk = (rel: string) => {
    for (const name of readdirSync(join(envoyApi, rel))) {
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

/** ~/.cache/meshctl/xds-protos-KIND-VERSIONS.json, or undefined when caching is off (MESHCTL_NO_CACHE). */
function cacheFile(kind: string): string | undefined {
  if (process.env.MESHCTL_NO_CACHE) return undefined
  try {
    const require = createRequire(import.meta.url)
    const v = (p: string) => (require(p) as {version: string}).version
    const versions = `${v('@grpc/grpc-js-xds/package.json')}-${v('protobufjs/package.json')}`
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'meshctl')
    return join(dir, `xds-protos-${kind}-${versions}.json`)
  } catch {
    return undefined
  }
}

function readCache(file: string): Protobuf.INamespace | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Protobuf.INamespace
  } catch {
    return undefined
  }
}

function writeCache(file: string, json: Protobuf.INamespace): void {
  try {
    mkdirSync(dirname(file), {recursive: true})
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(json))
    renameSync(tmp, file)
  } catch {
    // a cache only: no harm when it cannot be written
  }
}
