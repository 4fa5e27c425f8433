// esbuild plugins for scripts/build.mjs: two startup/frame-time fixes measured by `npm run bench`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Every `string-width` import (Ink, widest-line, cli-truncate, wrap-ansi: each keeps its own version)
 * goes through src/ui/string-width.ts first, which measures lines of ASCII and meshtui's own glyphs
 * without string-width's per-grapheme emoji regex (~0.5 ms a line; every table row has a glyph).
 */
export const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'fast-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents: [
        `import real from ${JSON.stringify(args.path)};`,
        `import { fastStringWidth } from ${JSON.stringify(resolve('src/ui/string-width.ts'))};`,
        'export default (s, o) => fastStringWidth(s, o) ?? real(s, o);',
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

/**
 * yoga-layout (Ink's layout engine) gets its WebAssembly from a base64 data: URL, through `fetch`
 * whenever `fetch` exists: on Node that loads undici, the whole HTTP client, before the first frame
 * (40-60 ms on a 2-core machine). Emscripten's own fallback decodes the same bytes in place; this
 * makes the loader take it. If the loader's text changes (a yoga upgrade), the file is left as it is.
 */
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(YOGA_FETCH)) {
        return { contents: text, loader: 'js', warnings: [{ text: 'yoga-without-fetch: loader text not found, left unpatched' }] };
      }
      return { contents: text.replace(YOGA_FETCH, 'function ya(){return true?'), loader: 'js' };
    });
  },
};

/**
 * Ink's Output (one per frame), patched in three ways; if any text differs (an Ink upgrade), the file
 * is left as it is with a warning.
 * - Reuse: every frame starts with empty caches, so every line on screen was re-tokenized into styled
 *   characters though a keypress changes two lines. A frame now takes the styled characters of a
 *   line the previous frame already had (Ink never mutates them). Only the previous frame's lines are
 *   kept: the generation turns over once per frame (the main and the <Static> output of one frame
 *   are built in the same tick).
 * - Fast paths (src/ui/styled-chars.ts): lines of ASCII, meshtui's glyphs and SGR codes are turned
 *   into styled characters and back without the per-character grapheme segmenting and style diffing.
 * - One frozen blank cell fills the grid instead of a new object per cell per frame.
 */
const INK_STYLED_MAP = '    styledChars = new Map();';
const INK_TOKENIZE = '            cached = styledCharsFromTokens(tokenize(line));';
const INK_TO_STRING = '            return styledCharsToString(lineWithoutEmptyItems).trimEnd();';
const INK_BLANK = `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`;
const INK_IMPORT = "import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';";
export const inkReuseStyledLines = {
  name: 'ink-reuse-styled-lines',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const needed = [INK_STYLED_MAP, INK_TOKENIZE, INK_TO_STRING, INK_BLANK, INK_IMPORT, 'class OutputCaches {'];
      if (!needed.every((t) => text.includes(t))) {
        return { contents: text, loader: 'js', warnings: [{ text: 'ink-reuse-styled-lines: output.js text not found, left unpatched' }] };
      }
      const generations = [
        'let currentStyled = new Map();',
        'let previousStyled = new Map();',
        'let turned = false;',
        'const frameStyled = () => {',
        '    if (!turned) {',
        '        previousStyled = currentStyled;',
        '        currentStyled = new Map();',
        '        turned = true;',
        '        queueMicrotask(() => { turned = false; });',
        '    }',
        '    return currentStyled;',
        '};',
        "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });",
        'class OutputCaches {',
      ].join('\n');
      const imports = [
        INK_IMPORT,
        "import * as ansiLib from '@alcalzone/ansi-tokenize';",
        `import { fastStyledChars, fastStyledCharsToString } from ${JSON.stringify(resolve('src/ui/styled-chars.ts'))};`,
      ].join('\n');
      const contents = text
        .replace(INK_IMPORT, imports)
        .replace('class OutputCaches {', generations)
        .replace(INK_STYLED_MAP, '    styledChars = frameStyled();')
        .replace(INK_TOKENIZE, '            cached = previousStyled.get(line) ?? fastStyledChars(line, ansiLib) ?? styledCharsFromTokens(tokenize(line));')
        .replace(INK_TO_STRING, '            return fastStyledCharsToString(lineWithoutEmptyItems, ansiLib).trimEnd();')
        .replace(INK_BLANK, '                row.push(BLANK_CELL);');
      return { contents, loader: 'js' };
    });
  },
};
