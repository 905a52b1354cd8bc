export {generateCrds, crdFor, objectSchema, structuralSchema} from './crds.js'
export {ISTIO_KINDS, kindInfo, isIstioGroup, parseApiVersion} from './kinds.js'
export type {KindInfo, PrinterColumn} from './kinds.js'
