// Bundles the CLI into one ESM file (dist/meshtui.js): startup reads one file instead of
// resolving hundreds of modules, which is what makes the first frame fast (see bench/).
// ssh2 stays external: it loads optional native bindings at run time, and only SSH commands need it.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fastStringWidth, inkReuseStyledLines, yogaWithoutFetch } from './esbuild-plugins.mjs';

if (!existsSync('src/cli.ts')) {
  console.log('build: no src/cli.ts yet, nothing to bundle');
  process.exit(0);
}

const result = await build({
  entryPoints: { meshtui: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  external: ['ssh2', 'cpu-features', 'react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [fastStringWidth, yogaWithoutFetch, inkReuseStyledLines],
  logLevel: 'warning',
  metafile: true,
});
chmodSync('dist/meshtui.js', 0o755);

// Chunk names carry a content hash, so every build adds new ones: drop the chunks this build did not
// write (only a process still running an older build could want them).
const written = new Set(Object.keys(result.metafile.outputs).map((f) => relative('dist', f)));
for (const f of existsSync('dist/chunks') ? readdirSync('dist/chunks') : []) {
  if (!written.has(join('chunks', f))) rmSync(join('dist/chunks', f), { force: true });
}
