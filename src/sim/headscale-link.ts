/**
 * How a simulated tailscale host and a simulated Headscale server meet: `tailscale` runs on a view
 * of the host in which the server's pre-auth keys are valid (expired, used and reusable as the
 * server says), 0.28+ refuses --advertise-tags with a key, and the peers are the server's other
 * nodes. A successful `up` with one of its keys registers the node (key tags applied, key used).
 * The view's borrowed fields are not kept: the host's own state stays as it was apart from the join.
 */
import { hsAtLeast, keyProblem, nodeTags, registerNode, type HeadscaleState } from './headscale-state.js';
import { identity } from './node.js';
import { simTailscale } from './tailscale.js';
import type { SimCtx, SimHost, SimPeer, SimResult } from './types.js';

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

function peersOf(h: SimHost, hs: HeadscaleState): SimPeer[] {
  return hs.nodes
    .filter((n) => n.machineKey !== h.seed)
    .map((n) => ({
      hostName: n.givenName,
      os: 'linux',
      ip: n.ipv4,
      online: n.online,
      ...(nodeTags(hs, n).length ? { tags: nodeTags(hs, n) } : {}),
      relay: 'fra',
      curAddr: `10.0.${n.id >> 8}.${n.id & 255}:41641`,
      active: false,
    }));
}

/** The host as `tailscale` should see it while this server is its control plane. */
export function tailscaleView(h: SimHost, hs: HeadscaleState, now: number): SimHost {
  const live = hs.keys.filter((k) => k.expiration > now).map((k) => k.key);
  const joinedHere = h.loginServer !== null && h.loginServer.replace(/\/+$/, '') === hs.serverUrl.replace(/\/+$/, '');
  return {
    ...h,
    validKeys: union(h.validKeys, live),
    expiredKeys: union(h.expiredKeys, hs.keys.filter((k) => k.expiration <= now).map((k) => k.key)),
    reusableKeys: union(h.reusableKeys, hs.keys.filter((k) => k.reusable).map((k) => k.key)),
    usedKeys: union(h.usedKeys, hs.keys.filter((k) => k.used).map((k) => k.key)),
    rejectTagsWithAuthKey: h.rejectTagsWithAuthKey || hsAtLeast(hs, '0.28.0'),
    peers: joinedHere ? peersOf(h, hs) : h.peers,
  };
}

/** The host's own fields back in place of the view's borrowed ones. */
function restore(own: SimHost, after: SimHost): SimHost {
  return {
    ...after,
    validKeys: own.validKeys,
    expiredKeys: own.expiredKeys,
    reusableKeys: own.reusableKeys,
    rejectTagsWithAuthKey: own.rejectTagsWithAuthKey,
    peers: own.peers,
  };
}

/**
 * Runs `tailscale ARGV` on ctx.host with `hs` as its control plane. Returns the result (state: the
 * host to store) and the server's state (the same object when nothing registered).
 */
export function tailscaleWithHeadscale(argv: readonly string[], ctx: SimCtx, hs: HeadscaleState): { result: SimResult; hs: HeadscaleState } {
  const own = ctx.host;
  const now = ctx.now();
  const view = tailscaleView(own, hs, now);
  const seen: { key: string | null } = { key: null };
  const inline = argv.find((a) => /^--?auth-?key=/.test(a));
  if (inline && !inline.includes('=file:')) seen.key = inline.slice(inline.indexOf('=') + 1);
  const readFile = (p: string) => {
    const text = ctx.readFile(p);
    seen.key = text.trim();
    return text;
  };
  const r = simTailscale(argv, { ...ctx, host: view, readFile });
  if (r.state === view) return { result: { ...r, state: own }, hs };
  let host = restore(own, r.state);
  let server = hs;
  const joined = argv[0] === 'up' && r.code === 0 && host.loggedIn && host.tailnet !== null;
  const key = seen.key;
  if (joined && key !== null && hs.keys.some((k) => k.key === key) && keyProblem(hs, key, now) === null) {
    const me = identity(host, host.tailnet!);
    const reg = registerNode(hs, key, { machine: own.seed, hostname: host.hostname, ipv4: me.ipv4, ipv6: me.ipv6, advertised: host.tags }, now);
    server = reg.state;
    host = { ...host, tags: union(host.tags, reg.node.tags).sort() };
  }
  return { result: { ...r, state: host }, hs: server };
}
