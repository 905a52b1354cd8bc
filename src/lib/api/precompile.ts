// Build-time generation of the schema validators (scripts/build.ts bundles this module's output in place of
// precompiled.ts): compiling ~16 schemas with ajv costs a few hundred milliseconds per run, loading their
// generated code a few. Never imported by the CLI itself.
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import standalone from 'ajv/dist/standalone/index.js'
import {ISTIO_KINDS} from './kinds.js'
import {createAjv, validatorSchema} from './compile.js'

/**
 * The source of an ES module that stands in for precompiled.ts: its `kindValidator(k)` returns the kind's
 * validator generated here, the code compileKind would compile. Its imports are absolute paths (ajv's runtime
 * helpers and schema-keywords.ts), so the module can be written anywhere.
 */
export function precompiledModule(): string {
  const ajv = createAjv(true)
  const exports: Record<string, string> = {}
  ISTIO_KINDS.forEach((k, i) => {
    ajv.addSchema(validatorSchema(k), `k${i}`)
    exports[`v${i}`] = `k${i}`
  })
  const require = createRequire(import.meta.url)
  const imports = new Map<string, string>()
  // ajv's code requires its runtime helpers (equal, ucs2length...): imported instead, as CommonJS defaults
  const code = standalone.default(ajv, exports).replace(/require\(("[^"]+")\)/g, (_m, spec: string) => {
    const path = require.resolve(JSON.parse(spec) as string)
    let name = imports.get(path)
    if (!name) imports.set(path, (name = `runtime${imports.size}`))
    return name
  })
  // as src/ imports it (esbuild and tsx find the .ts), so that the module is that one, with its state
  const keywords = fileURLToPath(new URL('schema-keywords.js', import.meta.url))
  return [
    `import {FORMATS as formats, KEYWORDS as keywords} from ${JSON.stringify(keywords)}`,
    ...[...imports].map(([path, name]) => `import ${name} from ${JSON.stringify(path)}`),
    // ajv calls keyword functions with its instance as `this` (named self), which ours never read
    'const self = undefined',
    code.replace(/^"use strict";/, ''),
    `const validators = new Map([${ISTIO_KINDS.map((k, i) => `[${JSON.stringify(`${k.group}/${k.kind}`)}, v${i}]`).join(', ')}])`,
    'export const kindValidator = (k) => validators.get(`${k.group}/${k.kind}`)',
  ].join('\n')
}
