/**
 * The one quoting helper. Every value that reaches a remote shell goes through here:
 * the SSH Commander renders argv with `renderCommand`, and Windows scripts embed values with
 * `psString`. Nothing else in meshtui builds a shell line from values.
 */

const POSIX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export class QuoteError extends Error {}

function assertNoNul(s: string): void {
  if (s.includes('\0')) throw new QuoteError('a value contains a NUL byte, which no shell can carry');
}

/** Quote one word for POSIX sh (dash, bash, busybox). */
export function shQuote(s: string): string {
  assertNoNul(s);
  if (s === '') return "''";
  if (POSIX_SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Render argv as one POSIX shell line: each word quoted, joined by spaces. */
export function shJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new QuoteError('empty command');
  return argv.map(shQuote).join(' ');
}

/**
 * A PowerShell single-quoted string literal. PowerShell treats the typographic single quotes
 * (U+2018, U+2019, U+201A, U+201B) as quote characters too, so each is doubled like '.
 */
export function psString(s: string): string {
  assertNoNul(s);
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** A PowerShell statement that invokes argv[0] with the remaining words as literal arguments. */
export function psInvocation(argv: readonly string[]): string {
  if (argv.length === 0) throw new QuoteError('empty command');
  return `& ${argv.map(psString).join(' ')}`;
}

/**
 * A cmd.exe-safe line that runs a PowerShell script. -EncodedCommand takes base64 of UTF-16LE, so
 * the line has no characters cmd.exe or PowerShell's own parser could misread, whatever the script holds.
 */
export function psEncodedCommand(script: string): string {
  assertNoNul(script);
  const b64 = Buffer.from(script, 'utf16le').toString('base64');
  return `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${b64}`;
}

export type ShellKind = 'posix' | 'powershell';

/** What the SSH layer sends as the exec request for argv on a given remote shell. */
export function renderCommand(argv: readonly string[], shell: ShellKind = 'posix'): string {
  if (shell === 'posix') return shJoin(argv);
  return psEncodedCommand(`$ErrorActionPreference = 'Continue'; ${psInvocation(argv)}; exit $LASTEXITCODE`);
}
