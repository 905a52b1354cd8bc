import {Chalk, type ChalkInstance} from 'chalk'

/** Inputs that decide whether meshctl decorates its output (colour, spinners). */
export interface DecorationInput {
  isTTY: boolean
  env: NodeJS.ProcessEnv
  noColorFlag?: boolean
  /** Machine-readable output (json, yaml, …) is never decorated. */
  machineOutput?: boolean
}

/** Colour and spinners only for a person at a terminal: never with NO_COLOR, --no-color, CI or -o json|yaml. */
export function shouldDecorate(input: DecorationInput): boolean {
  if (!input.isTTY || input.noColorFlag || input.machineOutput) return false
  const {NO_COLOR: noColor, CI: ci, TERM: term} = input.env
  if (noColor !== undefined && noColor !== '') return false
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false
  return term !== 'dumb'
}

/** The only place chalk is configured: a colourless instance unless decoration is on. */
export function makeTheme(decorate: boolean): ChalkInstance {
  return new Chalk({level: decorate ? 1 : 0})
}
