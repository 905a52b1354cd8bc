/** Process exit codes, the same as istioctl's (istioctl/cmd/sysexits.go) where it has one. */
export const ExitCode = {
  /** Success. */
  OK: 0,
  /** Any other failure. */
  FAILURE: 1,
  /** Usage: unknown command or flag, bad flag value (EX_USAGE). */
  USAGE: 64,
  /** Bad input: unreadable or invalid files (EX_DATAERR). */
  BAD_INPUT: 65,
  /** `analyze` found issues at or over the failure threshold. */
  ANALYSIS_FINDINGS: 79,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]
