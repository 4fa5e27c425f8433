/**
 * Fast paths for Ink's per-frame text pipeline (scripts/esbuild-plugins.mjs wires them into Ink's
 * Output in the bundle). Ink turns every line of every frame into one object per character
 * (@alcalzone/ansi-tokenize: tokenize → styledCharsFromTokens) and back into a string
 * (styledCharsToString), which diffs the styles of each character against the previous one with
 * three Sets per character. While 50 hosts run, every line on screen changes every tick (spinner,
 * elapsed time), so that was the largest part of a frame (with these paths the dashboard's CPU for a
 * 50-host run went from 2.9-3.1 s to 1.8-2.3 s).
 *
 * Both functions give exactly what the library gives (styled-chars.test.ts compares them), only for
 * the lines meshtui draws: printable ASCII, meshtui's glyphs (string-width.ts) and SGR colour codes.
 * Anything else returns undefined and takes the library's path.
 */
import { NARROW_GLYPHS } from './string-width.js';

export interface AnsiCode {
  type: 'ansi';
  code: string;
  endCode: string;
}

export interface StyledChar {
  type: 'char';
  value: string;
  fullWidth: boolean;
  styles: AnsiCode[];
}

/** The library functions the fast paths fall back on for the parts they do not do themselves. */
export interface AnsiTokenizeLib {
  tokenize(s: string): ({ type: 'char'; value: string; fullWidth: boolean } | AnsiCode)[];
  reduceAnsiCodesIncremental(codes: AnsiCode[], newCodes: AnsiCode[]): AnsiCode[];
  diffAnsiCodes(from: AnsiCode[], to: AnsiCode[]): AnsiCode[];
  ansiCodesToString(codes: AnsiCode[]): string;
}

const narrow = new Set([...NARROW_GLYPHS].map((c) => c.charCodeAt(0)));
const SGR = /\x1b\[[0-9;]*m/y;
const NO_STYLES: AnsiCode[] = Object.freeze([]) as unknown as AnsiCode[];
const escapes = new Map<string, AnsiCode[]>();

/** The tokens of one SGR sequence (the library splits compound codes), kept: there are few. */
function escapeCodes(seq: string, lib: AnsiTokenizeLib): AnsiCode[] | undefined {
  let codes = escapes.get(seq);
  if (codes === undefined) {
    const tokens = lib.tokenize(seq);
    if (!tokens.every((t) => t.type === 'ansi')) return undefined;
    codes = tokens as AnsiCode[];
    if (escapes.size < 256) escapes.set(seq, codes);
  }
  return codes;
}

/**
 * styledCharsFromTokens(tokenize(line)), or undefined when the line has anything but printable
 * ASCII, meshtui's one-column glyphs and SGR sequences. Characters of one style share its styles
 * array (frozen: the library never changes one, and this would throw if it did).
 */
export function fastStyledChars(line: string, lib: AnsiTokenizeLib): StyledChar[] | undefined {
  const out: StyledChar[] = [];
  let styles = NO_STYLES;
  for (let i = 0; i < line.length; ) {
    const c = line.charCodeAt(i);
    if (c === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(line);
      if (!m) return undefined;
      const codes = escapeCodes(m[0], lib);
      if (!codes) return undefined;
      styles = Object.freeze(lib.reduceAnsiCodesIncremental(styles, codes)) as AnsiCode[];
      i += m[0].length;
      continue;
    }
    if ((c < 0x20 || c > 0x7e) && !narrow.has(c)) return undefined;
    out.push({ type: 'char', value: line[i]!, fullWidth: false, styles });
    i += 1;
  }
  return out;
}

function sameStyles(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}

/**
 * styledCharsToString(chars): the library diffs every character's styles against the previous
 * one's; two equal style lists diff to nothing, so this skips them (most of a line).
 */
export function fastStyledCharsToString(chars: readonly StyledChar[], lib: AnsiTokenizeLib): string {
  let ret = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (i === 0) {
      if (char.styles.length > 0) ret += lib.ansiCodesToString(char.styles);
    } else {
      const prev = chars[i - 1]!.styles;
      if (!sameStyles(prev, char.styles)) ret += lib.ansiCodesToString(lib.diffAnsiCodes(prev, char.styles));
    }
    ret += char.value;
    if (i === chars.length - 1 && char.styles.length > 0) ret += lib.ansiCodesToString(lib.diffAnsiCodes(char.styles, []));
  }
  return ret;
}
