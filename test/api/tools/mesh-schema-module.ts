/**
 * Renders src/lib/api/mesh.gen.ts: MeshConfig and ProxyConfig (istio.io/api mesh/v1alpha1) as schema-DSL
 * declarations, from the proto files (field names, types and enum values only; comments are not carried).
 * The networking messages the mesh config uses are read from their own protos.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'

/** The proto files read, relative to the istio.io/api module root. */
export const MESH_PROTOS = [
  'mesh/v1alpha1/config.proto',
  'mesh/v1alpha1/proxy.proto',
  'mesh/v1alpha1/network.proto',
  'networking/v1alpha3/destination_rule.proto',
  'networking/v1alpha3/virtual_service.proto',
  'networking/v1alpha3/workload_group.proto',
  'networking/v1alpha3/workload_entry.proto',
  'networking/v1beta1/proxy_config.proto',
]

interface Field {
  name: string
  json: string
  type: string
  repeated: boolean
  map: boolean
  /** The message it is declared in, for type resolution. */
  scope: string
}

/** Messages (fields by declaration order) and enums (value names), by fully qualified name. */
export interface ProtoSet {
  messages: Map<string, Field[]>
  enums: Map<string, string[]>
}

/** protoc's default JSON name: snake_case → lowerCamelCase. */
const jsonName = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Reads the message, enum and field declarations of proto3 files into one set. */
export function readProtos(texts: string[]): ProtoSet {
  const set: ProtoSet = {messages: new Map(), enums: new Map()}
  for (const text of texts) {
    const clean = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')
    const tokens = clean.match(/map\s*<[^>]*>|\.?[A-Za-z_][\w.]*|-?\d+|"[^"]*"|[{}=;[\](),<>]/g) ?? []
    let pkg = ''
    // Each open block: a message or enum (its full name), or anything else ('').
    const stack: Array<{kind: string; name: string}> = []
    const scope = () => [...stack].reverse().find((s) => s.kind === 'message')?.name ?? pkg
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!
      const top = stack[stack.length - 1]
      if (t === 'package') {
        pkg = tokens[++i]!
        continue
      }
      if (['message', 'enum', 'oneof', 'service', 'extend'].includes(t) && tokens[i + 2] === '{') {
        const name = t === 'message' || t === 'enum' ? `${scope()}.${tokens[i + 1]}` : ''
        if (t === 'message') set.messages.set(name, [])
        if (t === 'enum') set.enums.set(name, [])
        stack.push({kind: t, name})
        i += 2
        continue
      }
      if (t === '{') {
        stack.push({kind: 'other', name: ''}) // an option's value
        continue
      }
      if (t === '}') {
        stack.pop()
        continue
      }
      if (t === 'option' || t === 'reserved' || t === 'syntax' || t === 'import') {
        while (i < tokens.length && tokens[i] !== ';') i++
        continue
      }
      if (top?.kind === 'enum' && tokens[i + 1] === '=') {
        set.enums.get(top.name)!.push(t)
        while (i < tokens.length && tokens[i] !== ';') i++
        continue
      }
      if (top?.kind !== 'message' && top?.kind !== 'oneof') continue
      // [repeated|optional] TYPE NAME = N [options] ;
      let j = i
      const repeated = tokens[j] === 'repeated'
      if (repeated || tokens[j] === 'optional') j++
      const type = tokens[j]!
      const name = tokens[j + 1]
      if (tokens[j + 2] !== '=' || name === undefined) continue
      let json: string | undefined
      let k = j + 4
      for (; k < tokens.length && tokens[k] !== ';'; k++)
        if (tokens[k] === 'json_name' && tokens[k + 1] === '=') json = tokens[k + 2]!.slice(1, -1)
      const isMap = type.startsWith('map')
      const valueType = isMap ? /,\s*([\w.]+)\s*>/.exec(type)![1]! : type
      set.messages
        .get(scope())!
        .push({name, json: json ?? jsonName(name), type: valueType, repeated, map: isMap, scope: scope()})
      i = k
    }
  }
  return set
}

/** Proto scalar and well-known types → schema-DSL expressions (wrappers may be null). */
const SCALARS: Record<string, string> = {
  string: 'str()',
  bytes: 'bytes()',
  bool: 'bool()',
  int32: 'int32()',
  sint32: 'int32()',
  sfixed32: 'int32()',
  uint32: 'uint32()',
  fixed32: 'uint32()',
  int64: 'int64()',
  sint64: 'int64()',
  sfixed64: 'int64()',
  uint64: 'uint64()',
  fixed64: 'uint64()',
  float: 'double()',
  double: 'double()',
  'google.protobuf.BoolValue': 'nullable(bool())',
  'google.protobuf.StringValue': 'nullable(str())',
  'google.protobuf.Int32Value': 'nullable(int32())',
  'google.protobuf.UInt32Value': 'nullable(uint32())',
  'google.protobuf.Int64Value': 'nullable(int64())',
  'google.protobuf.UInt64Value': 'nullable(uint64())',
  'google.protobuf.FloatValue': 'nullable(double())',
  'google.protobuf.DoubleValue': 'nullable(double())',
  'google.protobuf.Duration': 'duration()',
  'google.protobuf.Timestamp': 'dateTime()',
  'google.protobuf.Struct': 'open()',
  'google.protobuf.Value': 'anyValue()',
  'google.protobuf.Any': 'anyValue()',
}

/** A type name as written in `scope` → its full name, by proto scoping (innermost scope first). */
function resolve(set: ProtoSet, scope: string, type: string): string {
  if (type.startsWith('.')) return type.slice(1)
  for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
    const full = s ? `${s}.${type}` : type
    if (set.messages.has(full) || set.enums.has(full)) return full
    if (!s) return type
  }
}

/** `istio.mesh.v1alpha1.MeshConfig.OutboundTrafficPolicy` → `meshConfigOutboundTrafficPolicy`. */
function constName(full: string): string {
  const local = full.replace(/^istio\.\w+\.v\w+\./, '').replace(/\./g, '')
  // A leading acronym goes lower case as a whole: SDS → sds, HTTPHeader → httpHeader.
  return local.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase())
}

/** The module text (before prettier) for the mesh config messages reachable from `roots`. */
export function renderMeshSchemaModule(
  set: ProtoSet,
  roots = ['istio.mesh.v1alpha1.MeshConfig', 'istio.mesh.v1alpha1.ProxyConfig'],
): string {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const expr = (f: Field): string => {
    let e = SCALARS[f.type]
    if (!e) {
      const full = resolve(set, f.scope, f.type)
      if (set.enums.has(full))
        e = `enm(${set.enums
          .get(full)!
          .map((v) => `'${v}'`)
          .join(', ')})`
      else if (set.messages.has(full)) e = visit(full) ? constName(full) : 'open() /* recursive */'
      else throw new Error(`unknown proto type ${f.type} in ${f.scope}`)
    }
    return f.map ? `map(${e})` : f.repeated ? `list(${e})` : e
  }
  const bodies = new Map<string, string>()
  /** Declares a message after the messages it uses; false for a reference back into a cycle. */
  function visit(full: string): boolean {
    if (state.get(full) === 'done') return true
    if (state.get(full) === 'visiting') return false
    state.set(full, 'visiting')
    const fields = set.messages.get(full)!.map((f) => `  ${f.json}: ${expr(f)},`)
    bodies.set(full, `obj({\n${fields.join('\n')}\n})`)
    state.set(full, 'done')
    order.push(full)
    return true
  }
  roots.forEach(visit)
  const decls = order.map((full) => {
    const exported = roots.includes(full) ? 'export ' : ''
    return `/** ${full} */\n${exported}const ${constName(full)} = ${bodies.get(full)!}`
  })
  const body = decls.join('\n\n')
  const used = (name: string) => new RegExp(`\\b${name}\\(`).test(body)
  const dsl = ['bool', 'bytes', 'dateTime', 'double', 'duration', 'enm', 'int32', 'list', 'map', 'nullable']
  const imports = [...dsl, 'obj', 'open', 'str', 'uint32', 'uint64'].filter(used)
  const local = [
    [
      'int64',
      '/** int64: protobuf JSON takes a number or a decimal string. */',
      "(): S<number | string> => ({type: 'integer', format: 'int64'})",
    ],
    [
      'anyValue',
      '/** google.protobuf.Value: any JSON. */',
      "(): S<unknown> => ({'x-kubernetes-preserve-unknown-fields': true})",
    ],
  ].filter(([name]) => used(name!))
  if (local.length > 0) imports.push('type S')
  return (
    '// Generated by test/api/tools/gen-mesh-schema.ts from istio.io/api (Istio 1.30.3) mesh/v1alpha1 config.proto\n' +
    '// and proxy.proto, with the networking messages they use: field names, types and enum values. Do not edit.\n' +
    `import {${imports.join(', ')}} from './schema.js'\n\n` +
    local.map(([name, doc, def]) => `${doc}\nconst ${name} = ${def}\n`).join('') +
    '\n' +
    body +
    '\n'
  )
}

/** The module text for the protos of an istio.io/api module checkout. */
export function renderMeshSchemaFromModule(apiDir: string): string {
  return renderMeshSchemaModule(
    readProtos(MESH_PROTOS.map((p) => readFileSync(path.join(apiDir, p), 'utf8'))),
  )
}
