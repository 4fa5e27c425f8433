/**
 * `meshtui prepare HOST [--undo]`: asks for the SSH user's sudo password once (a masked prompt on a
 * TTY; without one, one line from stdin), connects, and installs (or removes) the sudoers drop-in
 * that lets meshtui run its root commands with `sudo -n` (src/provider/prepare.ts).
 */
import type { HostConfig, Inventory } from '../config/types.js';
import type { HostDeps } from '../provider/api.js';
import { createContext } from '../provider/context.js';
import { MeshError } from '../provider/errors.js';
import { wantsSyncthing } from '../provider/extras.js';
import { detectOs } from '../provider/os.js';
import { prepareHost, type PrepareResult } from '../provider/prepare.js';
import { createEngineServices, type EngineServices } from './engine.js';
import { selectHosts } from './headless.js';
import { readPassword } from './password.js';

export interface PrepareIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
}

export interface PrepareCommand {
  inv: Inventory;
  host: string;
  undo: boolean;
  io: PrepareIo;
  /** Tests inject the engine services; default: the real SSH connector. */
  services?: (inv: Inventory) => Promise<EngineServices>;
}

/** prepare writes a sudoers rule: a Windows host has none (refused before any password is asked). */
function assertNotWindows(host: HostConfig): void {
  if (host.os === 'windows') {
    throw new MeshError('ErrUnsupportedOS', `prepare: ${host.id} is a Windows host; prepare writes a sudoers rule, which only Linux hosts have`);
  }
}

/**
 * Connect to the host, check it runs Linux, and install (or remove) the sudoers rule. Shared by
 * `meshtui prepare` and the dashboard's sudo prompt; the password is used for this call only.
 */
export async function prepareOnHost(
  inv: Inventory,
  host: HostConfig,
  connect: HostDeps['connect'],
  o: { password: string; undo: boolean; signal: AbortSignal },
): Promise<PrepareResult> {
  assertNotWindows(host);
  const commander = await connect(host, o.signal);
  try {
    const ctx = createContext({ commander, hostId: host.id, signal: o.signal, sudoPassword: o.password || undefined, commandTimeoutMs: inv.ssh?.commandTimeoutMs });
    const os = await detectOs(ctx);
    if (os.family !== 'linux') throw new MeshError('ErrUnsupportedOS', `prepare: ${host.id} runs ${os.label}; prepare is for Linux hosts`);
    const hs = inv.tailscale.headscale;
    return await prepareHost(ctx, {
      password: o.password,
      undo: o.undo,
      headscale: typeof hs?.host === 'string' && hs.host === host.id,
      syncthing: wantsSyncthing(inv, host) === true,
    });
  } finally {
    await commander.close().catch(() => {});
  }
}

export async function runPrepare(o: PrepareCommand): Promise<number> {
  const [host] = selectHosts(o.inv, [o.host], false);
  assertNotWindows(host!);
  const who = `${host!.user ? `${host!.user}@` : ''}${host!.id}`;
  const password = await readPassword(o.io.stdin, o.io.stderr, `meshtui: sudo password for ${who} (used for this command only, not stored): `);
  const services = await (o.services ?? ((inv) => createEngineServices(inv)))(o.inv);
  const ac = new AbortController();
  const onSigint = () => {
    ac.abort();
    void services.closeAll();
  };
  process.once('SIGINT', onSigint);
  try {
    const r = await prepareOnHost(o.inv, host!, (h, signal) => services.deps.connect(h, signal), { password, undo: o.undo, signal: ac.signal });
    o.io.stdout.write(`${host!.id}: ${r.detail}\n`);
    return o.undo || r.verified ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await services.closeAll();
  }
}
