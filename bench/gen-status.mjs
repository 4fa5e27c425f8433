#!/usr/bin/env node
// A large `tailscale status --json` document, deterministic for (N, seed), following the rules in
// fixtures/status-large-generator.md (tailscale v1.102 field order, MarshalIndent with 2 spaces and
// no trailing newline, Peer keyed by "nodekey:<hex>" in string order, User keyed by 16-digit IDs).
//
//   node bench/gen-status.mjs 5000 1 > status-5000.json
//
// Also importable: generateStatus(n, seed) returns the text.
import { fileURLToPath } from 'node:url';

const ZERO = '0001-01-01T00:00:00Z';
const OSES = [['linux', 60], ['windows', 14], ['macOS', 12], ['iOS', 6], ['android', 5], ['freebsd', 3]];
const RELAYS = ['fra', 'nyc', 'sfo', 'lhr', 'sin', 'syd', 'tok', 'ams'];
const WORDS = ['web', 'db', 'app', 'api', 'cache', 'build', 'edge', 'mon', 'ci', 'vpn', 'lab', 'dev'];
const CAPS = ['https', 'https://tailscale.com/cap/ssh', 'probe-udp-lifetime', 'ssh-behavior-v1'];

/** splitmix32: small, fast, deterministic. */
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    hex: (len) => Array.from({ length: len }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''),
    digits: (len) => String(1 + Math.floor(next() * 9)) + Array.from({ length: len - 1 }, () => Math.floor(next() * 10)).join(''),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    weighted: (pairs) => {
      let x = next() * pairs.reduce((a, [, w]) => a + w, 0);
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
  };
}

/** i-th address: 100.64.1.1 upward, 3 apart; IPv6 in fd7a:115c:a1e0::/48 in canonical netip form. */
function addrs(i) {
  const n = (100 << 24) + (64 << 16) + (1 << 8) + 1 + 3 * i;
  const v4 = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const lo = n & 0xffff;
  const hi = (n >>> 16) & 0xffff;
  return [v4, `fd7a:115c:a1e0::${hi.toString(16)}:${lo.toString(16)}`];
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
const stableId = (r) => `n${r.hex(10)}CNTRL`;

function peer(r, i, users, base) {
  const key = `nodekey:${r.hex(64)}`;
  const os = r.weighted(OSES);
  const tagged = os === 'linux' && r.next() < 0.5;
  const router = tagged && r.next() < 0.04;
  const online = r.next() < 0.7;
  const active = online && r.next() < 0.14;
  const direct = active && r.next() < 0.6;
  const host = os === 'linux' ? `${r.pick(WORDS)}-${i + 1}` : os === 'windows' ? `DESKTOP-${r.hex(7).toUpperCase()}` : `${r.pick(['alice', 'bob', 'carol', 'dan'])}s-${os.toLowerCase()}-${i + 1}`;
  const [v4, v6] = addrs(i + 1);
  const ips = [v4, v6];
  const route = router ? `10.${i % 250}.${(i >> 8) % 250}.0/24` : null;
  const p = {
    ID: stableId(r),
    NodeID: Number(r.digits(16)),
    PublicKey: key,
    HostName: host,
    DNSName: `${host.toLowerCase()}.tail4f2a9c.ts.net.`,
    OS: os,
    UserID: tagged ? users.tagged : r.pick(users.people),
    TailscaleIPs: ips,
    AllowedIPs: [`${v4}/32`, `${v6}/128`, ...(route ? [route] : [])],
  };
  if (tagged) p.Tags = router ? ['tag:router'] : [`tag:${r.pick(WORDS)}`];
  if (route) p.PrimaryRoutes = [route];
  Object.assign(p, {
    Addrs: null,
    CurAddr: direct ? `198.51.100.${1 + r.int(250)}:41641` : '',
    Relay: r.pick(RELAYS),
    PeerRelay: '',
    RxBytes: active ? r.int(50_000_000) : 0,
    TxBytes: active ? r.int(50_000_000) : 0,
    Created: iso(base - r.int(400) * 86_400_000),
    LastWrite: active ? iso(base - r.int(60_000)) : ZERO,
    LastSeen: online ? ZERO : iso(base - r.int(30) * 86_400_000),
    LastHandshake: active ? iso(base - r.int(120_000)) : ZERO,
    Online: online,
    ExitNode: false,
    ExitNodeOption: false,
    Active: active,
    PeerAPIURL: [`http://${v4}:${20000 + r.int(40000)}`, `http://[${v6}]:${20000 + r.int(40000)}`],
    TaildropTarget: 0,
    NoFileSharingReason: '',
    InNetworkMap: true,
    InMagicSock: true,
    InEngine: true,
  });
  if (!tagged) p.KeyExpiry = iso(base + (r.int(420) - 30) * 86_400_000);
  return p;
}

export function generateStatus(n, seed = 1) {
  const r = rng(seed);
  const base = Date.UTC(2026, 2, 14, 9, 0, 0);
  const tagged = r.digits(16);
  const people = Array.from({ length: 8 }, () => r.digits(16));
  const users = { tagged: Number(tagged), people: people.map(Number) };
  const peers = Array.from({ length: n }, (_, i) => peer(r, i, users, base));
  const [v4, v6] = addrs(0);
  const self = {
    ID: stableId(r), NodeID: Number(r.digits(16)), PublicKey: `nodekey:${r.hex(64)}`, HostName: 'bench-self',
    DNSName: 'bench-self.tail4f2a9c.ts.net.', OS: 'linux', UserID: users.tagged, TailscaleIPs: [v4, v6],
    AllowedIPs: [`${v4}/32`, `${v6}/128`], Tags: ['tag:server'], Addrs: ['198.51.100.23:41641', '10.0.4.17:41641'],
    CurAddr: '', Relay: 'fra', PeerRelay: '', RxBytes: 0, TxBytes: 0, Created: iso(base - 86_400_000), LastWrite: ZERO,
    LastSeen: ZERO, LastHandshake: ZERO, Online: true, ExitNode: false, ExitNodeOption: false, Active: false,
    PeerAPIURL: [`http://${v4}:48213`, `http://[${v6}]:60871`], TaildropTarget: 0, NoFileSharingReason: '',
    Capabilities: CAPS, CapMap: Object.fromEntries(CAPS.map((c) => [c, null])), InNetworkMap: true, InMagicSock: false, InEngine: false,
  };
  // Go sorts map keys as strings; JS objects keep insertion order for non-integer keys.
  const peerMap = n === 0 ? null : Object.fromEntries(peers.map((p) => [p.PublicKey, p]).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const userIds = [tagged, ...people].sort();
  const names = ['alice', 'bob', 'carol', 'dan', 'erin', 'frank', 'grace', 'heidi'];
  const userMap = Object.fromEntries(
    userIds.map((id) => {
      const k = people.indexOf(id);
      const u = k < 0 ? { ID: Number(id), LoginName: 'tagged-devices', DisplayName: 'Tagged Devices' } : { ID: Number(id), LoginName: `${names[k]}@example.com`, DisplayName: `${names[k][0].toUpperCase()}${names[k].slice(1)} Example` };
      return [id, u];
    }),
  );
  const st = {
    Version: '1.102.3-t7c1e4b9a2-g5d3f08e61', TUN: true, BackendState: 'Running', HaveNodeKey: true, AuthURL: '',
    TailscaleIPs: [v4, v6], Self: self,
    Health: peers.some((p) => p.PrimaryRoutes) ? ['Some peers are advertising routes but --accept-routes is false'] : null,
    MagicDNSSuffix: 'tail4f2a9c.ts.net',
    CurrentTailnet: { Name: 'example.com', MagicDNSSuffix: 'tail4f2a9c.ts.net', MagicDNSEnabled: true },
    CertDomains: ['bench-self.tail4f2a9c.ts.net'], ExtraRecords: null, Peer: peerMap, User: userMap, ClientVersion: null,
  };
  return JSON.stringify(st, null, 2);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 5000);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(generateStatus(n, seed));
}
