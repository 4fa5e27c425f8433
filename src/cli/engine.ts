/** Wires the real services: the SSH connector (loaded lazily: only commands that connect need ssh2) and the engine deps. */
import type { Inventory } from '../config/types.js';
import type { HostDeps } from '../provider/api.js';

import type { HostKeyQuestion } from '../provider/commander.js';

export interface EngineServices {
  deps: HostDeps;
  closeAll(): Promise<void>;
}

export async function createEngineServices(
  inv: Inventory,
  opts: { askHostKey?: (q: HostKeyQuestion) => Promise<boolean>; sudoPasswords?: ReadonlyMap<string, string> } = {},
): Promise<EngineServices> {
  const { createSshConnector } = await import('../ssh/index.js');
  const connector = createSshConnector({ settings: inv.ssh, askHostKey: opts.askHostKey });
  const deps: HostDeps = {
    connect: (host, signal) => connector.connect(host, signal),
    env: (name) => process.env[name],
    now: () => Date.now(),
    sudoPassword: (id) => opts.sudoPasswords?.get(id),
  };
  return { deps, closeAll: () => connector.closeAll() };
}
