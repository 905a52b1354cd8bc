/**
 * Regenerates src/lib/api/mesh.gen.ts from istio.io/api's mesh config protos (Istio 1.30.3's version):
 *   npx tsx test/api/tools/gen-mesh-schema.ts [ISTIO_API_MODULE_DIR] && npx prettier --write src/lib/api/mesh.gen.ts
 */
import {writeFileSync} from 'node:fs'
import {renderMeshSchemaFromModule} from './mesh-schema-module.js'
import {istioApiModuleDir} from './istio-api.js'

const dir = process.argv[2] ?? istioApiModuleDir()
if (!dir) throw new Error('istio.io/api not found in the Go module cache: pass its directory')
writeFileSync('src/lib/api/mesh.gen.ts', renderMeshSchemaFromModule(dir))
