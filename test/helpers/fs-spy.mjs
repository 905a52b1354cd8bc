// Preloaded with `node --import` by tests: reports on stderr every fs access to a path containing
// MESHCTL_FS_SPY, so a test can prove that a command never touched the kubeconfig.
import fs from 'node:fs'
import {syncBuiltinESMExports} from 'node:module'

const needle = process.env.MESHCTL_FS_SPY
if (needle) {
  for (const name of [
    'existsSync',
    'readFileSync',
    'statSync',
    'openSync',
    'readFile',
    'stat',
    'accessSync',
  ]) {
    const original = fs[name]
    fs[name] = function (path, ...rest) {
      if (String(path).includes(needle)) process.stderr.write(`FS-SPY ${name} ${path}\n`)
      return original.call(this, path, ...rest)
    }
  }
  for (const name of ['readFile', 'stat']) {
    const original = fs.promises[name]
    fs.promises[name] = function (path, ...rest) {
      if (String(path).includes(needle)) process.stderr.write(`FS-SPY promises.${name} ${path}\n`)
      return original.call(this, path, ...rest)
    }
  }
  syncBuiltinESMExports()
}
