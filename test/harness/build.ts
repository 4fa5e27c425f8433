/** Builds the simulator into SIM_ROOT: the bundled core + remote commands, bin wrappers, shims, install.sh. */
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installerScript } from '../../src/sim/index.js';
import { INSTALL_SH, NODE_WRAPPERS, SIM_BIN, SIM_LIB, SIM_ROOT, TS_BIN } from './paths.js';

const here = dirname(fileURLToPath(import.meta.url));

function put(path: string, content: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/** Node script wrapper: absolute node (sudo's secure_path may not have it), CommonJS (no package.json here). */
const wrapper = (name: string) => `#!${process.execPath}\nrequire(${JSON.stringify(SIM_LIB)}).main(${JSON.stringify(name)});\n`;

/**
 * The command as a bash client of the fleet's simulator server (remote/server.ts: why, and the
 * protocol). The port is in FLEET/sim.port, two levels above the host directory; with no port file
 * or no server answering, the Node wrapper in lib/node runs the command instead.
 */
const client = (name: string) => `#!/bin/bash
# meshtui simulator: ${name} (test/harness/build.ts). Asks the fleet's simulator server; Node answers when none runs.
h=\${MESHTUI_SIM_HOST:-}
p=
if [ -n "$h" ] && [ -r "$h/../../sim.port" ]; then read -r p <"$h/../../sim.port"; fi
if [ -z "$p" ] || ! { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then exec ${NODE_WRAPPERS}/${name} "$@"; fi
printf '%s\\0' meshtui-sim-1 ${name} "$EUID" "$PPID" "$h" "\${USER-}" "\${SUDO_USER+1}" "$#" "$@" >&3
read -r code len <&3 || exit 255
IFS= read -r -d '' err <&3
[ -z "$err" ] || printf '%s' "$err" >&2
[ "$len" = 0 ] || /bin/cat <&3
exit "$code"
`;

export async function buildSimulator(): Promise<void> {
  for (const d of [SIM_ROOT, SIM_BIN, TS_BIN, dirname(SIM_LIB), NODE_WRAPPERS, dirname(INSTALL_SH)]) {
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
  for (const name of ['tailscale', 'headscale', 'syncthing', 'curl', 'systemctl', 'apt-get', 'sim-ctl']) put(join(NODE_WRAPPERS, name), wrapper(name), 0o755);
  put(join(TS_BIN, 'tailscale'), client('tailscale'), 0o755);
  put(join(TS_BIN, 'headscale'), client('headscale'), 0o755);
  // Like tailscale: reachable as the user only through <host>/bin/syncthing, linked while installed (hoststate.ts).
  put(join(TS_BIN, 'syncthing'), client('syncthing'), 0o755);
  for (const name of ['curl', 'systemctl', 'apt-get', 'sim-ctl']) put(join(SIM_BIN, name), client(name), 0o755);
  // Reads the client's stdin (the key line of a Windows join): always its own Node process.
  put(join(SIM_BIN, 'win-cmd'), wrapper('win-cmd'), 0o755);
  for (const name of ['sim-shell', 'win-shell', 'cat', 'uname']) {
    const tmpShim = join(SIM_BIN, `${name}.${process.pid}.tmp`);
    copyFileSync(join(here, 'remote', name), tmpShim);
    chmodSync(tmpShim, 0o755);
    renameSync(tmpShim, join(SIM_BIN, name));
  }
  put(INSTALL_SH, installerScript('sim-ctl'), 0o644);
}
