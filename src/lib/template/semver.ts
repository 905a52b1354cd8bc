/** Semantic versions and constraints with Masterminds/semver v3 rules (Sprig's semver/semverCompare). */
import {FuncError} from './errors.js'
import {GoStruct} from './values.js'

// Masterminds' loose form (semver.NewVersion): leading zeros in the numbers are read, not refused.
const VERSION_RE =
  /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/
const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`
const CONSTRAINT_RE = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`)
const RANGE_RE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g')
const FIND_RE = new RegExp(String.raw`(${OPS})\s*(${CV})`, 'g')
const VALID_RE = new RegExp(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`)

/** A parsed semantic version (Masterminds' *semver.Version). */
export class SemVersion extends GoStruct {
  readonly goType = '*semver.Version'
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super()
  }
  override goString(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`
  }
  override goFields(): [string, unknown][] {
    return []
  }
  override goJson(): unknown {
    return this.goString()
  }
  Major(): bigint {
    return this.major
  }
  Minor(): bigint {
    return this.minor
  }
  Patch(): bigint {
    return this.patch
  }
  Prerelease(): string {
    return this.pre
  }
  Metadata(): string {
    return this.metadata
  }
  Original(): string {
    return this.original
  }
  String(): string {
    return this.goString()
  }
}

const MAX_UINT64 = 2n ** 64n - 1n

/** strconv.ParseUint(s, 10, 64) of a string of digits, with Masterminds' wrapping of its range error. */
function segment(s: string): bigint {
  const n = BigInt(s)
  if (n > MAX_UINT64)
    throw new FuncError(
      `error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`,
    )
  return n
}

/** semver.NewVersion */
export function semverParse(v: string): SemVersion {
  const m = VERSION_RE.exec(v)
  if (!m) throw new FuncError('invalid semantic version')
  const [major, minor, patch] = [m[1], m[2], m[3]].map((s) => (s === undefined ? 0n : segment(s)))
  // but a numeric prerelease part may not start with 0
  if ((m[4] ?? '').split('.').some((p) => /^0\d+$/.test(p)))
    throw new FuncError('version segment starts with 0')
  return new SemVersion(major, minor, patch, m[4] ?? '', m[5] ?? '', v)
}

function cmpNum(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0
  if (s === '') return o !== '' ? -1 : 1
  if (o === '') return 1
  // a part is numeric when strconv.ParseUint reads it: digits only, within uint64
  const sn = /^\d+$/.test(s) && BigInt(s) <= MAX_UINT64
  const on = /^\d+$/.test(o) && BigInt(o) <= MAX_UINT64
  if (!sn && !on) return s > o ? 1 : -1
  if (!on) return -1
  if (!sn) return 1
  return BigInt(s) > BigInt(o) ? 1 : -1
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.')
  const op = o.split('.')
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '')
    if (d !== 0) return d
  }
  return 0
}

function compare(v: SemVersion, o: SemVersion): number {
  const d = cmpNum(v.major, o.major) || cmpNum(v.minor, o.minor) || cmpNum(v.patch, o.patch)
  if (d !== 0) return d
  if (v.pre === '' && o.pre === '') return 0
  if (v.pre === '') return 1
  if (o.pre === '') return -1
  return comparePrerelease(v.pre, o.pre)
}

interface Constraint {
  op: string
  con: SemVersion
  minorDirty: boolean
  patchDirty: boolean
  dirty: boolean
}

const isX = (x: string): boolean => x === 'x' || x === '*' || x === 'X'

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c)
  if (!m) throw new FuncError(`improper constraint: ${c}`)
  const [, op, orig, major, minor = '', patch = '', pre = ''] = m
  let ver = orig
  let minorDirty = false
  let patchDirty = false
  let dirty = false
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`
    dirty = true
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = dirty = true
    ver = `${major}.0.0${pre}`
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    patchDirty = dirty = true
    ver = `${major}${minor}.0${pre}`
  }
  let con: SemVersion
  try {
    con = semverParse(ver)
  } catch {
    throw new FuncError('constraint parser error')
  }
  return {op, con, minorDirty, patchDirty, dirty}
}

function tilde(v: SemVersion, c: Constraint): boolean {
  if (compare(v, c.con) < 0) return false
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty)
    return true
  if (v.major !== c.con.major) return false
  return v.minor === c.con.minor || c.minorDirty
}

function check(v: SemVersion, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false
  const con = c.con
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : compare(v, con) === 0
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true
        if (con.minor !== v.minor && !c.minorDirty) return true
        if (c.minorDirty) return false
        if (con.patch !== v.patch && !c.patchDirty) return true
        if (c.patchDirty) return (v.pre !== '' || con.pre !== '') && comparePrerelease(v.pre, con.pre) !== 0
      }
      return compare(v, con) !== 0
    case '>':
      if (!c.dirty) return compare(v, con) === 1
      if (v.major !== con.major) return v.major > con.major
      if (c.minorDirty) return false
      if (c.patchDirty) return v.minor > con.minor
      return compare(v, con) === 1
    case '<':
      return compare(v, con) < 0
    case '>=':
    case '=>':
      return compare(v, con) >= 0
    case '<=':
    case '=<':
      if (!c.dirty) return compare(v, con) <= 0
      if (v.major > con.major) return false
      return !(v.major === con.major && v.minor > con.minor && !c.minorDirty)
    case '~':
    case '~>':
      return tilde(v, c)
    case '^':
      if (compare(v, con) < 0) return false
      if (con.major > 0n || c.minorDirty) return v.major === con.major
      if (con.major === 0n && v.major > 0n) return false
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor
      if (con.minor === 0n && v.minor > 0n) return false
      return con.patch === v.patch
  }
  return false
}

/** Sprig's semverCompare(constraint, version). */
export function semverCompare(constraint: string, version: string): boolean {
  const rewritten = constraint.replace(RANGE_RE, (...m: string[]) => `>= ${m[1]}, <= ${m[11]} `)
  const groups = rewritten.split('||').map((or) => {
    if (!VALID_RE.test(or)) throw new FuncError(`improper constraint: ${or}`)
    const parts = or.match(FIND_RE) ?? [or]
    const cs = parts.map(parseConstraint)
    return {cs, hasPre: cs.some((c) => c.con.pre !== '')}
  })
  const v = semverParse(version)
  return groups.some((g) => g.cs.every((c) => check(v, c, g.hasPre)))
}
