// The Go programs tests compare against (sigs.k8s.io/yaml, Go text/template + Sprig + Helm's engine).
// scripts/prepare-oracles.ts builds them before mocha runs (`npm run prepare:oracles`, part of `npm test`);
// tests only look them up here and skip with the reason when one is absent: a first Go build downloads and
// compiles modules for minutes, which never fits inside a test's timeout.
import {createHash} from 'node:crypto'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

/** Each oracle's Go module directory, by name. */
export const GO_ORACLES = {
  goyaml: join(ROOT, 'test/manifest/goyaml-oracle'),
  gotmpl: join(ROOT, 'test/oracle/gotmpl'),
} as const

export type GoOracleName = keyof typeof GO_ORACLES

/** Where built oracles live, outside the repository. */
export const ORACLE_CACHE = process.env.MESHCTL_GO_ORACLES ?? join(homedir(), '.cache', 'meshctl-go-oracles')

/** Hash of the oracle's Go sources (go.mod, go.sum, *.go): a source change means a new binary. */
export function oracleTag(name: GoOracleName): string {
  const dir = GO_ORACLES[name]
  const hash = createHash('sha256')
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort()) {
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/** Path of the oracle's binary (present once prepared). */
export function oraclePath(name: GoOracleName): string {
  return join(ORACLE_CACHE, `${name}-${oracleTag(name)}`)
}

/** Path where a failed preparation records its one-line reason. */
export function oracleFailurePath(name: GoOracleName): string {
  return `${oraclePath(name)}.failed`
}

/** The prepared binary, or why there is none. Never builds. */
export function goOracle(
  name: GoOracleName,
): {bin: string; reason?: undefined} | {bin?: undefined; reason: string} {
  if (process.env.MESHCTL_NO_GO_ORACLE === '1') return {reason: 'MESHCTL_NO_GO_ORACLE=1'}
  const bin = oraclePath(name)
  if (existsSync(bin)) return {bin}
  const failed = oracleFailurePath(name)
  const why = existsSync(failed) ? readFileSync(failed, 'utf8').trim() : 'not prepared'
  return {reason: `Go oracle "${name}" unavailable: ${why} (build it with \`npm run prepare:oracles\`)`}
}

/** The prepared binary; otherwise prints the reason and skips the test (or hook). */
export function requireGoOracle(ctx: Mocha.Context, name: GoOracleName): string {
  const o = goOracle(name)
  if (o.bin) return o.bin
  console.log(`      SKIPPED: ${o.reason}`)
  return ctx.skip()
}
