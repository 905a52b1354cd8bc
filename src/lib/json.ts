// Small checks on parsed JSON/YAML values, shared by the readers and validators.

/** Whether v is a JSON object (not null, not a list). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
