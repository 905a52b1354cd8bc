#!/usr/bin/env node
// Benchmark: `manifest generate --set profile=demo`, meshctl (built CLI) against istioctl 1.30.3.
// Goal: meshctl ≤ 0.2× istioctl's wall time. Usage: node bench/manifest-generate.mjs [runs]
// (run `npm run build` first; istioctl is taken from MESHCTL_ISTIOCTL or the oracle build path).
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const runs = Number(process.argv[2] ?? 5)
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const istioctl = process.env.MESHCTL_ISTIOCTL ?? '/root/.cache/meshctl-istioctl/bin/istioctl'
const args = ['manifest', 'generate', '--set', 'profile=demo']

function median(cmd, argv) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    execFileSync(cmd, argv, {stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 28})
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const meshctl = median(process.execPath, [bin, ...args])
console.log(`meshctl  ${args.join(' ')}: ${meshctl.toFixed(0)} ms (median of ${runs})`)
if (!existsSync(istioctl)) {
  console.log(`istioctl not found at ${istioctl}; no comparison`)
} else {
  const ref = median(istioctl, args)
  console.log(`istioctl ${args.join(' ')}: ${ref.toFixed(0)} ms (median of ${runs})`)
  const ratio = meshctl / ref
  console.log(`ratio: ${ratio.toFixed(2)}× (goal ≤ 0.20×) ${ratio <= 0.2 ? 'OK' : 'NOT MET'}`)
}
