/**
 * Builds the Go test oracles (test/helpers/go-oracles.ts) before mocha runs, so no test ever waits on a
 * Go build. Idempotent: a binary already built from the same sources is reused. A first build downloads
 * modules through the Go proxy and compiles them (minutes on 2 cores), so the whole run has its own limit:
 * MESHCTL_ORACLE_BUILD_TIMEOUT seconds (default 600). When a build cannot finish (no Go, proxy refused,
 * limit hit) the reason is recorded next to the binary and the dependent tests skip, printing it; this
 * script still exits 0 so the rest of the suite runs. Progress goes to stderr.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {
  GO_ORACLES,
  type GoOracleName,
  ORACLE_CACHE,
  oracleFailurePath,
  oraclePath,
} from '../test/helpers/go-oracles.js'

const LIMIT_S = Number(process.env.MESHCTL_ORACLE_BUILD_TIMEOUT ?? 600)
const deadline = Date.now() + LIMIT_S * 1000
const log = (msg: string): void => void process.stderr.write(`prepare-oracles: ${msg}\n`)

function goVersion(): string | undefined {
  const r = spawnSync('go', ['version'], {encoding: 'utf8'})
  return r.status === 0 ? r.stdout.trim() : undefined
}

/** Runs `go build` with a deadline, reporting downloads and compiled packages every 15 s. */
function build(name: GoOracleName, out: string): Promise<string | undefined> {
  return new Promise((done) => {
    const started = Date.now()
    // Cheaper builds for a tool only tests run (a cold build is ~500 packages, half of them k8s.io/api that
    // Helm's chartutil pulls in): no optimisation or inlining (-N -l: about 30 % less compile time,
    // same behaviour), no symbol table or DWARF to link, no VCS stamp, no local paths in the binary.
    const flags = ['-gcflags=all=-N -l', '-ldflags=-s -w', '-buildvcs=false', '-trimpath']
    const child = spawn('go', ['build', '-v', ...flags, '-o', out, '.'], {
      cwd: GO_ORACLES[name],
      // a new process group, so the deadline can stop the compilers go starts as well
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // -mod=mod: go.sum pins every module; GOTOOLCHAIN=local: never fetch another Go
      env: {...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local'},
    })
    let timedOut = false
    let downloads = 0
    let packages = 0
    const tail: string[] = []
    let rest = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('go: downloading ')) downloads++
        else if (line && !line.startsWith('#')) packages++
        tail.push(line)
        if (tail.length > 15) tail.shift()
      }
    })
    const progress = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000)
      log(`${name}: ${s} s, ${downloads} modules downloaded, ${packages} packages compiled`)
    }, 15_000)
    const timer = setTimeout(
      () => {
        timedOut = true
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {
          // already gone
        }
      },
      Math.max(0, deadline - Date.now()),
    )
    const finish = (reason: string | undefined): void => {
      clearInterval(progress)
      clearTimeout(timer)
      done(reason)
    }
    child.on('error', (err) => finish(`cannot run go: ${err.message}`))
    child.on('close', (code) => {
      if (timedOut)
        return finish(`the build did not finish within the ${LIMIT_S} s limit (MESHCTL_ORACLE_BUILD_TIMEOUT)`)
      if (code === 0) return finish(undefined)
      const last = tail.filter((l) => l.trim()).slice(-1)[0] ?? `exit code ${code}`
      if (tail.length) log(`${name}: go build output (last lines):\n  ${tail.join('\n  ')}`)
      finish(`go build failed: ${last.trim()}`)
    })
  })
}

async function main(): Promise<void> {
  mkdirSync(ORACLE_CACHE, {recursive: true})
  const go = goVersion()
  for (const name of Object.keys(GO_ORACLES) as GoOracleName[]) {
    const bin = oraclePath(name)
    const failed = oracleFailurePath(name)
    if (existsSync(bin)) {
      log(`${name}: ready (${bin})`)
      continue
    }
    let reason: string | undefined
    if (process.env.MESHCTL_NO_GO_ORACLE === '1') reason = 'MESHCTL_NO_GO_ORACLE=1'
    else if (!go) reason = 'Go is not installed (no `go` on PATH)'
    else if (Date.now() >= deadline)
      reason = `no time left of the ${LIMIT_S} s limit (MESHCTL_ORACLE_BUILD_TIMEOUT)`
    else {
      log(
        `${name}: building with ${go} (first build downloads and compiles modules; limit ${LIMIT_S} s in all)`,
      )
      const started = Date.now()
      // build beside the target and rename, so an interrupted build never leaves a half-written binary
      const tmp = `${bin}.tmp-${process.pid}`
      reason = await build(name, tmp)
      if (reason) rmSync(tmp, {force: true})
      else {
        renameSync(tmp, bin)
        rmSync(failed, {force: true})
        log(`${name}: built in ${Math.round((Date.now() - started) / 1000)} s (${bin})`)
        continue
      }
    }
    writeFileSync(failed, reason + '\n')
    log(`${name}: NOT available, dependent tests will skip: ${reason}`)
  }
}

await main()
