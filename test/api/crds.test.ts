import {expect} from 'chai'
import {generateCrds} from '../../src/lib/api/index.js'
import {istioCrds, schemaDiff, type Crd} from './schema-diff.js'

describe('api: generated CRDs against Istio 1.30', () => {
  const theirs = istioCrds()
  const ours = generateCrds() as unknown as Crd[]
  const byName = new Map(ours.map((c) => [c.metadata.name, c]))

  it('has the same 15 CRDs', () => {
    expect(ours.map((c) => c.metadata.name).sort()).to.deep.equal(theirs.map((c) => c.metadata.name).sort())
    expect(ours).to.have.length(15)
  })

  it('has the same names, scope, versions, served/storage flags, columns and subresources', () => {
    const shape = (c: Crd) => ({
      group: c.spec.group,
      names: c.spec.names,
      scope: c.spec.scope,
      versions: [...c.spec.versions]
        .sort((a: any, b: any) => (a.name < b.name ? -1 : 1))
        .map((v: any) => ({
          name: v.name,
          served: v.served,
          storage: v.storage,
          columns: (v.additionalPrinterColumns ?? []).map((p: any) => [p.name, p.type, p.jsonPath]),
          subresources: v.subresources,
        })),
    })
    for (const c of theirs)
      expect(shape(byName.get(c.metadata.name)!), c.metadata.name).to.deep.equal(shape(c))
  })

  it("has schemas identical to Istio's in every path, type, enum, required field, constraint and CEL rule", () => {
    const diffs: string[] = []
    for (const c of theirs) {
      const mine = byName.get(c.metadata.name)!
      for (const v of c.spec.versions) {
        const myVersion = mine.spec.versions.find((x: any) => x.name === v.name)
        diffs.push(
          ...schemaDiff(
            v.schema.openAPIV3Schema,
            myVersion.schema.openAPIV3Schema,
            `${c.spec.names.kind}/${v.name}`,
          ),
        )
      }
    }
    expect(diffs).to.deep.equal([])
  })
})

describe('api: npm run gen:crds', () => {
  it('writes the generated CRDs as plain multi-document YAML (no anchors) to the given path', async () => {
    const {execFileSync} = await import('node:child_process')
    const {mkdtempSync, readFileSync, rmSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {join} = await import('node:path')
    const {parseAllDocuments} = await import('yaml')
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-crds-'))
    try {
      const out = join(dir, 'crd-all.gen.yaml')
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-crds.ts', out], {stdio: 'pipe'})
      const text = readFileSync(out, 'utf8')
      expect(text).to.not.match(/[&*]a\d+\b/)
      const docs = parseAllDocuments(text).map((d) => d.toJS())
      expect(docs).to.deep.equal(generateCrds())
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
