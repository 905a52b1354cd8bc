#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources through tsx (no build needed).
import {flush, run, settings} from '@oclif/core'
import {handleFatal} from '../src/lib/command/fatal.ts'

process.env.NODE_ENV = 'development'
settings.debug = true
await run(process.argv.slice(2), {development: true, root: new URL('..', import.meta.url).pathname})
  .then(() => flush())
  .catch((err) => handleFatal(err, process.argv.includes('--debug')))
