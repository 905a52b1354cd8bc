// oclif's command_not_found hook: an unknown command gets istioctl's "Did you mean this?" and exit 64.
import type {Hook} from '@oclif/core'
import {unknownCommandError} from '../lib/command/not-found.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  throw unknownCommandError(opts.id, opts.config.commands, opts.config.bin)
}

export default hook
