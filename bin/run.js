#!/usr/bin/env node
// Entry point. Command errors are printed and mapped by MeshCommand.catch(); what escapes a command
// (unknown command or topic, plugin failures) is mapped here, to the same one-line form and exit codes.
import module from 'node:module'
import {setTimeout} from 'node:timers'

// Node ≥ 22.1 can keep compiled code on disk between runs; Node 20 cannot (then this does nothing).
module.enableCompileCache?.()
const debug = process.argv.includes('--debug')
// dist/ is an esbuild bundle (scripts/build.ts): with --debug, stack traces point at src/*.ts instead
if (debug) process.setSourceMapsEnabled(true)
const {flush, handleFatal, run} = await import('../dist/run.js')

await run(process.argv.slice(2), import.meta.url)
  .then(() => flush())
  .catch((err) => {
    handleFatal(err, debug)
    // A failed command may leave requests in flight (a --timeout that fired, a server that hangs): they
    // must not keep the process alive. Unref'd, so a process with nothing pending exits at once.
    setTimeout(() => process.exit(), 250).unref()
  })
