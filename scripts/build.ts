// `npm run build` (then `oclif manifest`): bundles the CLI with esbuild into a few ESM files in dist/, so a
// run reads and compiles a handful of files instead of hundreds (@oclif/core alone is ~150 CommonJS
// modules, @kubernetes/client-node ~1,000). Two entry points, both generated here:
//   dist/run.js       what bin/run.js needs: oclif's run/flush and the fatal-error handler
//   dist/commands.js  every command class by id: oclif's "explicit" command discovery (package.json oclif.commands)
// Code they share, and what a command loads with a dynamic import(), goes to dist/chunk-*.js and friends.
// This only transpiles; type checking is `npm run typecheck`.
import {readdirSync, readFileSync, rmSync} from 'node:fs'
import {join, relative} from 'node:path'
import {build, type Plugin} from 'esbuild'

const ROOT = new URL('..', import.meta.url).pathname
const SRC = join(ROOT, 'src')

/** Command files under src/commands with their oclif ids (manifest/generate.ts → manifest:generate). */
function commandFiles(): Array<{id: string; file: string}> {
  return (readdirSync(join(SRC, 'commands'), {recursive: true}) as string[])
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({
      id: f
        .replace(/\.ts$/, '')
        .replace(/(^|\/)index$/, '')
        .split('/')
        .join(':'),
      file: f,
    }))
}

/** The entry modules, generated so that a new command file needs no edit anywhere. */
const entries: Plugin = {
  name: 'meshctl-entries',
  setup(b) {
    b.onResolve({filter: /^meshctl:/}, (args) => ({path: args.path, namespace: 'meshctl'}))
    b.onLoad({filter: /.*/, namespace: 'meshctl'}, (args) => {
      let contents =
        "export {flush, run} from '@oclif/core'\nexport {handleFatal} from './src/lib/command/fatal.js'\n"
      if (args.path === 'meshctl:commands') {
        const files = commandFiles()
        contents =
          files
            .map((c, i) => `import C${i} from './src/commands/${c.file.replace(/\.ts$/, '.js')}'\n`)
            .join('') +
          `export default {${files.map((c, i) => `${JSON.stringify(c.id)}: C${i}`).join(', ')}}\n`
      }
      return {contents, resolveDir: ROOT, loader: 'ts'}
    })
  },
}

/**
 * Some modules find data relative to themselves (`path.dirname(fileURLToPath(import.meta.url))` + '../../..'),
 * written for tsc's layout, where src/lib/x/y.ts runs as dist/lib/x/y.js. Bundled, that code runs from a
 * file directly in dist/, so import.meta.url and friends are rewritten to the URL of the tsc-layout file.
 */
const tscLayoutUrls: Plugin = {
  name: 'meshctl-import-meta',
  setup(b) {
    b.onLoad({filter: /\/src\/.*\.ts$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!/import\.meta\.(url|dirname|filename)/.test(source)) return undefined
      const url = `new URL(${JSON.stringify('./' + relative(SRC, args.path).replace(/\.ts$/, '.js'))}, import.meta.url)`
      const contents = source
        .replaceAll('import.meta.url', `${url}.href`)
        .replaceAll('import.meta.filename', `__meshctlPath(${url})`)
        .replaceAll('import.meta.dirname', `__meshctlDir(__meshctlPath(${url}))`)
      const helpers =
        "\nimport {fileURLToPath as __meshctlPath} from 'node:url'\nimport {dirname as __meshctlDir} from 'node:path'\n"
      return {
        contents: /import\.meta\.(dirname|filename)/.test(source) ? contents + helpers : contents,
        loader: 'ts',
      }
    })
  },
}

rmSync(join(ROOT, 'dist'), {recursive: true, force: true})
await build({
  absWorkingDir: ROOT,
  entryPoints: [
    {in: 'meshctl:run', out: 'run'},
    {in: 'meshctl:commands', out: 'commands'},
  ],
  outdir: 'dist',
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
  plugins: [entries, tscLayoutUrls],
  logLevel: 'warning',
})
