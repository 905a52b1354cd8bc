/**
 * Regenerates src/lib/manifest/values-schema.gen.ts from Istio's values_types.proto (field names and types only):
 *   npx tsx test/manifest/tools/gen-values-schema.ts [path/to/values_types.proto]
 *     && npx prettier --write src/lib/manifest/values-schema.gen.ts
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {renderValuesSchemaModule} from './values-schema-module.js'
import {ISTIO_SRC} from '../../helpers/istio.js'

const proto = process.argv[2] ?? `${ISTIO_SRC}/operator/pkg/apis/values_types.proto`
writeFileSync('src/lib/manifest/values-schema.gen.ts', renderValuesSchemaModule(readFileSync(proto, 'utf8')))
