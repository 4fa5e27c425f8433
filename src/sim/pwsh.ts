/**
 * Just enough PowerShell reading for the Windows simulator: the -EncodedCommand line the SSH
 * Commander sends (src/quote.ts), the `& 'word' 'word'` invocation inside it, and the
 * `$name = 'literal'` / `$name = @('a', 'b')` headers of meshtui's scripts. Single-quoted literals
 * follow PowerShell's rules: any of ' ‘ ’ ‚ ‛ is a quote, and two in a row stand for the first.
 */
const QUOTES = "'\u2018\u2019\u201A\u201B";
const isQuote = (c: string | undefined): boolean => c !== undefined && QUOTES.includes(c);

/** A single-quoted literal at s[i]: [value, index after it], or null. */
export function readPsLiteral(s: string, i: number): [string, number] | null {
  if (!isQuote(s[i])) return null;
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (isQuote(c)) {
      if (isQuote(s[j + 1])) {
        out += c;
        j += 2;
        continue;
      }
      return [out, j + 1];
    }
    out += c;
    j += 1;
  }
  return null;
}

/** The program of `powershell [-opt [value]]… -EncodedCommand <base64 UTF-16LE>`; null otherwise. */
export function decodeEncodedCommand(line: string): string | null {
  const words = line.trim().split(/\s+/);
  if (!/^(powershell|powershell\.exe|pwsh|pwsh\.exe)$/i.test(words[0] ?? '')) return null;
  const at = words.findIndex((w) => /^-(EncodedCommand|enc|ec|e)$/i.test(w));
  const b64 = at > 0 ? words[at + 1] : undefined;
  if (!b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return null;
  return Buffer.from(b64, 'base64').toString('utf16le');
}

/** `… & 'a' 'b' …; exit $LASTEXITCODE` (what renderCommand wraps argv in) → ['a', 'b']; null otherwise. */
export function parseInvocation(program: string): string[] | null {
  const m = /^\$ErrorActionPreference = 'Continue'; & /.exec(program);
  if (!m) return null;
  const words: string[] = [];
  let i = m[0].length;
  for (;;) {
    const lit = readPsLiteral(program, i);
    if (!lit) return null;
    words.push(lit[0]);
    i = lit[1];
    if (program.startsWith('; exit $LASTEXITCODE', i)) return i + 20 === program.length ? words : null;
    if (program[i] !== ' ') return null;
    i += 1;
  }
}

export type PsValue = string | string[];

/**
 * The leading `$name = <literal>` assignments of a script (comment lines before and between them
 * are skipped); reading stops at the first other line.
 */
export function psAssignments(script: string): Record<string, PsValue> {
  const out: Record<string, PsValue> = {};
  let i = 0;
  while (i < script.length) {
    const eol = script.indexOf('\n', i);
    const line = script.slice(i, eol < 0 ? undefined : eol);
    if (line.startsWith('#') || line.trim() === '') {
      if (eol < 0) break;
      i = eol + 1;
      continue;
    }
    const m = /^\$([A-Za-z][A-Za-z0-9]*) = /.exec(line);
    if (!m) break;
    let j = i + m[0].length;
    if (script.startsWith('@(', j)) {
      j += 2;
      const list: string[] = [];
      while (script[j] !== ')') {
        const lit = readPsLiteral(script, j);
        if (!lit) return out;
        list.push(lit[0]);
        j = lit[1];
        if (script.startsWith(', ', j)) j += 2;
      }
      out[m[1]!] = list;
      j += 1;
    } else {
      const lit = readPsLiteral(script, j);
      if (!lit) return out;
      out[m[1]!] = lit[0];
      j = lit[1];
    }
    if (script[j] !== '\n') break;
    i = j + 1;
  }
  return out;
}
