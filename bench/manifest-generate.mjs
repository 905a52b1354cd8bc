#!/usr/bin/env node
// Benchmark: `manifest generate --set profile=demo`, meshctl (built CLI) against istioctl 1.30.3.
// Goal: meshctl ≤ 0.2× istioctl. Usage: node bench/manifest-generate.mjs [runs]
// (run `npm run build` first; istioctl is taken from MESHCTL_ISTIOCTL or the oracle build path).
// Reports wall time and, when /usr/bin/time exists, CPU time (user+sys), which is steadier on a busy machine.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const runs = Number(process.argv[2] ?? 5)
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const istioctl = process.env.MESHCTL_ISTIOCTL ?? '/root/.cache/meshctl-istioctl/bin/istioctl'
const args = ['manifest', 'generate', '--set', 'profile=demo']
const TIME = '/usr/bin/time'
const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshctl-bench-'))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function measure(cmd, argv) {
  const wall = []
  const cpu = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    if (existsSync(TIME)) {
      const f = path.join(tmp, 'time')
      execFileSync(TIME, ['-o', f, '-f', '%U %S', cmd, ...argv], {stdio: ['ignore', 'ignore', 'ignore']})
      const [u, s] = readFileSync(f, 'utf8').trim().split(/\s+/).map(Number)
      cpu.push((u + s) * 1000)
    } else execFileSync(cmd, argv, {stdio: ['ignore', 'ignore', 'ignore']})
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return {wall: median(wall), cpu: cpu.length ? median(cpu) : undefined}
}

const fmt = (m) =>
  `${m.wall.toFixed(0)} ms wall` + (m.cpu === undefined ? '' : `, ${m.cpu.toFixed(0)} ms CPU`)
const mesh = measure(process.execPath, [bin, ...args])
console.log(`meshctl  ${args.join(' ')}: ${fmt(mesh)} (median of ${runs})`)
if (!existsSync(istioctl)) {
  console.log(`istioctl not found at ${istioctl}; no comparison`)
} else {
  const ref = measure(istioctl, args)
  console.log(`istioctl ${args.join(' ')}: ${fmt(ref)} (median of ${runs})`)
  const ratio = (a, b) => (a / b).toFixed(2) + '×'
  console.log(
    `ratio: wall ${ratio(mesh.wall, ref.wall)}` +
      (mesh.cpu ? `, CPU ${ratio(mesh.cpu, ref.cpu)}` : '') +
      ' (goal ≤ 0.20×)',
  )
}
