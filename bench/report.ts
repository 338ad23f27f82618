// Tables for the console and for docs/benchmarks.md: every row shows ours,
// PeerJS and the floor side by side with the two ratios (and, in the server
// tables, the socket.io floor with a third), and the target where the issue
// sets one.

export interface Row {
  label: string;
  ours?: number;
  peerjs?: number;
  floor?: number;
  /** The bare socket.io server (framework floor); only in four-column tables. */
  sio?: number;
  digits?: number;
  target?: string;
  /** Whether the target is met; undefined when there is none. */
  met?: boolean;
}

export interface Table {
  title: string;
  /** Headers of the ours / PeerJS / floor (/ socket.io floor) columns. */
  columns: [string, string, string] | [string, string, string, string];
  rows: Row[];
  /** Ours only: no PeerJS, floor or ratio columns. */
  single?: boolean;
}

const has = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

export function fmt(value: number | undefined, digits = 1): string {
  if (!has(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number | undefined, b: number | undefined): string {
  return has(a) && has(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '—';
}

function verdict(row: Row): string {
  if (!row.target) return '';
  if (row.met === undefined) return row.target;
  return `${row.target} ${row.met ? '✓ met' : '✗ not met'}`;
}

function cells(table: Table, row: Row): string[] {
  const d = row.digits ?? 1;
  if (table.single) return [row.label, fmt(row.ours, d), verdict(row)];
  if (table.columns.length === 4) {
    const values = [row.ours, row.peerjs, row.floor, row.sio].map((v) => fmt(v, d));
    return [row.label, ...values, ratio(row.ours, row.peerjs), ratio(row.ours, row.floor), ratio(row.ours, row.sio), verdict(row)];
  }
  return [row.label, fmt(row.ours, d), fmt(row.peerjs, d), fmt(row.floor, d), ratio(row.ours, row.peerjs), ratio(row.ours, row.floor), verdict(row)];
}

function headers(table: Table): string[] {
  if (table.single) return [table.title, table.columns[0], 'target'];
  if (table.columns.length === 4) return [table.title, ...table.columns, 'ours/PeerJS', 'ours/ws floor', 'ours/socket.io', 'target'];
  return [table.title, ...table.columns, 'ours/PeerJS', 'ours/floor', 'target'];
}

/** Fixed-width text, one block per table, right-aligned numbers; tables of the same shape share column widths. */
export function consoleTables(tables: Table[]): string {
  const widthsFor = (shape: number) => {
    const all = tables
      .filter((table) => (table.single ? 0 : table.columns.length) === shape)
      .flatMap((table) => [headers(table), ...table.rows.map((row) => cells(table, row))]);
    return (all[0] ?? []).map((_, i) => Math.max(...all.map((line) => [...line[i]].length)));
  };
  return tables.map((table) => block(table, widthsFor(table.single ? 0 : table.columns.length))).join('\n\n');
}

function block(table: Table, widths: number[]): string {
  const line = (values: string[]) =>
    values.map((value, i) => (i === 0 || i === values.length - 1 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w + 2, -2));
  return [line(headers(table)), rule, ...table.rows.map((row) => line(cells(table, row)))].join('\n');
}

export function markdownTable(table: Table): string {
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  const head = headers(table).map(escape);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 || i === head.length - 1 ? '---' : '---:')).join('|')}|`,
    ...table.rows.map((row) => `| ${cells(table, row).map(escape).join(' | ')} |`),
  ].join('\n');
}

/** A plain markdown table from a header and rows of cells. */
export function markdownGrid(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
