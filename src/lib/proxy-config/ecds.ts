import {TabWriter} from '../text/tabwriter.js'
import {type ConfigDump, type Msg, SECTION, get, goSortSlice, list, msg, str} from './dump.js'

/** The TypedExtensionConfigs of every ECDS section, sorted by type URL then name. */
export function sortedEcds(dump: ConfigDump): Msg[] {
  const all = dump.sections(SECTION.ecds).flatMap((s) => list(s, 'ecds_filters'))
  const configs = all.map((f) => msg(f, 'ecds_filter') ?? {})
  const typeOf = (c: Msg) => str(msg(c, 'typed_config'), '@type')
  return goSortSlice(configs, (a, b) =>
    typeOf(a) === typeOf(b) ? str(a, 'name') < str(b, 'name') : typeOf(a) < typeOf(b),
  )
}

/** `proxy-config ecds`: ECDS NAME, TYPE. */
export function ecdsSummary(dump: ConfigDump): string {
  const w = new TabWriter(0, 5).row('ECDS NAME', 'TYPE')
  for (const c of sortedEcds(dump))
    w.row(str(c, 'name'), str(get(c, 'typed_config'), '@type').replace(/^type\.googleapis\.com\//, ''))
  return w.flush()
}

/** The merged ECDS sections (envoy.admin.v3.EcdsConfigDump). */
export function ecdsDump(dump: ConfigDump): Msg {
  return {ecdsFilters: dump.sections(SECTION.ecds).flatMap((s) => list(s, 'ecds_filters'))}
}
