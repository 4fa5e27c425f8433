/**
 * Many hosts, at most `concurrency` at once. One host's failure never stops another (provisionHost
 * never throws), and results come back in input order whatever order hosts finish in.
 */
import pLimit from 'p-limit';
import type { HostConfig, Inventory } from '../config/types.js';
import type { FleetRun, HostDeps } from './api.js';
import { errorInfo } from './steps.js';
import { toMeshError } from './errors.js';
import type { HostResult } from './events.js';
import { provisionHost } from './provision.js';

export async function runFleet(inv: Inventory, hosts: HostConfig[], deps: HostDeps, run: FleetRun): Promise<HostResult[]> {
  const n = Number.isFinite(run.concurrency) ? Math.max(1, Math.floor(run.concurrency)) : 1;
  const limit = pLimit(n);
  return Promise.all(
    hosts.map((host) =>
      limit(async (): Promise<HostResult> => {
        try {
          return await provisionHost(inv, host, deps, run);
        } catch (e) {
          // Defensive: provisionHost is not supposed to throw.
          return { id: host.id, status: 'failed', fqdn: null, changed: false, error: errorInfo(toMeshError(e)) };
        }
      }),
    ),
  );
}
