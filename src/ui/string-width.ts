/**
 * A fast path in front of `string-width` for the text meshtui draws (scripts/build.mjs bundles every
 * `string-width` import of Ink and its helpers through `fastStringWidth`). string-width measures any
 * line with a non-ASCII character by segmenting it into graphemes and testing each against
 * /\p{RGI_Emoji}/v: about 0.5 ms for a 100-column line, paid by Ink for every new line it lays out.
 * Every dashboard and node-table line has one of our glyphs (status dots, the cursor, `…`), so that
 * was a large part of each frame. Lines made only of printable ASCII and the glyphs below are
 * exactly one column per UTF-16 unit; anything else goes to string-width unchanged.
 */

/**
 * Glyphs meshtui prints, each one column wide under string-width's rules (East Asian Width neutral,
 * or ambiguous counted narrow, which is string-width's default; none is an emoji). string-width.test.ts
 * checks each against string-width itself. A glyph missing here is still measured right, only slower.
 */
export const NARROW_GLYPHS = '·…▏→←↑↓✓✗•›‹▲▼●○◆◇×’‘“”—–─│§∪⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

const narrow = new Set([...NARROW_GLYPHS].map((c) => c.charCodeAt(0)));

export interface StringWidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/** The width when the fast path applies, else undefined (the caller asks string-width). */
export function fastStringWidth(s: unknown, options?: StringWidthOptions): number | undefined {
  if (typeof s !== 'string' || options?.ambiguousIsNarrow === false) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && !narrow.has(c)) return undefined;
  }
  return s.length;
}
