/**
 * Showing untrusted values inside one-line messages: truncated to ~60 characters, JSON-escaped
 * (control characters, newlines, quotes), plus the invisible and bidi characters JSON leaves alone.
 */
const MAX_SHOWN = 60;
const INVISIBLE = /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

function escapeInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cut a string to `max` code points, adding an ellipsis when something was cut. */
export function truncate(s: string, max = MAX_SHOWN): string {
  const cps = Array.from(s.length > max * 2 + 2 ? s.slice(0, max * 2 + 2) : s);
  return cps.length > max ? cps.slice(0, max).join('') + '…' : s;
}

/** A value as it appears in a message: strings quoted JSON-style, others described briefly. */
export function show(v: unknown): string {
  if (typeof v === 'string') return escapeInvisible(JSON.stringify(truncate(v)));
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  return kindOf(v);
}

/** A string shown bare when it is plain printable ASCII, else quoted as by `show`. */
export function showBare(s: string): string {
  return /^[\x21-\x7e]{1,60}$/.test(s) ? s : show(s);
}

/** The YAML name of a value's type, with an article: "a string", "a list", "null". */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

/** A key as one segment of a path: `hosts[2].port`, `role_tags["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${show(key)}]`;
    }
  }
  return out;
}
