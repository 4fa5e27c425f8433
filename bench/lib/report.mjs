// Small statistics and the final table.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const msf = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
export const list = (xs, f = (x) => x.toFixed(0)) => xs.map(f).join(' ');

/**
 * One row: `value` is the measured figure (a number), `limit` its target (value ≤ limit passes; null:
 * reported only), `shown` how to print it, `detail` the raw numbers behind it, `target` the target as
 * printed.
 */
export function row(figure, value, limit, shown, detail = '', target = limit === null ? '-' : `≤ ${limit}`) {
  const result = value === null || Number.isNaN(value) ? 'ERROR' : limit === null ? 'report' : value <= limit ? 'PASS' : 'FAIL';
  return { figure, value, limit, shown, detail, target, result };
}

export function printTable(rows, out = process.stdout) {
  const cols = [
    ['figure', (r) => r.figure],
    ['measured', (r) => r.shown],
    ['target', (r) => r.target],
    ['result', (r) => (r.result === 'FAIL' || r.result === 'ERROR' ? `**${r.result}**` : r.result)],
  ];
  const w = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => String(f(r)).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  out.write(`${line(cols.map(([h]) => h))}\n|${w.map((n) => '-'.repeat(n + 2)).join('|')}|\n`);
  for (const r of rows) out.write(`${line(cols.map(([, f]) => f(r)))}\n`);
  const notes = rows.filter((r) => r.detail);
  if (notes.length) {
    out.write('\nraw:\n');
    for (const r of notes) out.write(`  ${r.figure}: ${r.detail}\n`);
  }
}
