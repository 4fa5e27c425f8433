// Bundles the bench's TypeScript helpers (bench/helpers.ts → test/harness/*) into one ESM file in a
// temp dir. `import.meta.url` is pinned to each source file's own URL, so the harness still finds
// test/harness/remote/* (its simulator build reads the shims next to its source).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const pinImportMetaUrl = {
  name: 'pin-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/(test|bench|src)\/.*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** Bundles `entry` (a .ts file) to `<dir>/<name>.mjs` and returns its path. */
export async function bundleTs(entry, dir, name) {
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    plugins: [pinImportMetaUrl],
    logLevel: 'error',
  });
  return outfile;
}
