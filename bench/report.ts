/** One row of the printed table: a figure, its target (if any) and whether it meets it. */
export interface Row {
  metric: string;
  value: number | null | undefined;
  unit: string;
  /** e.g. ">= 0.25", "<= 550", "< 10"; absent for figures without a target. */
  target?: string;
  digits?: number;
}

export function meets(value: number | null | undefined, target: string | undefined): 'pass' | 'MISS' | 'n/a' | '' {
  if (target === undefined) return '';
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const match = /^(<=|>=|<|>)\s*(-?[\d.]+)$/.exec(target.trim());
  if (match === null) return 'n/a';
  const bound = Number(match[2]);
  switch (match[1]) {
    case '<=':
      return value <= bound ? 'pass' : 'MISS';
    case '>=':
      return value >= bound ? 'pass' : 'MISS';
    case '<':
      return value < bound ? 'pass' : 'MISS';
    default:
      return value > bound ? 'pass' : 'MISS';
  }
}

function format(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function renderTable(rows: Row[]): string {
  const cells = rows.map((row) => [
    row.metric,
    `${format(row.value, row.digits ?? 1)}${row.unit === '' ? '' : ` ${row.unit}`}`,
    row.target ?? '',
    meets(row.value, row.target),
  ]);
  const header = ['metric', 'measured', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const width = (i: number): number => widths[i] ?? 0;
  const line = (c: string[]): string =>
    `| ${c.map((cell, i) => (i === 1 ? cell.padStart(width(i)) : cell.padEnd(width(i)))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
