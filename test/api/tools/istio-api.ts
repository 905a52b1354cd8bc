import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {ISTIO_SRC} from '../../helpers/istio.js'

/**
 * The istio.io/api module directory Istio 1.30.3 builds with (its go.mod version, in $GOMODCACHE or
 * ~/go/pkg/mod), or undefined when absent.
 */
export function istioApiModuleDir(): string | undefined {
  const goMod = path.join(ISTIO_SRC, 'go.mod')
  if (!existsSync(goMod)) return undefined
  const version = /^\s*istio\.io\/api (\S+)/m.exec(readFileSync(goMod, 'utf8'))?.[1]
  const cache = process.env.GOMODCACHE || path.join(homedir(), 'go', 'pkg', 'mod')
  const dir = version && path.join(cache, `istio.io/api@${version}`)
  return dir && existsSync(dir) ? dir : undefined
}
