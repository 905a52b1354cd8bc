// A kind's validator, compiled from its schema when first asked for. `npm run build` bundles, in place of this
// module, one with the same export that returns validators generated at build time (precompile.ts), so that
// the CLI neither compiles schemas nor loads ajv's compiler.
export {compileKind as kindValidator} from './compile.js'
