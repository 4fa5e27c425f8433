/** `meshtui fqdn HOST`: the registered provider's NodeFQDN, pure (no network). */
import type { Inventory } from '../config/types.js';
import { get } from '../provider/index.js';

export function nodeFQDN(inv: Inventory, hostId: string): string {
  return get(inv.provider).nodeFQDN(hostId, inv.tailscale);
}
