/**
 * Strings yaml prints plain and unchanged: no indicator first, no space, quote, `#` or line break, no `:`
 * last (so no `: ` either), no flow indicator where a flow collection holds them, and nothing another tag
 * of yaml's schema claims (`42`, `true`, `null`, `0x1F`). Printing these directly saves a call into yaml
 * for each of kube-inject's per-pod strings (names, URLs).
 * @module
 */
import {Document, type ScalarTag} from 'yaml'

const BLOCK = /^[A-Za-z0-9_/$(][A-Za-z0-9_./$()=+@,:-]*$/
const FLOW = /^[A-Za-z0-9_/$(][A-Za-z0-9_./$()=+@:-]*$/
/** What the other tags of yaml's schema claim, in one pattern (one test instead of one per tag). */
const TYPED = new RegExp(
  new Document().schema.tags
    .filter(
      (t): t is ScalarTag => !!t.default && t.tag !== 'tag:yaml.org,2002:str' && !!(t as ScalarTag).test,
    )
    .map((t) => {
      if (t.test!.flags !== '') throw new Error(`yaml's ${t.tag} test has flags: cannot combine it`)
      return `(?:${t.test!.source})`
    })
    .join('|'),
)

/** Whether yaml prints `s` plain and as it is, in a block collection or (`inFlow`) a flow one. */
export function printsAsIs(s: string, inFlow = false): boolean {
  return (inFlow ? FLOW : BLOCK).test(s) && !s.endsWith(':') && !TYPED.test(s)
}
