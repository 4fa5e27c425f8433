/**
 * Many hosts, at most `concurrency` at once. One host's failure never stops another (provisionHost
 * never throws), and results come back in input order whatever order hosts finish in.
 *
 * A Windows host waiting for its operator (needs-action, join script written) does not keep its slot:
 * startHost returns once the active work is done, the slot is released, and the host's watch (a
 * status poll every few seconds on its open connection, bounded by windows_watch) runs outside the
 * limit. A slot is for work that loads the host or the network; waiting for a person is neither, and
 * holding it would stall every queued host for up to windows_watch.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { HostConfig, Inventory } from '../config/types.js';
import type { FleetRun, HostDeps } from './api.js';
import { errorInfo } from './steps.js';
import { toMeshError } from './errors.js';
import type { HostResult } from './events.js';
import { startHost, type HostStart } from './provision.js';
import { createFleetShared } from './extras.js';

export async function runFleet(inv: Inventory, hosts: HostConfig[], deps: HostDeps, run: FleetRun): Promise<HostResult[]> {
  const n = Number.isFinite(run.concurrency) ? Math.max(1, Math.floor(run.concurrency)) : 1;
  const limit = pLimit(n);
  // Every in-flight command listens for the run's abort: more than Node's default 10 is expected.
  // (Watching Windows hosts listen too, outside the limit.)
  setMaxListeners(Math.max(10, (n + hosts.length) * 4), run.signal);
  // One Headscale session per run: keys minted once per tag set, one connection, closed at the end.
  const shared = createFleetShared(inv, deps, run);
  try {
    return await fleetResults(inv, hosts, deps, run, limit, shared);
  } finally {
    await shared.close().catch(() => {});
  }
}

function fleetResults(
  inv: Inventory,
  hosts: HostConfig[],
  deps: HostDeps,
  run: FleetRun,
  limit: ReturnType<typeof pLimit>,
  shared: ReturnType<typeof createFleetShared>,
): Promise<HostResult[]> {
  return Promise.all(
    hosts.map(async (host) => {
      const first = await limit(async (): Promise<HostStart> => {
        try {
          return await startHost(inv, host, deps, run, shared);
        } catch (e) {
          // Defensive: startHost is not supposed to throw.
          return { result: { id: host.id, status: 'failed', fqdn: null, changed: false, error: errorInfo(toMeshError(e)) } };
        }
      });
      if (!first.watch) return first.result;
      try {
        return await first.watch();
      } catch {
        return first.result; // defensive: the watch never throws
      }
    }),
  );
}
