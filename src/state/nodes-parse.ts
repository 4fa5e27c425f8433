/**
 * `tailscale status --json` → node rows, parsed once, defensively (FORMATS.md §1: nulls for empty
 * slices and maps, omitempty fields, zero times as 0001-01-01). Wrong types become empty values;
 * anything that is not a status document becomes a one-line error, never an exception.
 * Every row carries its display cells, sort keys and filter text, so sorting, filtering and drawing
 * 5,000 peers never re-reads the JSON.
 */
import { fmtAgo, sanitizeLine } from './format.js';

export const COLUMN_IDS = ['host', 'dns', 'ips', 'os', 'seen', 'tags', 'conn', 'exit', 'expiry'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface NodeRow {
  key: string;
  self: boolean;
  id: string;
  publicKey: string;
  hostName: string;
  dnsName: string;
  ips: string[];
  os: string;
  user: string;
  online: boolean;
  active: boolean;
  lastSeen: string | null;
  tags: string[];
  curAddr: string;
  relay: string;
  peerRelay: string;
  exitNode: boolean;
  exitNodeOption: boolean;
  keyExpiry: string | null;
  expired: boolean;
  rxBytes: number;
  txBytes: number;
  created: string | null;
  lastHandshake: string | null;
  primaryRoutes: string[];
  allowedIPs: string[];
  cells: Record<ColumnId, string>;
  sort: Record<ColumnId, string | number>;
  hay: string;
}

export interface NodeTableOk {
  ok: true;
  version: string;
  backendState: string;
  tailnet: string | null;
  magicDNSSuffix: string | null;
  authURL: string;
  health: string[];
  rows: NodeRow[];
  /** Longest cell per column (capped), for column widths. */
  widest: Record<ColumnId, number>;
  /** Entries that were skipped (not objects), reported in the header. */
  skipped: number;
}

export type NodeTable = NodeTableOk | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? sanitizeLine(v) : '');
const bool = (v: unknown): boolean => v === true;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/**
 * The strings of an array, sanitized. Fast path: an array of clean strings (every IP, tag and route
 * list of a real status) is returned as it is, not copied twice: it comes fresh from JSON.parse and
 * nothing else holds it (parseStatus's own document). ~20k arrays in a 5,000-peer status.
 */
function strs(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  let clean = true;
  for (const x of v) {
    if (typeof x !== 'string' || sanitizeLine(x) !== x) {
      clean = false;
      break;
    }
  }
  return clean ? (v as string[]) : v.filter((x): x is string => typeof x === 'string').map(sanitizeLine);
}

/** RFC 3339 → the same string, or null for Go's zero time, garbage and absent values. */
function time(v: unknown): string | null {
  return timeMs(v) === null ? null : (v as string);
}

/** time()'s epoch ms (null when time() is null): the row's own keys use it, so each time is parsed once. */
function timeMs(v: unknown): number | null {
  if (typeof v !== 'string' || v.startsWith('0001-01-01')) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

function conn(self: boolean, curAddr: string, peerRelay: string, relay: string): string {
  if (self) return 'self';
  if (curAddr) return `direct ${curAddr}`;
  if (peerRelay) return 'peer-relay';
  if (relay) return `relay ${relay}`;
  return '-';
}

function row(p: Obj, key: string, self: boolean, users: Obj, now: number): NodeRow {
  const hostName = str(p.HostName);
  const dnsName = str(p.DNSName).replace(/\.$/, '');
  const ips = strs(p.TailscaleIPs);
  const online = bool(p.Online);
  const lastSeenMs = timeMs(p.LastSeen);
  const lastSeen = lastSeenMs === null ? null : (p.LastSeen as string);
  const expiryMs = timeMs(p.KeyExpiry);
  const keyExpiry = expiryMs === null ? null : (p.KeyExpiry as string);
  const expired = bool(p.Expired) || (expiryMs !== null && expiryMs < now);
  const tags = strs(p.Tags);
  const curAddr = str(p.CurAddr);
  const relay = str(p.Relay);
  const peerRelay = str(p.PeerRelay);
  const exitNode = bool(p.ExitNode);
  const exitNodeOption = bool(p.ExitNodeOption);
  const u = users[String(p.UserID)];
  const user = isObj(u) ? str(u.LoginName) : '';
  const os = str(p.OS);
  const seenMs = lastSeenMs ?? 0;
  const cells: Record<ColumnId, string> = {
    host: (self ? '* ' : '') + (hostName || '?'),
    dns: dnsName || '-',
    ips: ips[0] ?? '-',
    os: os || '-',
    seen: online ? 'online' : lastSeen ? fmtAgo(seenMs, now) : 'offline',
    tags: tags.join(',') || '-',
    conn: conn(self, curAddr, peerRelay, relay),
    exit: exitNode ? 'in use' : exitNodeOption ? 'offered' : '',
    expiry: keyExpiry ? (expired ? 'expired' : keyExpiry.slice(0, 10)) : expired ? 'expired' : '-',
  };
  const sort: Record<ColumnId, string | number> = {
    host: hostName.toLowerCase(),
    dns: dnsName.toLowerCase(),
    ips: ips[0] ? ipKey(ips[0]) : '~',
    os: os.toLowerCase(),
    seen: online ? -Number.MAX_SAFE_INTEGER : -seenMs,
    tags: tags.join(',').toLowerCase() || '~',
    conn: cells.conn,
    exit: exitNode ? 0 : exitNodeOption ? 1 : 2,
    expiry: expiryMs ?? Number.MAX_SAFE_INTEGER,
  };
  const hay = [hostName, dnsName, ips.join(' '), os, user, tags.join(' '), cells.conn, cells.seen].join(' ').toLowerCase();
  return {
    key,
    self,
    id: str(p.ID),
    publicKey: str(p.PublicKey),
    hostName,
    dnsName,
    ips,
    os,
    user,
    online,
    active: bool(p.Active),
    lastSeen,
    tags,
    curAddr,
    relay,
    peerRelay,
    exitNode,
    exitNodeOption,
    keyExpiry,
    expired,
    rxBytes: num(p.RxBytes),
    txBytes: num(p.TxBytes),
    created: time(p.Created),
    lastHandshake: time(p.LastHandshake),
    primaryRoutes: strs(p.PrimaryRoutes),
    allowedIPs: strs(p.AllowedIPs),
    cells,
    sort,
    hay,
  };
}

/** Sortable form of an address: IPv4 zero-padded so 100.64.1.10 sorts after 100.64.1.9. */
function ipKey(ip: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  return m ? m.slice(1).map((o) => o.padStart(3, '0')).join('.') : `~${ip}`;
}

export function parseStatus(json: string, opts: { now?: number } = {}): NodeTable {
  const now = opts.now ?? Date.now();
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${sanitizeLine((e as Error).message).slice(0, 120)}` };
  }
  if (!isObj(doc)) return { ok: false, error: 'not a tailscale status document (expected a JSON object)' };
  if (!('Self' in doc) && !('Peer' in doc) && !('BackendState' in doc)) {
    return { ok: false, error: 'not a `tailscale status --json` document (no Self, Peer or BackendState)' };
  }
  const users = isObj(doc.User) ? doc.User : {};
  const rows: NodeRow[] = [];
  let skipped = 0;
  if (isObj(doc.Self)) rows.push(row(doc.Self, 'self', true, users, now));
  else if (doc.Self !== undefined && doc.Self !== null) skipped += 1;
  const peers = isObj(doc.Peer) ? Object.entries(doc.Peer) : Array.isArray(doc.Peer) ? doc.Peer.map((p, i) => [String(i), p] as const) : [];
  for (const [key, p] of peers) {
    if (isObj(p)) rows.push(row(p, key, false, users, now));
    else skipped += 1;
  }
  const widest = Object.fromEntries(COLUMN_IDS.map((c) => [c, 0])) as Record<ColumnId, number>;
  for (const r of rows) for (const c of COLUMN_IDS) widest[c] = Math.max(widest[c], Math.min(64, r.cells[c].length));
  const tailnet = isObj(doc.CurrentTailnet) ? str(doc.CurrentTailnet.Name) || null : null;
  const suffix = (isObj(doc.CurrentTailnet) ? str(doc.CurrentTailnet.MagicDNSSuffix) : '') || str(doc.MagicDNSSuffix) || null;
  return {
    ok: true,
    version: str(doc.Version),
    backendState: str(doc.BackendState) || 'unknown',
    tailnet,
    magicDNSSuffix: suffix,
    authURL: str(doc.AuthURL),
    health: strs(doc.Health),
    rows,
    widest,
    skipped,
  };
}
