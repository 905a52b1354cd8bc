#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources through tsx (no build needed). The built CLI
// finds its commands in the dist/commands.js bundle; here oclif finds them by scanning src/commands.
import {readFileSync} from 'node:fs'
import {flush, run, settings} from '@oclif/core'
import {handleFatal} from '../src/lib/command/fatal.ts'

const root = new URL('..', import.meta.url).pathname
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = './src/commands'
process.env.NODE_ENV = 'development'
settings.debug = true
await run(process.argv.slice(2), {development: true, root, pjson, ignoreManifest: true})
  .then(() => flush())
  .catch((err) => handleFatal(err, process.argv.includes('--debug')))
