/**
 * `npm run sim -- --kubeconfig FILE [--port N] [--tls] [--seed FILE.yaml …] [--forward NS/SELECTOR:PODPORT=HOST:PORT …]`
 * Starts the simulator, writes the kubeconfig, seeds objects, maps pod ports, prints `kube-sim ready <url>`
 * and serves until SIGTERM/SIGINT.
 */
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {startKubeSim} from './index.js'

export interface Forward {
  namespace: string
  selector: string
  podPort: number
  host: string
  port: number
}

/** Parses `NAMESPACE/SELECTOR:PODPORT=HOST:PORT`; the selector may contain '=', so split at the last '='. */
export function parseForward(arg: string): Forward {
  const eq = arg.lastIndexOf('=')
  const left = arg.slice(0, eq)
  const right = arg.slice(eq + 1)
  const slash = left.indexOf('/')
  const colon = left.lastIndexOf(':')
  const hostColon = right.lastIndexOf(':')
  const podPort = Number(left.slice(colon + 1))
  const port = Number(right.slice(hostColon + 1))
  if (
    eq < 0 ||
    slash < 1 ||
    colon < slash ||
    hostColon < 1 ||
    !Number.isInteger(podPort) ||
    !Number.isInteger(port) ||
    podPort <= 0 ||
    port <= 0
  ) {
    throw new Error(
      `--forward ${arg}: expected NAMESPACE/SELECTOR:PODPORT=HOST:PORT (e.g. istio-system/app=kiali:20001=127.0.0.1:8080)`,
    )
  }
  return {
    namespace: left.slice(0, slash),
    selector: left.slice(slash + 1, colon),
    podPort,
    host: right.slice(0, hostColon),
    port,
  }
}

async function main(argv: string[]): Promise<number> {
  let values
  try {
    ;({values} = parseArgs({
      args: argv,
      options: {
        kubeconfig: {type: 'string'},
        port: {type: 'string'},
        tls: {type: 'boolean', default: false},
        seed: {type: 'string', multiple: true, default: []},
        forward: {type: 'string', multiple: true, default: []},
      },
      strict: true,
    }))
  } catch (e) {
    process.stderr.write(`kube-sim: ${(e as Error).message}\n`)
    return 64
  }
  if (!values.kubeconfig) {
    process.stderr.write('kube-sim: --kubeconfig FILE is required\n')
    return 64
  }
  let forwards: Forward[]
  try {
    forwards = values.forward.map(parseForward)
  } catch (e) {
    process.stderr.write(`kube-sim: ${(e as Error).message}\n`)
    return 64
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`kube-sim: --port ${values.port}: expected a port number\n`)
    return 64
  }
  const sim = await startKubeSim({tls: values.tls, port, kubeconfigPath: resolve(values.kubeconfig)})
  try {
    for (const file of values.seed) await sim.seed(readFileSync(file, 'utf8'))
  } catch (e) {
    process.stderr.write(`kube-sim: --seed: ${(e as Error).message}\n`)
    await sim.stop()
    return 65
  }
  for (const f of forwards)
    sim.portForward(
      {namespace: f.namespace, selector: f.selector, port: f.podPort},
      {host: f.host, port: f.port},
    )
  process.stdout.write(`kube-sim ready ${sim.url}\n`)
  return new Promise((done) => {
    const shutdown = () => void sim.stop().then(() => done(0))
    process.once('SIGTERM', shutdown)
    process.once('SIGINT', shutdown)
  })
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`kube-sim: ${(e as Error).message}\n`)
      process.exit(1)
    },
  )
}
