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
 * Ink builds each frame in a new Output whose caches start empty, so every frame re-tokenizes every
 * line on screen into styled characters, though a keypress changes two lines. This lets a frame take
 * the styled characters of a line the previous frame already had (Ink never mutates them). Only the
 * previous frame's lines are kept: the generation turns over once per frame (the main and the
 * <Static> output of one frame are built in the same tick). If the text differs (an Ink upgrade),
 * the file is left as it is.
 */
const INK_STYLED_MAP = '    styledChars = new Map();';
const INK_TOKENIZE = '            cached = styledCharsFromTokens(tokenize(line));';
export const inkReuseStyledLines = {
  name: 'ink-reuse-styled-lines',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(INK_STYLED_MAP) || !text.includes(INK_TOKENIZE) || !text.includes('class OutputCaches {')) {
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
        'class OutputCaches {',
      ].join('\n');
      const contents = text
        .replace('class OutputCaches {', generations)
        .replace(INK_STYLED_MAP, '    styledChars = frameStyled();')
        .replace(INK_TOKENIZE, '            cached = previousStyled.get(line) ?? styledCharsFromTokens(tokenize(line));');
      return { contents, loader: 'js' };
    });
  },
};
