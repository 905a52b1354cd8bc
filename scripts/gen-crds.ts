// Writes the CRDs meshctl installs, generated from src/lib/api, as one multi-document YAML file.
// Usage: npm run gen:crds -- PATH   (e.g. manifests/charts/base/files/crd-all.gen.yaml)
import {writeFileSync} from 'node:fs'
import {crdsYaml} from '../src/lib/api/index.js'

const out = process.argv[2]
if (!out) {
  console.error('usage: npm run gen:crds -- PATH')
  process.exit(64)
}
writeFileSync(out, crdsYaml())
console.error(`wrote the CRDs to ${out}`)
