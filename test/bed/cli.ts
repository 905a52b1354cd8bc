/**
 * `npm run cluster -- [--kubeconfig FILE] [--nodes N]`: starts the testbed (see bed.ts), writes the
 * kubeconfig, prints `testbed ready <url>` and serves until SIGINT/SIGTERM, then stops every process it
 * started and removes its temp folder. Progress goes to stderr.
 */
import {resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {BedUnavailable, startBed} from './bed.js'

async function main(argv: string[]): Promise<number> {
  let values
  try {
    ;({values} = parseArgs({
      args: argv,
      options: {kubeconfig: {type: 'string'}, nodes: {type: 'string', default: '1'}},
      strict: true,
    }))
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`)
    return 64
  }
  const nodes = Number(values.nodes)
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 100) {
    process.stderr.write(`error: --nodes ${values.nodes}: expected a whole number from 1 to 100\n`)
    return 64
  }
  // Signals during startup stop what has started; startBed's own cleanup runs on the rejection.
  let interrupted = false
  const onSignal = () => {
    interrupted = true
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let bed
  try {
    bed = await startBed({
      nodes,
      kubeconfigPath: values.kubeconfig ? resolve(values.kubeconfig) : undefined,
      log: (line) => process.stderr.write(`testbed: ${line}\n`),
    })
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`)
    return e instanceof BedUnavailable ? 69 : 1
  }
  if (interrupted) {
    await bed.stop()
    return 130
  }
  process.stderr.write(`testbed: kubeconfig ${bed.kubeconfigPath}; started in ${bed.startMs} ms\n`)
  process.stdout.write(`testbed ready ${bed.url}\n`)
  return new Promise((done) => {
    const shutdown = () => {
      process.stderr.write('testbed: stopping\n')
      void bed.stop().then(() => done(0))
    }
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
  })
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`)
    process.exit(1)
  },
)
