/** Builds the simulator into SIM_ROOT: the bundled core + remote commands, bin wrappers, shims, install.sh. */
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installerScript } from '../../src/sim/index.js';
import { INSTALL_SH, SIM_BIN, SIM_LIB, SIM_ROOT, TS_BIN } from './paths.js';

const here = dirname(fileURLToPath(import.meta.url));

function put(path: string, content: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/** Node script wrapper: absolute node (sudo's secure_path may not have it), CommonJS (no package.json here). */
const wrapper = (name: string) => `#!${process.execPath}\nrequire(${JSON.stringify(SIM_LIB)}).main(${JSON.stringify(name)});\n`;

export async function buildSimulator(): Promise<void> {
  for (const d of [SIM_ROOT, SIM_BIN, TS_BIN, dirname(SIM_LIB), dirname(INSTALL_SH)]) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755);
  }
  const tmp = `${SIM_LIB}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(here, 'remote/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: tmp,
    logLevel: 'error',
  });
  chmodSync(tmp, 0o644);
  renameSync(tmp, SIM_LIB);
  put(join(TS_BIN, 'tailscale'), wrapper('tailscale'), 0o755);
  put(join(TS_BIN, 'headscale'), wrapper('headscale'), 0o755);
  // Like tailscale: reachable as the user only through <host>/bin/syncthing, linked while installed (hoststate.ts).
  put(join(TS_BIN, 'syncthing'), wrapper('syncthing'), 0o755);
  for (const name of ['curl', 'systemctl', 'apt-get', 'sim-ctl', 'win-cmd']) put(join(SIM_BIN, name), wrapper(name), 0o755);
  for (const name of ['sim-shell', 'win-shell', 'cat', 'uname']) {
    const tmpShim = join(SIM_BIN, `${name}.${process.pid}.tmp`);
    copyFileSync(join(here, 'remote', name), tmpShim);
    chmodSync(tmpShim, 0o755);
    renameSync(tmpShim, join(SIM_BIN, name));
  }
  put(INSTALL_SH, installerScript('sim-ctl'), 0o644);
}
