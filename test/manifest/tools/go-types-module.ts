// The Go structs istioctl 1.30.3 decodes an IstioOperator's `components.*.k8s` and `metadata` into
// (operator/pkg/apis KubernetesResources, the k8s.io/api v0.35.3 types it uses, and ObjectMeta), as JSON
// field names and types, read from the Go sources (facts only): the text of src/lib/manifest/go-types.gen.ts.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {ISTIO_SRC} from '../../helpers/istio.js'

/** Package alias (as the Go files import them) → directory, for a Go module cache. */
export function goPackages(mod: string): Record<string, string> {
  const api = path.join(mod, 'k8s.io', 'api@v0.35.3')
  return {
    apis: path.join(ISTIO_SRC, 'operator', 'pkg', 'apis'),
    corev1: path.join(api, 'core', 'v1'),
    appsv1: path.join(api, 'apps', 'v1'),
    autoscaling: path.join(api, 'autoscaling', 'v2'),
    policy: path.join(api, 'policy', 'v1'),
    metav1: path.join(mod, 'k8s.io', 'apimachinery@v0.35.3', 'pkg', 'apis', 'meta', 'v1'),
  }
}
/** Import aliases used inside each package for the others. */
const ALIASES: Record<string, string> = {
  v1: 'corev1',
  corev1: 'corev1',
  appsv1: 'appsv1',
  autoscaling: 'autoscaling',
  policy: 'policy',
  metav1: 'metav1',
}

/** Leaf types: how their JSON is checked (see go-types.ts). */
const LEAVES: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int: 'int64',
  int32: 'int32',
  int64: 'int64',
  uint32: 'uint32',
  uint64: 'uint64',
  float32: 'float',
  float64: 'float',
  any: 'any',
  'interface{}': 'any',
  'json.RawMessage': 'any',
  'resource.Quantity': 'quantity',
  'intstr.IntOrString': 'intstr',
  'metav1.Time': 'string',
  'metav1.MicroTime': 'string',
  'metav1.Duration': 'string',
  'metav1.FieldsV1': 'any',
  // true/false only (its UnmarshalJSON decodes a bool).
  'apis.BoolValue': 'bool',
  'types.UID': 'string',
  byte: 'int64',
  '[]byte': 'string',
}

interface Parsed {
  structs: Map<string, Array<{json: string; type: string} | {inline: string}>>
  named: Map<string, string>
}

function parsePackage(dir: string): Parsed {
  const structs: Parsed['structs'] = new Map()
  const named: Parsed['named'] = new Map()
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.go') || f.endsWith('_test.go') || f.startsWith('zz_') || f.includes('generated'))
      continue
    const text = readFileSync(path.join(dir, f), 'utf8')
    for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields: Array<{json: string; type: string} | {inline: string}> = []
      for (const line of m[2]!.split('\n')) {
        const l = line.trim()
        if (l === '' || l.startsWith('//')) continue
        const tag = /`[^`]*json:"([^"]*)"[^`]*`/.exec(l)
        const json = tag?.[1]?.split(',')[0]
        if (tag && json === '' && tag[1]!.includes('inline')) {
          fields.push({inline: l.split(/\s+/)[0]!.replace(/^\*/, '')})
          continue
        }
        // An embedded struct without a json tag is inlined too (GatewayComponentSpec embeds ComponentSpec).
        if (/^\*?[\w.]+$/.test(l)) {
          fields.push({inline: l.replace(/^\*/, '')})
          continue
        }
        const fm = /^(\w+)\s+([^\s`]+)/.exec(l)
        if (!fm) continue
        if (json === '-') continue
        // Fields without a json tag decode under their Go name (case-insensitively).
        fields.push({json: json || fm[1]!, type: fm[2]!})
      }
      structs.set(m[1]!, fields)
    }
    for (const m of text.matchAll(/^type (\w+) ([^\s{]+)\s*$/gm)) named.set(m[1]!, m[2]!)
  }
  return {structs, named}
}

/** The text of src/lib/manifest/go-types.gen.ts (before prettier) from the Go sources under `mod`. */
export function renderGoTypesModule(mod: string): string {
  const packages = goPackages(mod)
  const parsed = new Map(Object.entries(packages).map(([p, dir]) => [p, parsePackage(dir)]))
  const out: Record<string, Record<string, string>> = {}

  /** Resolves a Go type written in package `pkg` to a type expression of the generated table. */
  function resolve(t: string, pkg: string): string {
    t = t.replace(/^\*/, '')
    if (t.startsWith('[]') && t !== '[]byte') return '[]' + resolve(t.slice(2), pkg)
    const mm = /^map\[(\w+(?:\.\w+)?)\](.+)$/.exec(t)
    if (mm) return 'map:' + resolve(mm[2]!, pkg)
    if (LEAVES[t]) return LEAVES[t]!
    const [q, name] = t.includes('.') ? (t.split('.') as [string, string]) : [pkg, t]
    const p = t.includes('.') ? (ALIASES[q] ?? q) : q
    if (LEAVES[`${p}.${name}`]) return LEAVES[`${p}.${name}`]!
    const src = parsed.get(p)
    if (!src) throw new Error(`unknown package ${p} for ${t} (in ${pkg})`)
    const alias = src.named.get(name)
    if (alias) return resolve(alias, p)
    if (!src.structs.has(name)) throw new Error(`unknown type ${t} in ${p}`)
    const key = `${p}.${name}`
    if (!out[key]) {
      out[key] = {}
      collect(p, name, out[key])
    }
    return key
  }

  function collect(pkg: string, name: string, into: Record<string, string>): void {
    for (const f of parsed.get(pkg)!.structs.get(name)!) {
      if ('inline' in f) {
        const [p, n] = f.inline.includes('.') ? (f.inline.split('.') as [string, string]) : [pkg, f.inline]
        collect(ALIASES[p] ?? p, n, into)
      } else into[f.json] = resolve(f.type, pkg)
    }
  }

  resolve('KubernetesResources', 'apis')
  resolve('ObjectMeta', 'metav1')
  resolve('GatewayComponentSpec', 'apis')
  // The object itself: type and object metadata (its spec is checked by the IstioOperator schema).
  out.IstioOperator = {apiVersion: 'string', kind: 'string', metadata: 'metav1.ObjectMeta', spec: 'any'}
  const sorted = Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  )
  return (
    '// Generated by test/manifest/tools/gen-go-types.ts from Istio 1.30.3 operator/pkg/apis/types.go and\n' +
    '// k8s.io/api v0.35.3: the JSON fields of the Go structs istioctl decodes `components.*.k8s` and `metadata`\n// into. Do not edit.\n' +
    "import type {GoTypes} from './go-types.js'\n\n" +
    `export const GO_TYPES: GoTypes = ${JSON.stringify(sorted, null, 2)}\n`
  )
}
