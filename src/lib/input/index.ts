/**
 * Reading Kubernetes-style YAML/JSON input (files, directories, stdin) into objects that remember the line
 * of every field, for `validate` and `analyze`.
 *
 * ```ts
 * const {sources, objects, problems} = await loadInputs(['dir', '-'], {recursive: true})
 * for (const o of objects) console.log(o.source, o.lineOf(['spec', 'hosts', 0]))
 * for (const p of problems) console.error(formatProblem(p)) // "file.yaml:3: cannot parse YAML: …"
 * ```
 * @module
 */
export {formatLocation, formatProblem, parseDocuments} from './documents.js'
export type {FieldPath, InputMessage, InputObject, InputProblem, ParsedInput} from './documents.js'
export {INPUT_EXTENSIONS, loadInputs, readProcessStdin} from './files.js'
export type {LoadedInputs, LoadOptions} from './files.js'
export {readFailureMessage, readTextFile, readTextFileSync} from './read.js'
