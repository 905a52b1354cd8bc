// Stands in for the validators that `npm run build` generates (precompile.ts) and bundles in its place:
// from src (tests, tsx), there are none and validate.ts compiles each kind's schema when first needed.
import type {ValidateFunction} from 'ajv'

/** Each Istio kind's ajv validator by `group/kind`, or undefined when not built. */
export const PRECOMPILED: Readonly<Record<string, ValidateFunction>> | undefined = undefined
