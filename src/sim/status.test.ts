import { describe, expect, it } from 'vitest';
import { GoMap, goMarshalIndent } from './gojson.js';
import { installedHost, joinedHost, TAILNETS } from './presets.js';
import { statusJson } from './status.js';
import { NOW, fixture, keysOf } from './testkit.js';

type Obj = Record<string, unknown>;
const parse = (s: string) => JSON.parse(s) as Obj;
const fx = (name: string) => parse(fixture(name));

/** Every key of `ours` is known to the fixture's objects, and in the fixture's relative order. */
function expectOrderLike(ours: Obj, theirs: Obj[]): void {
  const canon: string[] = [];
  for (const t of theirs) for (const k of Object.keys(t)) if (!canon.includes(k)) canon.splice(indexAfter(canon, t, k), 0, k);
  const ok = keysOf(ours);
  for (const k of ok) expect(canon, `unknown key ${k}`).toContain(k);
  const positions = ok.map((k) => canon.indexOf(k));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}
function indexAfter(canon: string[], t: Obj, k: string): number {
  const ks = Object.keys(t);
  const prev = ks[ks.indexOf(k) - 1];
  return prev === undefined ? 0 : canon.indexOf(prev) + 1;
}

describe('status --json', () => {
  const joined = joinedHost('app-1', TAILNETS.example, ['tag:web', 'tag:server']);

  it('prints Go MarshalIndent: 2-space indent, no trailing newline', () => {
    const s = statusJson(joined, NOW);
    expect(s.startsWith('{\n  "Version": "1.102.3-t')).toBe(true);
    expect(s.endsWith('}')).toBe(true);
  });

  it('has the v1.102 top-level and Self field order of status-running.json', () => {
    const ours = parse(statusJson(joined, NOW));
    const theirs = fx('status-running.json');
    expect(keysOf(ours)).toEqual(keysOf(theirs));
    expect(keysOf(ours.Self)).toEqual(keysOf(theirs.Self));
    const theirPeers = Object.values(theirs.Peer as Obj) as Obj[];
    for (const p of Object.values(ours.Peer as Obj)) expectOrderLike(p as Obj, theirPeers);
  });

  it('tagged self has no KeyExpiry; untagged self has one in whole seconds', () => {
    const tagged = parse(statusJson(joined, NOW)).Self as Obj;
    expect(tagged).not.toHaveProperty('KeyExpiry');
    expect(tagged.Tags).toEqual(['tag:server', 'tag:web']);
    const untagged = parse(statusJson(joinedHost('app-2', TAILNETS.example, []), NOW)).Self as Obj;
    expect(untagged).not.toHaveProperty('Tags');
    expect(untagged.KeyExpiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('names the tailnet and DNS the way real status does', () => {
    const ours = parse(statusJson(joined, NOW));
    expect(ours.CurrentTailnet).toEqual({ Name: 'example.com', MagicDNSSuffix: 'example.ts.net', MagicDNSEnabled: true });
    expect(ours.MagicDNSSuffix).toBe('example.ts.net');
    expect((ours.Self as Obj).DNSName).toBe('app-1.example.ts.net.');
    expect(ours).not.toHaveProperty('TailnetName');
    expect(ours.CertDomains).toEqual(['app-1.example.ts.net']);
  });

  it('keys peers by nodekey (= PublicKey), sorted, and users by id string', () => {
    const s = statusJson(joined, NOW);
    const ours = parse(s);
    const peerKeys = Object.keys(ours.Peer as Obj);
    expect(peerKeys.length).toBe(3);
    for (const k of peerKeys) {
      expect(k).toMatch(/^nodekey:[0-9a-f]{64}$/);
      expect(((ours.Peer as Obj)[k] as Obj).PublicKey).toBe(k);
    }
    const textOrder = [...s.matchAll(/^    "(nodekey:[0-9a-f]+)": \{/gm)].map((m) => m[1]);
    expect(textOrder).toEqual([...textOrder].sort());
    const self = ours.Self as Obj;
    const users = ours.User as Obj;
    expect((users[String(self.UserID)] as Obj).LoginName).toBe('tagged-devices');
    for (const p of Object.values(ours.Peer as Obj)) expect((p as Obj).Addrs).toBeNull();
  });

  it('NeedsLogin has the shape of status-needslogin.json', () => {
    const ours = parse(statusJson(installedHost('srv-web-02'), NOW));
    const theirs = fx('status-needslogin.json');
    expect(keysOf(ours)).toEqual(keysOf(theirs));
    expect(keysOf(ours.Self)).toEqual(keysOf(theirs.Self));
    expect(ours).toMatchObject({ BackendState: 'NeedsLogin', CurrentTailnet: null, Peer: null, User: null, TailscaleIPs: null, MagicDNSSuffix: '' });
    expect(ours).not.toHaveProperty('HaveNodeKey');
    expect((ours.Self as Obj).PublicKey).toBe(`nodekey:${'0'.repeat(64)}`);
  });

  it('uses the v1.78 shape for a 1.78 node', () => {
    const old = joinedHost('srv-web-01', TAILNETS.example, ['tag:server', 'tag:web'], { version: '1.78.1' });
    const ours = parse(statusJson(old, NOW));
    const theirs = fx('status-running-v1.78.json');
    expect(keysOf(ours)).toEqual(keysOf(theirs));
    expect(keysOf(ours.Self)).toEqual(keysOf(theirs.Self));
    for (const u of Object.values(ours.User as Obj)) expect(keysOf(u)).toEqual(['ID', 'LoginName', 'DisplayName', 'ProfilePicURL', 'Roles']);
    expect(ours.Version).toMatch(/^1\.78\.1-t[0-9a-f]{9}-g[0-9a-f]{9}$/);
  });

  it('uses headscale ids, caps and nulls when a login server is set', () => {
    const hs = joinedHost('srv-web-01', { name: 'hs.example.net', magicDNSSuffix: 'ts.example.net' }, ['tag:server'], {
      loginServer: 'https://hs.example.net',
    });
    const ours = parse(statusJson(hs, NOW));
    const theirs = fx('status-running-headscale.json');
    expect(keysOf(ours)).toEqual(keysOf(theirs));
    expect(keysOf(ours.Self)).toEqual(keysOf(theirs.Self));
    expect((ours.Self as Obj).ID).toMatch(/^\d+$/);
    expect((ours.Self as Obj).UserID).toBe(2147455555);
    expect((ours.Self as Obj).CapMap).toEqual((theirs.Self as Obj).CapMap);
    expect(ours).toMatchObject({ CertDomains: null, ClientVersion: null });
  });

  it('--peers=false gives Peer null; Stopped keeps the tailnet', () => {
    expect(parse(statusJson(joined, NOW, { peers: false })).Peer).toBeNull();
    const stopped = parse(statusJson({ ...joined, backendState: 'Stopped' }, NOW));
    expect(stopped.BackendState).toBe('Stopped');
    expect(stopped.Health).toEqual(['Tailscale is stopped.']);
    expect((stopped.CurrentTailnet as Obj).Name).toBe('example.com');
  });
});

describe('goMarshalIndent', () => {
  it('sorts map keys as strings and escapes <, >, &', () => {
    expect(goMarshalIndent(new GoMap({ '9': 1, '10': 2 }))).toBe('{\n  "10": 2,\n  "9": 1\n}');
    expect(goMarshalIndent({ a: '<&>', b: [], c: {}, d: undefined })).toBe('{\n  "a": "\\u003c\\u0026\\u003e",\n  "b": [],\n  "c": {}\n}');
  });
});
