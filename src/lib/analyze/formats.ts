/** `analyze -o` values, kept free of heavy imports: the command's flag definitions load this at startup. */

/** The output formats of `analyze -o`: istioctl's three, then ours for CI. */
export const ANALYZE_FORMATS = ['log', 'json', 'yaml', 'sarif', 'junit', 'github'] as const
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number]
