/** One column of a table: its header and how to read the cell from a row. */
export interface Column<T> {
  header: string
  get: (row: T) => string | number | boolean | undefined | null
}

/**
 * Formats rows as a plain, left-aligned table like Go's tabwriter (istioctl uses padding 3 or 5).
 * The last column is not padded, so lines carry no trailing spaces.
 */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], padding = 3): string {
  const cells = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => cellText(c.get(r))))]
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)))
  return (
    cells
      .map((line) =>
        line
          .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] + padding)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  )
}

function cellText(v: string | number | boolean | undefined | null): string {
  return v === undefined || v === null ? '' : String(v)
}
