// `npm run build` (then `oclif manifest`): bundles the CLI with esbuild into ESM files in dist/, so a run
// reads and compiles a few files instead of hundreds (@oclif/core alone is ~150 CommonJS modules,
// @kubernetes/client-node ~800). Entry points:
//   dist/run.js             what bin/run.js imports: oclif's run/flush and the fatal-error handler
//   dist/commands/**/*.js   one per command, where oclif's manifest says each command is, so that a run
//                           loads only its own command's code
// Code they share, and what a command loads with a dynamic import(), goes to dist/chunks/.
// dist/xds-protos-*.json are the xDS protos' descriptors, parsed here (see the end).
// This only transpiles; type checking is `npm run typecheck`.
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {build, type Plugin} from 'esbuild'
import {precompiledModule} from '../src/lib/api/precompile.js'
import {descriptorPath, parseProtoSet, PROTO_SETS} from '../src/lib/xds/protos.js'

const ROOT = new URL('..', import.meta.url).pathname
const SRC = join(ROOT, 'src')

/** The entry bin/run.js imports, generated: the rest of src/ is commands and library code. */
const runEntry: Plugin = {
  name: 'meshctl-run-entry',
  setup(b) {
    b.onResolve({filter: /^meshctl:run$/}, (args) => ({path: args.path, namespace: 'meshctl'}))
    b.onLoad({filter: /.*/, namespace: 'meshctl'}, () => ({
      // oclif's subpath exports, not its index, which loads all of oclif (as commands do when they run)
      contents:
        "export {run} from '@oclif/core/run'\nexport {flush} from '@oclif/core/flush'\n" +
        "export {handleFatal} from './src/lib/command/fatal.js'\n",
      resolveDir: ROOT,
      loader: 'ts',
    }))
  },
}

/**
 * Some modules find data relative to themselves (`path.dirname(fileURLToPath(import.meta.url))` + '../../..'),
 * written for tsc's layout, where src/lib/x/y.ts runs as dist/lib/x/y.js. Bundled, that code runs from
 * another file under dist/, so import.meta.url and friends are rewritten to the URL of the tsc-layout file,
 * found from the last /dist/ of the running file's URL.
 */
const tscLayoutUrls: Plugin = {
  name: 'meshctl-import-meta',
  setup(b) {
    b.onLoad({filter: /\/src\/.*\.ts$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!/import\.meta\.(url|dirname|filename)/.test(source)) return undefined
      const asBuilt = JSON.stringify(relative(SRC, args.path).replace(/\.ts$/, '.js'))
      const url = `new URL(${asBuilt}, import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist/') + 6))`
      let contents = source.replaceAll('import.meta.url', `${url}.href`)
      if (/import\.meta\.(dirname|filename)/.test(source))
        contents =
          contents
            .replaceAll('import.meta.filename', `__meshctlPath(${url})`)
            .replaceAll('import.meta.dirname', `__meshctlDir(__meshctlPath(${url}))`) +
          "\nimport {fileURLToPath as __meshctlPath} from 'node:url'\nimport {dirname as __meshctlDir} from 'node:path'\n"
      return {contents, loader: 'ts'}
    })
  },
}

/** The Istio kinds' schema validators, generated now (ajv standalone code) instead of compiled by each run. */
const precompiledValidators: Plugin = {
  name: 'meshctl-precompiled-validators',
  setup(b) {
    b.onLoad({filter: /\/src\/lib\/api\/precompiled\.ts$/}, () => ({
      contents: precompiledModule(),
      resolveDir: join(SRC, 'lib/api'),
      loader: 'js',
    }))
  },
}

const commands = (readdirSync(join(SRC, 'commands'), {recursive: true}) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({in: join('src/commands', f), out: join('commands', f.replace(/\.ts$/, ''))}))

rmSync(join(ROOT, 'dist'), {recursive: true, force: true})
await build({
  absWorkingDir: ROOT,
  entryPoints: [
    {in: 'meshctl:run', out: 'run'},
    ...commands,
    // kube-inject's worker thread, where src/lib/inject/parallel.ts looks for it
    {in: 'src/lib/inject/worker.ts', out: 'lib/inject/worker'},
    {in: 'src/hooks/command-not-found.ts', out: 'hooks/command-not-found'},
  ],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // smaller files parse faster; identifiers are kept so that stack traces stay readable
  minifyWhitespace: true,
  minifySyntax: true,
  // bin/run.js turns source maps on for --debug, which maps stack traces back to src/*.ts
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies (oclif) call require(), which ESM output has to be given
  banner: {
    js: "import {createRequire as __meshctlRequire} from 'node:module'; const require = __meshctlRequire(import.meta.url);",
  },
  // oclif requires TypeScript only to run a CLI from .ts sources (bin/dev.js), in a try/catch
  external: ['typescript'],
  plugins: [runEntry, precompiledValidators, tscLayoutUrls],
  logLevel: 'warning',
})

// The xDS protos' descriptors (src/lib/xds/protos.ts), parsed from @grpc/grpc-js-xds's .proto files here once
// instead of by every run that talks xDS. Derived from the installed package, so written, never committed.
for (const set of PROTO_SETS)
  writeFileSync(descriptorPath(set, join(ROOT, 'dist')), JSON.stringify(await parseProtoSet(set)))
