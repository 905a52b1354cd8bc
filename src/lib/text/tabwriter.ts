/**
 * Go's text/tabwriter (flags 0, left-aligned, space padding) as istioctl uses it: each tab-terminated cell
 * belongs to a column, a column's width is set per block of consecutive lines that have that column, and
 * the text after a line's last tab is written as is. Widths count code points, as Go counts runes.
 */
export class TabWriter {
  private buf = ''

  constructor(
    private readonly minwidth: number,
    private readonly padding: number,
  ) {}

  /** Appends text (cells separated by `\t`, lines by `\n`). */
  write(text: string): this {
    this.buf += text
    return this
  }

  /** Appends one line made of the given cells. */
  row(...cells: (string | number | boolean)[]): this {
    return this.write(cells.join('\t') + '\n')
  }

  /** The formatted text. */
  flush(): string {
    const text = this.buf
    this.buf = ''
    const endsWithNewline = text.endsWith('\n')
    const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'))
    if (text === '') return ''
    const out: string[] = new Array(lines.length)
    const widths: number[] = []
    const width = (s: string) => {
      let n = 0
      for (const _ of s) n++
      return n
    }
    const format = (line0: number, line1: number): void => {
      const column = widths.length
      for (let i = line0; i < line1; i++) {
        if (column >= lines[i]!.length - 1) {
          if (out[i] === undefined) out[i] = render(lines[i]!)
          continue
        }
        // a block of lines with a cell in this column starts here
        let w = this.minwidth
        let end = i
        for (; end < line1; end++) {
          const cells = lines[end]!
          if (column >= cells.length - 1) break
          w = Math.max(w, width(cells[column]!) + this.padding)
        }
        widths.push(w)
        format(i, end)
        widths.pop()
        i = end - 1
      }
    }
    const render = (cells: string[]): string => {
      let s = ''
      cells.forEach((c, j) => {
        s += c
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - width(c)))
      })
      return s
    }
    format(0, lines.length)
    return out.join('\n') + (endsWithNewline ? '\n' : '')
  }
}

/** Formats rows with a fresh TabWriter (every row is tab-joined and newline-terminated). */
export function tabulate(
  rows: readonly (readonly (string | number | boolean)[])[],
  padding: number,
  minwidth = 0,
): string {
  const w = new TabWriter(minwidth, padding)
  for (const r of rows) w.row(...r)
  return w.flush()
}
