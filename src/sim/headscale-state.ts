/**
 * The simulated Headscale server's data (users, pre-auth keys, nodes) and what registration does to
 * it. Plain JSON (the SSH harness keeps it in a registry directory shared by the fleet's hosts, the
 * demo in memory). Times are ms since epoch; the CLI prints them as protobuf `{seconds, nanos}`.
 */
import { hex } from './rand.js';
import { atLeast } from './version.js';

export interface HsUser {
  id: number;
  name: string;
  createdAt: number;
  email?: string;
  displayName?: string;
}

export interface HsKey {
  id: number;
  /** The full secret (48 hex before 0.28, `hskey-auth-<12 hex>-<64 hex>` from 0.28). */
  key: string;
  /** null: a tag-only key (0.28+). */
  userId: number | null;
  reusable: boolean;
  ephemeral: boolean;
  used: boolean;
  expiration: number;
  createdAt: number;
  aclTags: string[];
}

export interface HsNode {
  id: number;
  /** Stable per machine (the simulated host's seed): a re-registration updates the node. */
  machineKey: string;
  nodeKey: string;
  discoKey: string;
  ipv4: string;
  ipv6: string;
  /** The hostname the node registered with. */
  name: string;
  /** The DNS label (unique: a clash gets a random suffix). */
  givenName: string;
  /** null: owned by tags (0.28+ `tagged-devices`). */
  userId: number | null;
  keyId: number | null;
  createdAt: number;
  lastSeen: number;
  /** 0.28+: the node's tags; ≤0.27: forced_tags (from the key). */
  tags: string[];
  /** ≤0.27 valid_tags: tags the node advertised (the simulated policy allows them all). */
  advertisedTags: string[];
  online: boolean;
}

export interface HeadscaleState {
  /** Without the leading v, e.g. "0.26.1". */
  version: string;
  serverUrl: string;
  /** `headscale serve` is running (else the CLI cannot reach its socket). */
  running: boolean;
  /** The socket is root-only (the packaged default): non-root CLI calls fail. */
  needsRoot: boolean;
  /** A `WRN An updated version…` line on stderr before every command's output; null: none. */
  updateWarning: string | null;
  users: HsUser[];
  keys: HsKey[];
  nodes: HsNode[];
}

export const TAGGED_DEVICES_ID = 2147455555;
export const GO_ZERO_SECONDS = -62135596800;

export const hsAtLeast = (st: Pick<HeadscaleState, 'version'>, min: string): boolean => atLeast(st.version, min);

export function makeHeadscale(over: Partial<HeadscaleState> & { userNames?: string[]; now?: number } = {}): HeadscaleState {
  const { userNames, now = Date.parse('2026-08-20T09:00:00Z'), ...rest } = over;
  const users = (userNames ?? ['mesh']).map((name, i) => ({ id: i + 1, name, createdAt: now + i * 1000 }));
  return {
    version: '0.26.1',
    serverUrl: 'http://127.0.0.1:8080',
    running: true,
    needsRoot: true,
    updateWarning: null,
    users,
    keys: [],
    nodes: [],
    ...rest,
  };
}

/** A new key's secret in the version's format (deterministic per state and id). */
export function newKeySecret(st: HeadscaleState, id: number, now: number): string {
  const seed = `hs ${st.serverUrl} key ${id} ${now}`;
  if (hsAtLeast(st, '0.28.0')) return `hskey-auth-${hex(`${seed} prefix`, 12)}-${hex(`${seed} secret`, 64)}`;
  return hex(seed, 48);
}

/** What `nodes list` shows instead of the secret (0.28+ masks it). */
export function shownKey(st: HeadscaleState, key: string): string {
  const m = /^(hskey-auth-[0-9a-f]{12})-/.exec(key);
  return m && hsAtLeast(st, '0.28.0') ? `${m[1]}-***` : key;
}

export function nextId(items: readonly { id: number }[]): number {
  return items.reduce((m, x) => Math.max(m, x.id), 0) + 1;
}

/** null when the key may register a node now; else headscale's error text (≥0.26 wording). */
export function keyProblem(st: HeadscaleState, secret: string, now: number): string | null {
  const k = st.keys.find((x) => x.key === secret);
  if (!k) return 'invalid pre auth key';
  if (k.expiration <= now) return 'authkey expired';
  if (k.used && !k.reusable) return 'authkey already used';
  return null;
}

export interface Registration {
  machine: string;
  hostname: string;
  ipv4: string;
  ipv6: string;
  /** Tags `up` advertised (--advertise-tags). */
  advertised: string[];
}

const label = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'node';

/** Registers (or re-registers) a machine with a pre-auth key; the key must be acceptable. */
export function registerNode(st: HeadscaleState, secret: string, reg: Registration, now: number): { state: HeadscaleState; node: HsNode } {
  const key = st.keys.find((x) => x.key === secret);
  if (!key) throw new Error('registerNode: unknown key');
  const existing = st.nodes.find((n) => n.machineKey === reg.machine);
  const others = st.nodes.filter((n) => n !== existing);
  let givenName = label(reg.hostname);
  if (others.some((n) => n.givenName === givenName)) givenName = `${givenName}-${hex(`${reg.machine} ${now}`, 8)}`;
  const tagged = hsAtLeast(st, '0.28.0') && key.aclTags.length > 0;
  const node: HsNode = {
    id: existing?.id ?? nextId(st.nodes),
    machineKey: reg.machine,
    nodeKey: `nodekey:${hex(`${reg.machine} nodekey ${now}`, 64)}`,
    discoKey: `discokey:${hex(`${reg.machine} disco`, 64)}`,
    ipv4: reg.ipv4,
    ipv6: reg.ipv6,
    name: reg.hostname,
    givenName,
    userId: tagged ? null : key.userId,
    keyId: key.id,
    createdAt: existing?.createdAt ?? now,
    lastSeen: now,
    tags: [...key.aclTags].sort(),
    advertisedTags: hsAtLeast(st, '0.28.0') ? [] : [...reg.advertised].sort(),
    online: true,
  };
  const keys = st.keys.map((k) => (k.id === key.id ? { ...k, used: true } : k));
  return { state: { ...st, keys, nodes: [...others, node].sort((a, b) => a.id - b.id) }, node };
}

/** The tags a node has as a whole (what a tailscale client sees in Self.Tags). */
export function nodeTags(st: HeadscaleState, n: HsNode): string[] {
  return [...new Set([...n.tags, ...(hsAtLeast(st, '0.28.0') ? [] : n.advertisedTags)])].sort();
}
