import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { psEncodedCommand, psString, QuoteError, renderCommand, shJoin, shQuote } from './quote.js';

const HOSTILE = [
  "it's",
  '"double"',
  '$(touch /tmp/pwned)',
  '`id`',
  'a; rm -rf /',
  'line1\nline2',
  'tab\there',
  'ünïcødé ✓ 日本',
  '*',
  '~',
  '$HOME',
  '\\',
  "'",
  "''",
  '-n',
  '--auth-key=file:/tmp/x y',
  '!event',
  '|&<>',
  ' leading and trailing ',
  '\u2019smart\u2018',
];

describe('shQuote', () => {
  it('leaves safe words alone and quotes the rest', () => {
    expect(shQuote('tailscale')).toBe('tailscale');
    expect(shQuote('--hostname=app-1')).toBe('--hostname=app-1');
    expect(shQuote('')).toBe("''");
    expect(shQuote('a b')).toBe("'a b'");
    expect(shQuote("it's")).toBe("'it'\\''s'");
  });

  it('round-trips hostile values through a real sh unchanged', () => {
    for (const v of HOSTILE) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${shQuote(v)}`], { encoding: 'utf8' });
      expect(out).toBe(v);
    }
  });

  it('keeps argv boundaries through sh', () => {
    const line = shJoin(['printf', '%s|', ...HOSTILE]);
    const out = execFileSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(out).toBe(HOSTILE.map((v) => `${v}|`).join(''));
  });

  it('refuses NUL bytes and empty commands', () => {
    expect(() => shQuote('a\0b')).toThrow(QuoteError);
    expect(() => shJoin([])).toThrow(QuoteError);
  });
});

describe('PowerShell quoting', () => {
  it('doubles ASCII and typographic single quotes', () => {
    expect(psString("it's")).toBe("'it''s'");
    expect(psString('\u2019x')).toBe("'\u2019\u2019x'");
    expect(psString('$(calc)')).toBe("'$(calc)'");
  });

  it('encodes the whole script so cmd.exe sees only base64', () => {
    const line = psEncodedCommand("Write-Output 'a&b|c'");
    expect(line).toMatch(/^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/);
    const b64 = line.split(' ').pop()!;
    expect(Buffer.from(b64, 'base64').toString('utf16le')).toBe("Write-Output 'a&b|c'");
  });

  it('renders argv for each shell', () => {
    expect(renderCommand(['tailscale', 'status', '--json'])).toBe('tailscale status --json');
    const ps = renderCommand(['tailscale.exe', 'up', "--hostname=o'brien"], 'powershell');
    const script = Buffer.from(ps.split(' ').pop()!, 'base64').toString('utf16le');
    expect(script).toContain("& 'tailscale.exe' 'up' '--hostname=o''brien'");
  });
});
