// Bundles the CLI into one ESM file (dist/meshtui.js): startup reads one file instead of
// resolving hundreds of modules, which is what makes the first frame fast (see bench/).
// ssh2 stays external: it loads optional native bindings at run time, and only SSH commands need it.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

if (!existsSync('src/cli.ts')) {
  console.log('build: no src/cli.ts yet, nothing to bundle');
  process.exit(0);
}

await build({
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
  logLevel: 'warning',
});
chmodSync('dist/meshtui.js', 0o755);
