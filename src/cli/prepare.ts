/**
 * `meshtui prepare HOST [--undo]`: asks for the SSH user's sudo password once (a masked prompt on a
 * TTY; without one, one line from stdin), connects, and installs (or removes) the sudoers drop-in
 * that lets meshtui run its root commands with `sudo -n` (src/provider/prepare.ts).
 */
import type { Inventory } from '../config/types.js';
import { createContext } from '../provider/context.js';
import { MeshError } from '../provider/errors.js';
import { wantsSyncthing } from '../provider/extras.js';
import { detectOs } from '../provider/os.js';
import { prepareHost } from '../provider/prepare.js';
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

export async function runPrepare(o: PrepareCommand): Promise<number> {
  const [host] = selectHosts(o.inv, [o.host], false);
  if (host!.os === 'windows') {
    throw new MeshError('ErrUnsupportedOS', `prepare: ${host!.id} is a Windows host; prepare writes a sudoers rule, which only Linux hosts have`);
  }
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
    const commander = await services.deps.connect(host!, ac.signal);
    const ctx = createContext({ commander, hostId: host!.id, signal: ac.signal, sudoPassword: password || undefined, commandTimeoutMs: o.inv.ssh?.commandTimeoutMs });
    const os = await detectOs(ctx);
    if (os.family !== 'linux') throw new MeshError('ErrUnsupportedOS', `prepare: ${host!.id} runs ${os.label}; prepare is for Linux hosts`);
    const hs = o.inv.tailscale.headscale;
    const r = await prepareHost(ctx, {
      password,
      undo: o.undo,
      headscale: typeof hs?.host === 'string' && hs.host === host!.id,
      syncthing: wantsSyncthing(o.inv, host!) === true,
    });
    o.io.stdout.write(`${host!.id}: ${r.detail}\n`);
    return o.undo || r.verified ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await services.closeAll();
  }
}
