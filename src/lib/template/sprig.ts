/** Sprig v3.3.0 functions (placeholder). */
import type {FuncMap} from './exec.js'

/** Sprig's TxtFuncMap as used by Helm and istiod. */
export function sprigFuncs(): FuncMap {
  return {}
}
