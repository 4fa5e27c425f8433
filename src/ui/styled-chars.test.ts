// The fast paths must give exactly what @alcalzone/ansi-tokenize (Ink's own dependency) gives.
import * as lib from '@alcalzone/ansi-tokenize';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inkReuseStyledLines } from '../../scripts/esbuild-plugins.mjs';
import { fastStyledChars, fastStyledCharsToString, type AnsiTokenizeLib, type StyledChar } from './styled-chars.js';
import { NARROW_GLYPHS } from './string-width.js';

const ansiLib = lib as unknown as AnsiTokenizeLib;
const slowChars = (line: string) => lib.styledCharsFromTokens(lib.tokenize(line)) as unknown as StyledChar[];

const ESC = '\u001b';
const FAST_LINES = [
  '',
  ' ',
  'hello world',
  '›⠋ node-01  install 1.2s  Installing Tailscale for debian bookworm, using method apt',
  `${ESC}[2m  +16 more running${ESC}[22m`,
  `${ESC}[1m${ESC}[36mmeshtui${ESC}[39m${ESC}[22m  /tmp/x.yml  ·  tailnet example.ts.net`,
  `${ESC}[31;1mred bold${ESC}[0m plain ${ESC}[38;5;208morange${ESC}[39m ${ESC}[38;2;1;2;3mrgb${ESC}[m`,
  `${ESC}[7m inverse ${ESC}[27m${ESC}[4munder${ESC}[24m ✓ ✗ … ${NARROW_GLYPHS}`,
  `${ESC}[2m${ESC}[1mdim then bold${ESC}[22m after${ESC}[2m`,
  `trailing open style ${ESC}[33m`,
];
const SLOW_LINES = [
  '日本語のホスト',
  'ok ✅ done',
  'e\u0301 combining',
  'tab\there',
  `link ${ESC}]8;;https://example.com\u0007x${ESC}]8;;\u0007`,
  `cursor ${ESC}[2K moves`,
  'flag 🇩🇪',
  'bell \u0007',
];

describe('Ink fast paths (styled-chars.ts)', () => {
  it('turns meshtui lines into the same styled characters as the library', () => {
    for (const line of FAST_LINES) {
      const fast = fastStyledChars(line, ansiLib);
      expect(fast, JSON.stringify(line)).toBeDefined();
      expect(fast, JSON.stringify(line)).toEqual(slowChars(line));
    }
  });

  it('leaves every other line to the library', () => {
    for (const line of SLOW_LINES) expect(fastStyledChars(line, ansiLib), JSON.stringify(line)).toBeUndefined();
  });

  it('turns styled characters back into the same string as the library', () => {
    const rows: StyledChar[][] = [...FAST_LINES, ...SLOW_LINES].map(slowChars);
    // Grid rows as Ink's Output builds them: pieces of different lines side by side, blank cells between.
    const blank: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: [] };
    rows.push([...slowChars(FAST_LINES[5]!).slice(0, 9), blank, blank, ...slowChars(FAST_LINES[6]!), ...slowChars(FAST_LINES[4]!)]);
    rows.push([...slowChars(FAST_LINES[8]!), ...slowChars(FAST_LINES[9]!), blank]);
    for (const row of rows) expect(fastStyledCharsToString(row, ansiLib)).toBe(lib.styledCharsToString(row as never));
    for (const line of FAST_LINES) {
      const chars = fastStyledChars(line, ansiLib)!;
      expect(fastStyledCharsToString(chars, ansiLib)).toBe(lib.styledCharsToString(slowChars(line) as never));
    }
  });

  it('shares one frozen styles array per run of same-styled characters', () => {
    const chars = fastStyledChars(`${ESC}[2mab${ESC}[22mcd`, ansiLib)!;
    expect(chars[0]!.styles).toBe(chars[1]!.styles);
    expect(chars[2]!.styles).toBe(chars[3]!.styles);
    expect(Object.isFrozen(chars[0]!.styles)).toBe(true);
    expect(() => (chars[2]!.styles as unknown[]).push(1)).toThrow();
  });

  it('is wired into the installed Ink by the build plugin (no "left unpatched" warning)', async () => {
    let onLoad: ((a: { path: string }) => Promise<{ contents: string; warnings?: unknown[] }>) | undefined;
    inkReuseStyledLines.setup({ onLoad: (_o: unknown, fn: typeof onLoad) => (onLoad = fn) } as never);
    const r = await onLoad!({ path: join(process.cwd(), 'node_modules/ink/build/output.js') });
    expect(r.warnings).toBeUndefined();
    expect(r.contents).toContain('fastStyledChars(line, ansiLib) ?? styledCharsFromTokens(tokenize(line))');
    expect(r.contents).toContain('fastStyledCharsToString(lineWithoutEmptyItems, ansiLib)');
    expect(r.contents).toContain('row.push(BLANK_CELL)');
  });
});
