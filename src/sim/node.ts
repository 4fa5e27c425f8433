/** The node's identity on its tailnet: ids, keys and addresses, all derived from the host's seed. */
import { bigId, hex, int, stableId } from './rand.js';
import type { SimHost, SimPeer, SimTailnet } from './types.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';
export const HEADSCALE_TAGGED_USER = 2147455555;

export interface NodeIdentity {
  id: string;
  nodeId: number;
  publicKey: string;
  ipv4: string;
  ipv6: string;
  userId: number;
}

export const isHeadscale = (h: SimHost): boolean => h.loginServer !== null;

export function osName(h: SimHost): string {
  return h.uname.sysname === 'Darwin' ? 'macOS' : h.uname.sysname.toLowerCase();
}

/** DNS label of a host name, as control derives it. */
export function dnsLabel(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'localhost';
}

export function taggedUserId(h: SimHost, tailnet: SimTailnet): number {
  return isHeadscale(h) ? HEADSCALE_TAGGED_USER : bigId(`tagged ${tailnet.name}`);
}

export function ownerUserId(h: SimHost, tailnet: SimTailnet): number {
  return isHeadscale(h) ? 1 : bigId(`owner ${tailnet.name}`);
}

export function identity(h: SimHost, tailnet: SimTailnet): NodeIdentity {
  const seed = `${h.seed} ${tailnet.name}`;
  const userId = h.tags.length > 0 ? taggedUserId(h, tailnet) : ownerUserId(h, tailnet);
  if (isHeadscale(h)) {
    const n = int(seed, 2, 250);
    return {
      id: String(n),
      nodeId: n,
      publicKey: `nodekey:${hex(`nodekey ${seed}`, 64)}`,
      ipv4: `100.64.0.${n}`,
      ipv6: `fd7a:115c:a1e0::${n.toString(16)}`,
      userId,
    };
  }
  const [b, c, d] = [int(`${seed} b`, 64, 127), int(`${seed} c`, 0, 255), int(`${seed} d`, 1, 254)];
  return {
    id: stableId(seed),
    nodeId: bigId(`nodeid ${seed}`),
    publicKey: `nodekey:${hex(`nodekey ${seed}`, 64)}`,
    ipv4: `100.${b}.${c}.${d}`,
    ipv6: `fd7a:115c:a1e0::${hex(`${seed} v6a`, 4).replace(/^0+/, '') || '0'}:${hex(`${seed} v6b`, 4).replace(/^0+/, '') || '0'}`,
    userId,
  };
}

export function selfAddrs(h: SimHost): string[] {
  return [`198.51.100.${int(`${h.seed} pub`, 2, 254)}:41641`, `10.0.${int(`${h.seed} lan1`, 0, 255)}.${int(`${h.seed} lan2`, 2, 254)}:41641`];
}

export function peerIdentity(p: SimPeer, tailnet: SimTailnet): { id: string; nodeId: number; publicKey: string; ipv6: string } {
  const seed = `peer ${p.hostName} ${tailnet.name}`;
  return {
    id: stableId(seed),
    nodeId: bigId(`nodeid ${seed}`),
    publicKey: `nodekey:${hex(`nodekey ${seed}`, 64)}`,
    ipv6: `fd7a:115c:a1e0::${hex(`${seed} v6`, 4).replace(/^0+/, '') || '0'}`,
  };
}

/** RFC 3339 with whole seconds (KeyExpiry). */
export function wholeSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
