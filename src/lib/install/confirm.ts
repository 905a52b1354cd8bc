/**
 * istioctl's confirmation prompt, and meshctl's refusal to wait for an answer that cannot come: without a
 * terminal and without `-y`, fail at once (exit 64) naming the flag.
 * @module
 */
import {createInterface} from 'node:readline'
import {usageError} from '../errors.js'
import {ISTIO_VERSION} from '../version/info.js'

export function installPrompt(profile: string): string {
  return `This will install the Istio ${ISTIO_VERSION} profile "${profile}" into the cluster. Proceed? (y/N)`
}

export interface ConfirmIO {
  input: NodeJS.ReadableStream & {isTTY?: boolean}
  output: NodeJS.WritableStream
}

/** Asks until the answer is y/yes or n/no (any case); end of input or anything unreadable is no. */
export async function confirm(
  prompt: string,
  yes: boolean,
  io: ConfirmIO = {input: process.stdin, output: process.stdout},
): Promise<boolean> {
  if (yes) return true
  if (!io.input.isTTY)
    throw usageError(
      'cannot ask for confirmation: stdin is not a terminal; pass -y (--skip-confirmation) to proceed',
    )
  const rl = createInterface({input: io.input, terminal: false})
  const lines = rl[Symbol.asyncIterator]()
  try {
    for (;;) {
      io.output.write(`${prompt} `)
      const next = await lines.next()
      if (next.done) return false
      const answer = String(next.value).trim().toUpperCase()
      if (answer === 'Y' || answer === 'YES') return true
      if (answer === 'N' || answer === 'NO' || answer === '') return false
    }
  } finally {
    rl.close()
  }
}
