/** `tailscale status --json` in the v1.102.3 shape (older shapes by version), FORMATS.md §1. */
import { GoMap, goMarshalIndent } from './gojson.js';
import {
  ZERO_TIME,
  dnsLabel,
  identity,
  isHeadscale,
  osName,
  ownerUserId,
  peerIdentity,
  selfAddrs,
  taggedUserId,
  wholeSeconds,
} from './node.js';
import { int } from './rand.js';
import type { SimHost, SimPeer, SimTailnet } from './types.js';
import { atLeast, longVersion } from './version.js';

const CAPS_SENTINEL =
  'HTTPS://TAILSCALE.COM/s/DEPRECATED-NODE-CAPS#see-https://github.com/tailscale/tailscale/issues/11508';
const SAAS_CAPS = [
  'https',
  'https://tailscale.com/cap/ssh',
  'https://tailscale.com/cap/tailnet-lock',
  'probe-udp-lifetime',
  'ssh-behavior-v1',
  'ssh-env-vars',
  'store-appc-routes',
];
const HEADSCALE_CAPS = ['default-auto-update', 'https://tailscale.com/cap/file-sharing', 'https://tailscale.com/cap/is-admin', 'https://tailscale.com/cap/ssh'];
export const LATEST_VERSION = '1.102.3';
const KEY_LIFETIME_MS = 180 * 24 * 3600 * 1000;

export interface StatusOptions {
  peers?: boolean;
  active?: boolean;
}

/** Version-dependent fields: set to undefined (left out) when the version predates them. */
function since(h: SimHost, v: string, value: unknown): unknown {
  return atLeast(h.version, v) ? value : undefined;
}

function dnsName(name: string, t: SimTailnet): string {
  return `${dnsLabel(name)}.${t.magicDNSSuffix}.`;
}

function selfLoggedIn(h: SimHost, t: SimTailnet, now: number): Record<string, unknown> {
  const me = identity(h, t);
  const created = h.createdAt ?? new Date(now).toISOString();
  const hs = isHeadscale(h);
  const caps = hs ? HEADSCALE_CAPS : SAAS_CAPS;
  const capMap: Record<string, unknown> = {};
  for (const c of caps) capMap[c] = hs ? (c === 'default-auto-update' ? [false] : []) : null;
  const online = h.backendState === 'Running';
  return {
    ID: me.id,
    NodeID: since(h, '1.100.0', me.nodeId),
    PublicKey: me.publicKey,
    HostName: h.hostname,
    DNSName: dnsName(h.hostname, t),
    OS: osName(h),
    UserID: me.userId,
    TailscaleIPs: [me.ipv4, me.ipv6],
    AllowedIPs: [`${me.ipv4}/32`, `${me.ipv6}/128`],
    Tags: h.tags.length > 0 ? [...h.tags].sort() : undefined,
    Addrs: selfAddrs(h),
    CurAddr: '',
    Relay: 'fra',
    PeerRelay: since(h, '1.86.0', ''),
    RxBytes: 0,
    TxBytes: 0,
    Created: created,
    LastWrite: ZERO_TIME,
    LastSeen: ZERO_TIME,
    LastHandshake: ZERO_TIME,
    Online: online,
    ExitNode: false,
    ExitNodeOption: false,
    Active: false,
    PeerAPIURL: [`http://${me.ipv4}:${int(`${h.seed} papi4`, 32768, 60999)}`, `http://[${me.ipv6}]:${int(`${h.seed} papi6`, 32768, 60999)}`],
    TaildropTarget: since(h, '1.82.0', 0),
    NoFileSharingReason: since(h, '1.82.0', ''),
    Capabilities: [CAPS_SENTINEL, ...caps],
    CapMap: new GoMap(capMap),
    InNetworkMap: true,
    InMagicSock: false,
    InEngine: false,
    KeyExpiry: h.tags.length > 0 ? undefined : wholeSeconds(Date.parse(created) + KEY_LIFETIME_MS),
  };
}

function selfLoggedOut(h: SimHost): Record<string, unknown> {
  return {
    ID: '',
    NodeID: since(h, '1.100.0', 0),
    PublicKey: `nodekey:${'0'.repeat(64)}`,
    HostName: h.hostname,
    DNSName: '',
    OS: osName(h),
    UserID: 0,
    TailscaleIPs: null,
    Addrs: selfAddrs(h),
    CurAddr: '',
    Relay: 'fra',
    PeerRelay: since(h, '1.86.0', ''),
    RxBytes: 0,
    TxBytes: 0,
    Created: ZERO_TIME,
    LastWrite: ZERO_TIME,
    LastSeen: ZERO_TIME,
    LastHandshake: ZERO_TIME,
    Online: false,
    ExitNode: false,
    ExitNodeOption: false,
    Active: false,
    PeerAPIURL: null,
    TaildropTarget: since(h, '1.82.0', 0),
    NoFileSharingReason: since(h, '1.82.0', ''),
    InNetworkMap: false,
    InMagicSock: false,
    InEngine: false,
  };
}

function peerStatus(h: SimHost, p: SimPeer, t: SimTailnet, now: number): Record<string, unknown> {
  const pid = peerIdentity(p, t);
  const hs = isHeadscale(h);
  const lastOctet = Number(p.ip.split('.').pop());
  const created = new Date(now - int(`${p.hostName} age`, 5, 300) * 86_400_000).toISOString();
  const recent = new Date(now - 20_000).toISOString();
  return {
    ID: hs ? String(lastOctet) : pid.id,
    NodeID: since(h, '1.100.0', hs ? lastOctet : pid.nodeId),
    PublicKey: pid.publicKey,
    HostName: p.hostName,
    DNSName: dnsName(p.hostName, t),
    OS: p.os,
    UserID: p.tags && p.tags.length > 0 ? taggedUserId(h, t) : ownerUserId(h, t),
    TailscaleIPs: [p.ip, pid.ipv6],
    AllowedIPs: [`${p.ip}/32`, `${pid.ipv6}/128`],
    Tags: p.tags && p.tags.length > 0 ? [...p.tags].sort() : undefined,
    Addrs: null,
    CurAddr: p.curAddr,
    Relay: p.relay,
    PeerRelay: since(h, '1.86.0', ''),
    RxBytes: p.active ? int(`${p.hostName} rx`, 10_000, 9_000_000) : 0,
    TxBytes: p.active ? int(`${p.hostName} tx`, 10_000, 9_000_000) : 0,
    Created: created,
    LastWrite: p.active ? recent : ZERO_TIME,
    LastSeen: p.online ? ZERO_TIME : new Date(now - 3 * 86_400_000).toISOString(),
    LastHandshake: p.active ? recent : ZERO_TIME,
    Online: p.online,
    ExitNode: false,
    ExitNodeOption: false,
    Active: p.active,
    PeerAPIURL: [`http://${p.ip}:${int(`${p.hostName} papi4`, 32768, 60999)}`, `http://[${pid.ipv6}]:${int(`${p.hostName} papi6`, 32768, 60999)}`],
    TaildropTarget: since(h, '1.82.0', p.online ? 4 : 5),
    NoFileSharingReason: since(h, '1.82.0', ''),
    InNetworkMap: true,
    InMagicSock: true,
    InEngine: p.active,
    KeyExpiry: p.tags && p.tags.length > 0 ? undefined : wholeSeconds(Date.parse(created) + KEY_LIFETIME_MS),
  };
}

function userProfile(h: SimHost, id: number, login: string, display: string): Record<string, unknown> {
  if (!atLeast(h.version, '1.82.0')) return { ID: id, LoginName: login, DisplayName: display, ProfilePicURL: '', Roles: [] };
  return { ID: id, LoginName: login, DisplayName: display };
}

function users(h: SimHost, t: SimTailnet, peers: SimPeer[]): GoMap {
  const out: Record<string, unknown> = {};
  const tagged = taggedUserId(h, t);
  const owner = ownerUserId(h, t);
  const ownerLogin = isHeadscale(h) ? 'mesh' : `ops@${t.name}`;
  const needTagged = h.tags.length > 0 || peers.some((p) => p.tags && p.tags.length > 0);
  const needOwner = h.tags.length === 0 || peers.some((p) => !p.tags || p.tags.length === 0);
  if (needTagged) out[String(tagged)] = userProfile(h, tagged, 'tagged-devices', 'Tagged Devices');
  if (needOwner) out[String(owner)] = userProfile(h, owner, ownerLogin, isHeadscale(h) ? 'mesh' : 'Ops');
  return new GoMap(out);
}

function health(h: SimHost): string[] {
  switch (h.backendState) {
    case 'Running':
      return [];
    case 'Stopped':
      return ['Tailscale is stopped.'];
    case 'NeedsMachineAuth':
      return ['Machine is not yet approved by tailnet admin.'];
    default:
      return ['You are logged out.'];
  }
}

/** The status object (fields in emitted order; undefined = omitted). */
export function statusObject(h: SimHost, now: number, opts: StatusOptions = {}): Record<string, unknown> {
  const base = {
    Version: longVersion(h.version),
    TUN: true,
    BackendState: h.backendState,
  };
  const t = h.tailnet;
  if (!h.loggedIn || !t) {
    return {
      ...base,
      AuthURL: '',
      TailscaleIPs: null,
      Self: selfLoggedOut(h),
      Health: health(h),
      MagicDNSSuffix: '',
      CurrentTailnet: null,
      CertDomains: null,
      ExtraRecords: since(h, '1.100.0', null),
      Peer: null,
      User: null,
      ClientVersion: null,
    };
  }
  const self = selfLoggedIn(h, t, now);
  const running = h.backendState === 'Running';
  let peers = running && opts.peers !== false ? h.peers : [];
  if (opts.active) peers = peers.filter((p) => p.active);
  const peerMap: Record<string, unknown> = {};
  for (const p of peers) peerMap[peerIdentity(p, t).publicKey] = peerStatus(h, p, t, now);
  const hs = isHeadscale(h);
  return {
    ...base,
    HaveNodeKey: since(h, '1.66.0', true),
    AuthURL: '',
    TailscaleIPs: self.TailscaleIPs,
    Self: self,
    Health: health(h),
    MagicDNSSuffix: t.magicDNSSuffix,
    CurrentTailnet: { Name: t.name, MagicDNSSuffix: t.magicDNSSuffix, MagicDNSEnabled: true },
    CertDomains: hs ? null : [`${dnsLabel(h.hostname)}.${t.magicDNSSuffix}`],
    ExtraRecords: since(h, '1.100.0', null),
    Peer: running && opts.peers !== false && peers.length > 0 ? new GoMap(peerMap) : null,
    User: users(h, t, peers),
    ClientVersion: hs ? null : atLeast(h.version, LATEST_VERSION) ? { RunningLatest: true } : { LatestVersion: LATEST_VERSION, Notify: true },
  };
}

/** The exact bytes `tailscale status --json` prints: 2-space indent, no trailing newline. */
export function statusJson(h: SimHost, now: number, opts: StatusOptions = {}): string {
  return goMarshalIndent(statusObject(h, now, opts));
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Text-mode `tailscale status` for a running node (one line per node). */
export function statusTable(h: SimHost): string {
  const t = h.tailnet!;
  const me = identity(h, t);
  const ownerLogin = (tags: string[] | undefined) => (tags && tags.length > 0 ? 'tagged-devices' : isHeadscale(h) ? 'mesh' : `ops@${t.name}`);
  const line = (ip: string, name: string, owner: string, os: string, st: string) =>
    `${pad(ip, 15)} ${pad(name, 20)} ${pad(owner, 12)} ${pad(os, 7)} ${st}`;
  const out = [line(me.ipv4, dnsLabel(h.hostname), ownerLogin(h.tags), osName(h), '-')];
  for (const p of h.peers) {
    let st = '-';
    if (!p.online) st = 'offline';
    else if (p.active) st = p.curAddr ? `active; direct ${p.curAddr}, tx 2210744 rx 1843296` : `active; relay "${p.relay}", tx 2210744 rx 1843296`;
    out.push(line(p.ip, dnsLabel(p.hostName), ownerLogin(p.tags), p.os, st));
  }
  return out.join('\n') + '\n';
}
