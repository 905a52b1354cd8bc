// Reading inputs: read-failure wordings, blank inputs, what a directory yields, and which documents are
// Kubernetes objects.
import {expect} from 'chai'
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {MeshctlError} from '../../src/lib/errors.js'
import type {ParsedInput} from '../../src/lib/input/documents.js'
import {isBlankYaml, loadInputs, readProcessStdin} from '../../src/lib/input/files.js'
import {admitObject, isList} from '../../src/lib/input/kube.js'
import {
  readFailureMessage,
  readFailureReason,
  readTextFile,
  readTextFileSync,
} from '../../src/lib/input/read.js'

const errno = (code: string, message = `${code}: x`) => Object.assign(new Error(message), {code})

describe('input: read failures', () => {
  it('says why a file could not be read in words, never a bare errno code', () => {
    expect(readFailureReason(errno('ENOENT'))).to.equal('no such file or directory')
    expect(readFailureReason(errno('EACCES'))).to.equal('permission denied')
    expect(readFailureReason(errno('EPERM'))).to.equal('permission denied')
    expect(readFailureReason(errno('EISDIR'))).to.equal('is a directory')
    expect(readFailureReason(errno('ENOTDIR'))).to.equal('a parent of it is not a directory')
    // anything else: the first line of its message, or the thrown value itself
    expect(readFailureReason(errno('EIO', 'i/o error\n  at somewhere'))).to.equal('i/o error')
    expect(readFailureReason('gone')).to.equal('gone')
    expect(readFailureReason(undefined)).to.equal('undefined')
  })

  it('names the path, and the flag when one named it', () => {
    expect(readFailureMessage('a.yaml', errno('ENOENT'))).to.equal(
      'a.yaml: cannot read file: no such file or directory',
    )
    expect(readFailureMessage('a.yaml', errno('EISDIR'), '--file')).to.equal(
      'a.yaml: cannot read file: is a directory (--file)',
    )
  })

  it('readTextFile and readTextFileSync return the text, or throw a bad-input error (exit 65)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshctl-read-'))
    try {
      await writeFile(join(dir, 'a.yaml'), 'a: 1\n')
      expect(await readTextFile(join(dir, 'a.yaml'))).to.equal('a: 1\n')
      expect(readTextFileSync(join(dir, 'a.yaml'))).to.equal('a: 1\n')
      const missing = join(dir, 'missing.yaml')
      const want = `${missing}: cannot read file: no such file or directory (-f)`
      const async = await readTextFile(missing, '-f').then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(async).to.be.instanceOf(MeshctlError).and.include({message: want, exitCode: 65})
      expect(() => readTextFileSync(missing, '-f'))
        .to.throw(MeshctlError, want)
        .with.property('exitCode', 65)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})

describe('input: blank inputs and directories', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshctl-files-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  it('knows a text with only blank lines, comments and document markers holds no document', () => {
    for (const blank of ['', '\n\n', '# c\n  # d', '---\n...\n', '--- # first\n\t\n', '...  # end'])
      expect(isBlankYaml(blank), JSON.stringify(blank)).to.equal(true)
    for (const text of ['a: 1', '# c\nkind: X', '---x', ' --- a', 'a: ---', 'b: ...', '- 1', '{}'])
      expect(isBlankYaml(text), JSON.stringify(text)).to.equal(false)
  })

  it('reports a blank file, and a blank stdin, as holding no document', async () => {
    await writeFile(join(dir, 'blank.yaml'), '# nothing here\n---\n')
    const r = await loadInputs([join(dir, 'blank.yaml'), '-'], {readStdin: async () => '\n'})
    expect(r.objects).to.deep.equal([])
    expect(r.sources).to.deep.equal([join(dir, 'blank.yaml'), '-'])
    expect(r.problems).to.deep.equal([
      {source: join(dir, 'blank.yaml'), message: 'no YAML or JSON documents found'},
      {source: '-', message: 'no YAML or JSON documents on stdin'},
    ])
  })

  it('reports a directory without YAML or JSON files, saying whether it looked below', async () => {
    await writeFile(join(dir, 'readme.txt'), 'a: 1\n')
    await mkdir(join(dir, 'sub'))
    const flat = await loadInputs([dir])
    expect(flat.skipped).to.deep.equal([join(dir, 'readme.txt')])
    expect(flat.problems).to.deep.equal([
      {source: dir, message: 'no YAML or JSON files (.json, .yaml, .yml) in this directory'},
    ])
    const deep = await loadInputs([dir], {recursive: true})
    expect(deep.problems.map((p) => p.message)).to.deep.equal([
      'no YAML or JSON files (.json, .yaml, .yml) in this directory or below',
    ])
  })

  it('reports a directory whose files are all blank as holding no document, naming the directory', async () => {
    await writeFile(join(dir, 'a.yaml'), '\n')
    await writeFile(join(dir, 'b.yml'), '# only a comment\n')
    const r = await loadInputs([dir])
    expect(r.problems).to.deep.equal([{source: dir, message: 'no YAML or JSON documents found'}])
  })

  it('reads upper-case extensions, a file given twice once, and reports an unreadable entry', async () => {
    await writeFile(join(dir, 'A.YAML'), 'apiVersion: v1\nkind: Service\n')
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling.yaml'))
    const r = await loadInputs([dir, join(dir, 'A.YAML')])
    expect(r.sources).to.deep.equal([join(dir, 'A.YAML'), join(dir, 'dangling.yaml')])
    expect(r.objects.map((o) => o.object.kind)).to.deep.equal(['Service'])
    expect(r.problems).to.deep.equal([
      {source: join(dir, 'dangling.yaml'), message: 'cannot read file: no such file or directory'},
    ])
  })
})

describe('input: directory walks', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshctl-walk-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  it('reads entries in name order (letters before case), whatever order the file system lists them in', async () => {
    // file systems list by creation order, hash or bytes ('B' before 'a'); the walk sorts as people read
    for (const n of ['j', 'C', 'h', 'a', 'F', 'b', 'i', 'E', 'g', 'd'])
      await writeFile(join(dir, `${n}.yaml`), `apiVersion: v1\nkind: K${n}\n`)
    const r = await loadInputs([dir])
    expect(r.objects.map((o) => o.object.kind)).to.deep.equal(
      ['a', 'b', 'C', 'd', 'E', 'F', 'g', 'h', 'i', 'j'].map((n) => `K${n}`),
    )
  })

  it('walks every level below when recursive', async () => {
    await mkdir(join(dir, 'a', 'b'), {recursive: true})
    await writeFile(join(dir, 'a', 'b', 'deep.yaml'), 'apiVersion: v1\nkind: Deep\n')
    expect((await loadInputs([dir], {recursive: true})).sources).to.deep.equal([
      join(dir, 'a', 'b', 'deep.yaml'),
    ])
  })

  it('counts an unreadable entry as met: no extra "no documents" problem for its directory', async () => {
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling.yaml'))
    expect((await loadInputs([dir])).problems).to.deep.equal([
      {source: join(dir, 'dangling.yaml'), message: 'cannot read file: no such file or directory'},
    ])
  })

  it('lists a missing path given twice once among the sources', async () => {
    const missing = join(dir, 'missing.yaml')
    expect((await loadInputs([missing, missing])).sources).to.deep.equal([missing])
  })

  it('reads a whole stream as UTF-8, however it is chunked', async () => {
    const text = 'kind: Straße\n'
    const bytes = Buffer.from(text)
    expect(await readProcessStdin(Readable.from([bytes.subarray(0, 11), bytes.subarray(11)]))).to.equal(text)
    expect(await readProcessStdin(Readable.from([]))).to.equal('')
  })
})

describe('input: Kubernetes objects', () => {
  it('knows a List by its kind ending in List and an items array', () => {
    expect(isList({kind: 'List', items: []})).to.equal(true)
    expect(isList({kind: 'ServiceList', items: [{}]})).to.equal(true)
    expect(isList({kind: 'List'})).to.equal(false)
    expect(isList({kind: 'List', items: {}})).to.equal(false)
    expect(isList({kind: 'Listing', items: []})).to.equal(false)
    expect(isList({items: []})).to.equal(false)
  })

  it('admits objects with apiVersion and kind, and warns at the line of the others', () => {
    const input = (object: Record<string, unknown>) => ({
      object,
      source: 'f.yaml',
      line: 3,
      docIndex: 0,
      lineOf: () => 3,
    })
    const into: ParsedInput = {objects: [], problems: []}
    const ok = input({apiVersion: 'v1', kind: 'Service'})
    admitObject(ok, into)
    admitObject(input({kind: 'Service'}), into)
    admitObject(input({apiVersion: 'v1', kind: ''}), into)
    admitObject(input({apiVersion: 1, kind: 2}), into)
    expect(into.objects).to.deep.equal([ok])
    const warning = (what: string) => ({
      source: 'f.yaml',
      line: 3,
      level: 'warning',
      message: `object has no ${what}: not a Kubernetes object, not validated`,
    })
    expect(into.problems).to.deep.equal([
      warning('apiVersion'),
      warning('kind'),
      warning('apiVersion or kind'),
    ])
  })
})
