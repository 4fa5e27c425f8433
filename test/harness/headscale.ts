/**
 * A simulated Headscale server for a running fleet: attachHeadscale(fleet, {host}) makes one fleet
 * host the headscale host (a `headscale` command appears on it, root-only like the packaged
 * socket), links every host's `tailscale` to it (remote/headscale-io.ts), and writes the
 * `headscale:` block (and optionally `verify.ping`) into the fleet's meshtui.yml. Start the fleet
 * with `loginServer` so that login_server is set.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { makeHeadscale, type HeadscaleState } from '../../src/sim/index.js';
import type { Fleet } from './fleet.js';
import { TS_BIN } from './paths.js';
import { linkPath, loadHeadscale, saveHeadscale, withLock } from './remote/headscale-io.js';

export interface HeadscaleOptions {
  /** The fleet host that runs Headscale. */
  host: string;
  version?: string;
  users?: string[];
  /** headscale.user in meshtui.yml (a name or an id); omitted when null. */
  user?: string | number | null;
  reusable?: boolean;
  /** network.providers.tailscale.verify.ping */
  verifyPing?: string;
  state?: Partial<HeadscaleState>;
}

export interface HeadscaleHandle {
  registry: string;
  state(): HeadscaleState;
  update(fn: (st: HeadscaleState) => HeadscaleState): void;
}

type Obj = Record<string, any>;

export function attachHeadscale(fleet: Fleet, o: HeadscaleOptions): HeadscaleHandle {
  const doc = parse(readFileSync(fleet.configPath, 'utf8')) as Obj;
  const ts = doc.network.providers.tailscale as Obj;
  const serverUrl = ts.login_server as string | undefined;
  if (!serverUrl) throw new Error('attachHeadscale: start the fleet with loginServer');
  const registry = join(fleet.dir, 'headscale');
  mkdirSync(registry, { recursive: true });
  chmodSync(registry, 0o777);
  saveHeadscale(registry, makeHeadscale({ version: o.version ?? '0.26.1', serverUrl, userNames: o.users ?? ['ops', 'mesh'], ...o.state }));
  for (const h of fleet.hosts) {
    writeFileSync(linkPath(h.hostDir), JSON.stringify({ registry, server: h.id === o.host }) + '\n');
    chmodSync(linkPath(h.hostDir), 0o644);
    const bin = join(h.hostDir, 'bin');
    if (h.id === o.host && existsSync(bin) && !existsSync(join(bin, 'headscale'))) symlinkSync(join(TS_BIN, 'headscale'), join(bin, 'headscale'));
  }
  const user = o.user === undefined ? 'mesh' : o.user;
  ts.headscale = { host: o.host, ...(user !== null ? { user } : {}), expiration: '24h', reusable: o.reusable ?? true };
  if (o.verifyPing) ts.verify = { ping: o.verifyPing };
  writeFileSync(fleet.configPath, stringify(doc));
  return {
    registry,
    state: () => loadHeadscale(registry),
    update: (fn) => withLock(registry, () => saveHeadscale(registry, fn(loadHeadscale(registry)))),
  };
}
