/**
 * The default chart renderer: meshctl's Helm-compatible template engine (src/lib/template).
 * @module
 */
import {MeshctlError} from '../errors.js'
import type {ChartRenderer} from './helm.js'

/** Renders a chart directory with meshctl's template engine. */
export const defaultChartRenderer: ChartRenderer = () => {
  throw new MeshctlError(
    'chart rendering is not available: the template engine (src/lib/template) is not built yet',
  )
}
