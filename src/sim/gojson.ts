/**
 * Go `encoding/json` output: struct fields in declaration order (plain objects keep insertion
 * order here), maps sorted by key as strings (GoMap), `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */
export class GoMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

function str(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function enc(v: unknown, indent: string, depth: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => pad + enc(x, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  let entries: [string, unknown][];
  if (v instanceof GoMap) {
    entries = Object.keys(v.entries)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => [k, v.entries[k]]);
  } else {
    entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  }
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${pad}${str(k)}: ${enc(x, indent, depth + 1)}`).join(',\n')}\n${end}}`;
}

/** json.MarshalIndent(v, "", indent). Object fields set to undefined are left out (omitempty). */
export function goMarshalIndent(v: unknown, indent = '  '): string {
  return enc(v, indent, 0);
}
