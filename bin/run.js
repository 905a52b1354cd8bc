#!/usr/bin/env node
// Entry point. Command errors are printed and mapped by MeshCommand.catch(); what escapes a command
// (unknown command or topic, plugin failures) is mapped here, to the same one-line form and exit codes.
import {flush, run} from '@oclif/core'
import {handleFatal} from '../dist/lib/command/fatal.js'

await run(process.argv.slice(2), import.meta.url)
  .then(() => flush())
  .catch((err) => handleFatal(err, process.argv.includes('--debug')))
