import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'

const SRC = new URL('../../../../src/', import.meta.url).pathname

describe('client-node is imported by name through src/lib/kube/client-node.ts', () => {
  it('no other module imports values from @kubernetes/client-node (the bundle would take all 5 MB of it)', () => {
    const offenders: string[] = []
    for (const f of readdirSync(SRC, {recursive: true}) as string[]) {
      if (!f.endsWith('.ts') || f === join('lib', 'kube', 'client-node.ts')) continue
      const text = readFileSync(join(SRC, f), 'utf8')
      // value imports and re-exports (import type is erased) and dynamic imports of the package
      const statements = text.match(
        /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^;'"]*?from\s+'@kubernetes\/client-node'|import\(\s*'@kubernetes\/client-node'\s*\)/g,
      )
      for (const st of statements ?? []) offenders.push(`${f}: ${st.trim().replace(/\s+/g, ' ')}`)
    }
    expect(offenders).to.deep.equal([])
  })
})
