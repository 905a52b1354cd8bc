// Regenerates src/lib/manifest/go-types.gen.ts (go-types-module.ts) from the Istio checkout and a Go module
// cache holding k8s.io/api and k8s.io/apimachinery v0.35.3:
//   npx tsx test/manifest/tools/gen-go-types.ts [GOMODCACHE] && npx prettier --write src/lib/manifest/go-types.gen.ts
import {writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {renderGoTypesModule} from './go-types-module.js'

const mod = process.argv[2] ?? path.join(homedir(), 'go', 'pkg', 'mod')
writeFileSync('src/lib/manifest/go-types.gen.ts', renderGoTypesModule(mod))
