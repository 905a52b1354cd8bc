// Every YAML file of Istio's shared test data and of our fixtures: the real-world corpus the YAML readers
// and printers are compared with yaml on.
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {ISTIO_FIXTURES} from './istio.js'

function yamlFiles(dir: string, out: string[]): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) yamlFiles(p, out)
    else if (/\.ya?ml$/.test(f)) out.push(p)
  }
  return out
}

/** The paths of the corpus's YAML files. */
export function yamlCorpus(): string[] {
  return [ISTIO_FIXTURES, join(import.meta.dirname, '../fixtures')].flatMap((d) => yamlFiles(d, []))
}
