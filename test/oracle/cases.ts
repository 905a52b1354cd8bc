// The differential cases, as data. Adding a case is one entry here; a capability adds its cases when
// it lands (nothing here for commands meshctl does not have yet).
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import type {Case} from './harness.js'
import {ISTIO_SRC} from './istioctl.js'

/** Istio's own configurations, read at test time from the checkout of the oracle's tag when present. */
export const ISTIO_CORPUS = {
  /** Inputs of Istio's analyzer tests: many findings, one topic per file. */
  analyzers: join(ISTIO_SRC, 'pkg/config/analysis/analyzers/testdata'),
  /** Valid, documented configurations. */
  bookinfo: join(ISTIO_SRC, 'samples/bookinfo/networking'),
}

/** Our own corpus: cases Istio's files do not cover (broken inputs, edge cases). */
export const OWN_CORPUS = new URL('./corpus/', import.meta.url).pathname

/** YAML files directly in a folder, sorted; none when the folder is absent. */
export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
}

/** The installation profiles of istioctl 1.30.3 (manifests/profiles at the tag). */
export const PROFILES = [
  'ambient',
  'default',
  'demo',
  'empty',
  'minimal',
  'openshift',
  'openshift-ambient',
  'preview',
  'remote',
  'stable',
]

const short = (file: string) => file.split('/').slice(-2).join('/')

/** Configuration files both validate and analyze are run on. */
function corpusFiles(): string[] {
  return [...yamlFiles(ISTIO_CORPUS.analyzers), ...yamlFiles(ISTIO_CORPUS.bookinfo), ...yamlFiles(OWN_CORPUS)]
}

/** `meshctl version` prints the istioctl release it is compatible with, as istioctl prints its own. */
const versionCases: Case[] = [
  {
    name: 'version --remote=false -o json',
    args: ['version', '--remote=false', '-o', 'json'],
    compare: {kind: 'json', fields: ['clientVersion.version', 'clientVersion.tag']},
  },
]

/** `analyze` offline, file by file: same findings (level, code, resource) and the same exit code. */
function analyzeCases(): Case[] {
  const files = [
    ...yamlFiles(ISTIO_CORPUS.analyzers),
    ...yamlFiles(ISTIO_CORPUS.bookinfo),
    ...yamlFiles(OWN_CORPUS),
  ]
  return files.map((file) => ({
    name: `analyze ${short(file)}`,
    args: ['analyze', '--use-kube=false', '-A', '-o', 'json', file],
    compare: {kind: 'analyze'},
  }))
}

/** `validate -f` file by file: same verdict, same rejected resources. */
function validateCases(): Case[] {
  return corpusFiles().map((file) => ({
    name: `validate ${short(file)}`,
    args: ['validate', '-f', file],
    compare: {kind: 'validate'},
  }))
}

/** Every case, in run order. */
export function allCases(): Case[] {
  return [...versionCases, ...validateCases(), ...analyzeCases()]
}
