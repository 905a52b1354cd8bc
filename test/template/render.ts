import {MeshctlError} from '../../src/lib/errors.js'
import {TemplateError} from '../../src/lib/template/errors.js'
import {loadChartFiles, renderChart} from '../../src/lib/template/helm.js'
import {sprigFuncs} from '../../src/lib/template/sprig.js'
import {TemplateSet} from '../../src/lib/template/template.js'
import {goData} from './expectations.js'
import type {ChartCase, OracleResult, TmplCase} from './oracle.js'

/** Renders a plain-template case with our engine, in the oracle's result shape. */
export function renderTmplCase(c: TmplCase): OracleResult {
  try {
    const set = new TemplateSet({funcs: c.nosprig ? {} : sprigFuncs(), missingKey: c.missingkey ?? 'default'})
    for (const [name, text] of c.templates) set.parse(name, text)
    return {out: set.execute(c.entry ?? c.templates[0][0], goData(c.data))}
  } catch (e) {
    if (e instanceof TemplateError) return {out: null, err: e.message}
    throw e
  }
}

/** Renders an in-memory chart case with our engine, in the oracle's result shape. */
export function renderChartCase(c: ChartCase): OracleResult {
  try {
    const chart = loadChartFiles((c.files ?? []).map(([name, data]) => ({name, data: Buffer.from(data)})))
    const out = renderChart(chart, (goData(c.values) ?? {}) as Record<string, unknown>, {
      releaseName: c.releaseName,
      namespace: c.namespace,
      revision: c.revision ?? 0,
      isUpgrade: c.isUpgrade,
      kubeVersion: c.kubeVersion,
      apiVersions: c.apiVersions,
    })
    return {out: Object.fromEntries(out)}
  } catch (e) {
    if (e instanceof TemplateError || e instanceof MeshctlError) return {out: null, err: e.message}
    throw e
  }
}
