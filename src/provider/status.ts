/**
 * `tailscale status --json` parsing (FORMATS.md §1). Tolerant by design: fields come and go across
 * versions (HaveNodeKey v1.66, NodeID v1.100, …), `Tags` is absent when untagged, nil slices and
 * maps are `null`, `CurrentTailnet` is `null` when logged out, and the CLI prints no trailing
 * newline. Wrong types degrade to "absent" (bounded, never a crash); only a missing/invalid `Self`
 * or non-JSON text is an error, and that error names the command.
 */
import { MeshError } from './errors.js';

export interface NodeStatus {
  id: string;
  hostName: string;
  /** FQDN with the trailing dot removed; '' when logged out. */
  dnsName: string;
  os: string;
  online: boolean;
  active: boolean;
  /** Sorted; [] when untagged (the key is absent then). */
  tags: string[];
  tailscaleIPs: string[];
  relay: string;
  curAddr: string;
  lastSeen: string;
  exitNode: boolean;
}

export interface TailscaleStatus {
  /** Daemon long version, e.g. `1.84.0-t160c11f37-gbf6042458`. */
  version: string;
  backendState: string;
  authURL: string;
  self: NodeStatus;
  /** null when there is no netmap (NeedsLogin, logged out): "not joined", not an error. */
  tailnet: { name: string; magicDNSSuffix: string } | null;
  /** The deprecated top-level duplicate of CurrentTailnet.MagicDNSSuffix. */
  magicDNSSuffix: string;
  health: string[];
  peers: NodeStatus[];
}

export const STATUS_COMMAND = 'tailscale status --json';

function statusError(reason: string, text: string): MeshError {
  return new MeshError('ErrSSH', `tailscale provider: cannot parse \`${STATUS_COMMAND}\` output: ${reason}`, {
    cause: 'status-unparseable',
    remedy: `run '${STATUS_COMMAND}' on the host by hand; the output should be one JSON object`,
    detail: { bytes: text.length, head: text.slice(0, 200) },
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const b = (v: unknown): boolean => v === true;
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function node(o: Obj): NodeStatus {
  return {
    id: s(o.ID),
    hostName: s(o.HostName),
    dnsName: s(o.DNSName).replace(/\.$/, ''),
    os: s(o.OS),
    online: b(o.Online),
    active: b(o.Active),
    tags: [...new Set(strings(o.Tags))].sort(),
    tailscaleIPs: strings(o.TailscaleIPs),
    relay: s(o.Relay),
    curAddr: s(o.CurAddr),
    lastSeen: s(o.LastSeen),
    exitNode: b(o.ExitNode),
  };
}

export function parseStatus(text: string): TailscaleStatus {
  let body = text.trim();
  // A stray line before the JSON (a warning on a merged stream) must not defeat parsing.
  if (!body.startsWith('{') && body.includes('\n{')) body = body.slice(body.indexOf('\n{') + 1);
  if (body === '') throw statusError('empty output', text);
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0]!.slice(0, 100);
    throw statusError(`invalid or truncated JSON (${text.length} bytes): ${why}`, text);
  }
  if (!isObj(j)) throw statusError('expected a JSON object', text);
  if (!isObj(j.Self)) throw statusError('no Self node in the output', text);

  const ct = j.CurrentTailnet;
  const tailnet = isObj(ct) ? { name: s(ct.Name), magicDNSSuffix: s(ct.MagicDNSSuffix).replace(/\.$/, '') } : null;
  const peers = isObj(j.Peer) ? Object.values(j.Peer).filter(isObj).map(node) : [];
  peers.sort((x, y) => (x.dnsName || x.hostName).localeCompare(y.dnsName || y.hostName));
  return {
    version: s(j.Version),
    backendState: s(j.BackendState),
    authURL: s(j.AuthURL),
    self: node(j.Self),
    tailnet,
    magicDNSSuffix: s(j.MagicDNSSuffix).replace(/\.$/, ''),
    health: strings(j.Health),
    peers,
  };
}

/**
 * The host's MagicDNS suffix: CurrentTailnet.MagicDNSSuffix, else the top-level MagicDNSSuffix, else
 * what follows the first label of Self.DNSName. '' when the host is in no tailnet.
 */
export function tailnetSuffix(st: TailscaleStatus): string {
  const fromSelf = st.self.dnsName.includes('.') ? st.self.dnsName.slice(st.self.dnsName.indexOf('.') + 1) : '';
  return (st.tailnet?.magicDNSSuffix || st.magicDNSSuffix || fromSelf).toLowerCase();
}

/** Joined = there is a netmap (CurrentTailnet) and the backend is not asking for a login. */
export function isJoined(st: TailscaleStatus): boolean {
  if (st.backendState === 'NeedsLogin' || st.backendState === 'NoState') return false;
  return st.tailnet !== null || st.magicDNSSuffix !== '';
}
