import { describe, expect, it } from 'vitest';
import { installedHost, makeHeadscale, type HeadscaleState } from '../sim/index.js';
import { simHost, type SimHostHandle, type SimWorld } from '../../test/sim-commander.js';
import type { HeadscaleConfig, HostConfig, Inventory } from '../config/types.js';
import type { HostDeps } from './api.js';
import type { EngineEvent, HostResult } from './events.js';
import { runFleet } from './fleet.js';
import { testInventory } from '../../test/inventory-kit.js';

const NOW = Date.parse('2026-08-22T14:04:00Z');
const LOGIN = 'http://hs.example.com:8080';

function inventory(hosts: HostConfig[], hs: Partial<HeadscaleConfig> = {}, over: Partial<Inventory['tailscale']> = {}): Inventory {
  return testInventory(
    { loginServer: LOGIN, roleTags: { app: ['tag:app'] }, headscale: { host: 'ctl', user: 'mesh', expiration: '24h', reusable: true, ...hs }, ...over },
    { hosts },
  );
}

const HOSTS: HostConfig[] = [
  { id: 'ctl', address: '10.0.0.56', user: 'deploy', tags: [], os: 'auto' },
  { id: 'app-1', address: '10.0.0.11', user: 'deploy', role: 'app', tags: [], os: 'auto' },
  { id: 'app-2', address: '10.0.0.12', user: 'deploy', role: 'app', tags: [], os: 'auto' },
];

interface Rig {
  world: SimWorld;
  handles: Record<string, SimHostHandle>;
  connects: string[];
  deps: HostDeps;
}

function rig(version: string, over: Partial<HeadscaleState> = {}, env: Record<string, string> = {}): Rig {
  const world: SimWorld = { hs: makeHeadscale({ version, serverUrl: LOGIN, userNames: ['ops', 'mesh'], ...over }), now: NOW };
  const handles = Object.fromEntries(HOSTS.map((h) => [h.id, simHost(world, installedHost(h.id), { hsHere: h.id === 'ctl' })]));
  const connects: string[] = [];
  const deps: HostDeps = {
    connect: async (h) => (connects.push(h.id), handles[h.id]!.commander),
    env: (n) => env[n],
    now: () => (world.now += 1),
  };
  return { world, handles, connects, deps };
}

async function fleet(r: Rig, inv: Inventory, hosts = inv.hosts) {
  const events: EngineEvent[] = [];
  const results = await runFleet(inv, hosts, r.deps, { runId: 'r1', mode: 'provision', signal: new AbortController().signal, concurrency: 3, emit: (e) => events.push(e) });
  return { events, results };
}

const calls = (r: Rig) => Object.values(r.handles).flatMap((h) => h.commander.calls);
const creates = (r: Rig) => r.handles.ctl!.commander.callsMatching(/headscale preauthkeys create/);
const stepOf = (events: EngineEvent[], host: string, step: string) =>
  events.filter((e): e is Extract<EngineEvent, { type: 'step' }> => e.type === 'step' && e.host === host && e.step === step && e.status !== 'running').at(-1);
const okAll = (results: HostResult[]) => expect(results.map((x) => `${x.id}:${x.status}`)).toEqual(['ctl:ok', 'app-1:ok', 'app-2:ok']);

function noKeyLeak(r: Rig, events: EngineEvent[]) {
  const keys = r.world.hs!.keys.map((k) => k.key);
  expect(keys.length).toBeGreaterThan(0);
  const argvText = calls(r).map((c) => c.argv.join(' ')).join('\n');
  const eventText = JSON.stringify(events);
  for (const k of keys) {
    expect(argvText).not.toContain(k);
    expect(eventText).not.toContain(k);
  }
  // …and the key did reach `tailscale up`, on stdin.
  expect(calls(r).filter((c) => c.argv.includes('meshtui-join')).every((c) => keys.includes((c.stdin ?? '').split('\n')[0]!))).toBe(true);
}

describe('Headscale: minting keys when the env var is unset', () => {
  it.each(['0.22.3', '0.23.0'])('%s: --user takes the name, one reusable key for the whole fleet, --advertise-tags on up', async (v) => {
    const r = rig(v);
    const { events, results } = await fleet(r, inventory(HOSTS));
    okAll(results);
    expect(creates(r).map((c) => c.line)).toEqual(['sudo -n headscale preauthkeys create --user mesh --reusable --expiration 24h -o json']);
    expect(r.handles.ctl!.commander.callsMatching(/headscale users list/)).toHaveLength(0);
    expect(r.world.hs!.keys[0]!.key).toMatch(/^[0-9a-f]{48}$/);
    const up = calls(r).filter((c) => c.argv.includes('meshtui-join')).map((c) => c.argv.find((a) => a.startsWith('--advertise-tags')));
    expect(up.sort()).toEqual(['--advertise-tags=tag:app,tag:meshtui', '--advertise-tags=tag:app,tag:meshtui', '--advertise-tags=tag:meshtui']);
    expect(stepOf(events, 'app-1', 'mint-key')?.detail).toMatch(/(minted a reusable 24h key on ctl|reused this run's reusable 24h key from ctl)/);
    expect(r.world.hs!.nodes.map((n) => n.givenName).sort()).toEqual(['app-1', 'app-2', 'ctl']);
    noKeyLeak(r, events);
  });

  it('0.26: the name is looked up as a numeric id (users list), one key', async () => {
    const r = rig('0.26.1');
    const { events, results } = await fleet(r, inventory(HOSTS));
    okAll(results);
    expect(r.handles.ctl!.commander.callsMatching('sudo -n headscale users list -o json')).toHaveLength(1);
    expect(creates(r).map((c) => c.line)).toEqual(['sudo -n headscale preauthkeys create --user 2 --reusable --expiration 24h -o json']);
    expect(stepOf(events, 'ctl', 'verify')?.detail).toMatch(/headscale ctl lists node ctl \(id \d+, user mesh\)/);
    noKeyLeak(r, events);
  });

  it('0.26 with a numeric user id in the config: used as is, no lookup', async () => {
    const r = rig('0.27.0');
    const { results } = await fleet(r, inventory(HOSTS, { user: '2' }));
    okAll(results);
    expect(r.handles.ctl!.commander.callsMatching(/users list/)).toHaveLength(0);
    expect(creates(r)[0]!.line).toContain('--user 2 ');
  });

  it('unknown version + a name: the ParseUint refusal is retried once with the id', async () => {
    const r = rig('0.26.1');
    r.handles.ctl!.commander.override(/headscale version/, { stdout: '{\n\t"version": "dev"\n}\n' });
    const { results } = await fleet(r, inventory(HOSTS, {}, { defaultTags: ['tag:meshtui'], roleTags: {} }));
    okAll(results);
    expect(creates(r).map((c) => c.line)).toEqual([
      'sudo -n headscale preauthkeys create --user mesh --reusable --expiration 24h --tags tag:meshtui -o json',
      'sudo -n headscale preauthkeys create --user 2 --reusable --expiration 24h --tags tag:meshtui -o json',
    ]);
  });

  it.each(['0.28.0', '0.29.0'])('%s: tags go on the key (one key per tag set), no --advertise-tags; nodes carry the tags', async (v) => {
    const r = rig(v);
    const { events, results } = await fleet(r, inventory(HOSTS));
    okAll(results);
    const lines = creates(r).map((c) => c.line).sort();
    expect(lines).toEqual([
      'sudo -n headscale preauthkeys create --user 2 --reusable --expiration 24h --tags tag:app,tag:meshtui -o json',
      'sudo -n headscale preauthkeys create --user 2 --reusable --expiration 24h --tags tag:meshtui -o json',
    ]);
    expect(r.world.hs!.keys.every((k) => k.key.startsWith('hskey-auth-'))).toBe(true);
    expect(calls(r).filter((c) => c.argv.includes('meshtui-join')).every((c) => !c.argv.some((a) => a.startsWith('--advertise-tags')))).toBe(true);
    expect(Object.fromEntries(r.world.hs!.nodes.map((n) => [n.givenName, n.tags]))).toEqual({ ctl: ['tag:meshtui'], 'app-1': ['tag:app', 'tag:meshtui'], 'app-2': ['tag:app', 'tag:meshtui'] });
    noKeyLeak(r, events);
  });

  it('0.28 tag-only keys need no user', async () => {
    const r = rig('0.28.0');
    const { results } = await fleet(r, inventory(HOSTS, { user: undefined }));
    okAll(results);
    expect(creates(r).every((c) => !c.argv.includes('--user'))).toBe(true);
  });

  it('a non-reusable key is minted per host', async () => {
    const r = rig('0.26.1');
    const { results } = await fleet(r, inventory(HOSTS, { reusable: false }));
    okAll(results);
    expect(creates(r)).toHaveLength(3);
    expect(creates(r).every((c) => !c.argv.includes('--reusable'))).toBe(true);
  });

  it('an all-joined fleet mints nothing and never connects to the headscale host for it', async () => {
    const r = rig('0.26.1');
    await fleet(r, inventory(HOSTS));
    const before = creates(r).length;
    const hsCalls = r.handles.ctl!.commander.callsMatching(/headscale/).length;
    const { events, results } = await fleet(r, inventory(HOSTS));
    expect(results.map((x) => x.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(creates(r)).toHaveLength(before);
    expect(r.handles.ctl!.commander.callsMatching(/headscale/)).toHaveLength(hsCalls);
    expect(stepOf(events, 'app-1', 'mint-key')).toMatchObject({ status: 'skipped', detail: 'already joined: no key needed' });
    expect(stepOf(events, 'app-1', 'verify')?.detail).toMatch(/ping ctl: \d+ms direct/);
  });

  it('with the key in the environment: no minting (mint-key skipped), the node is still confirmed', async () => {
    const r = rig('0.26.1');
    const key = 'f'.repeat(48);
    r.world.hs = { ...r.world.hs!, keys: [{ id: 1, key, userId: 2, reusable: true, ephemeral: false, used: false, expiration: NOW + 86_400_000, createdAt: NOW, aclTags: [] }] };
    const r2 = { ...r, deps: { ...r.deps, env: (n: string) => (n === 'TS_AUTHKEY' ? key : undefined) } };
    const { events, results } = await fleet(r2, inventory(HOSTS));
    okAll(results);
    expect(creates(r)).toHaveLength(0);
    expect(stepOf(events, 'app-1', 'mint-key')).toMatchObject({ status: 'skipped', detail: 'using the key in TS_AUTHKEY' });
    expect(stepOf(events, 'app-1', 'verify')?.detail).toMatch(/headscale ctl lists node app-1/);
  });
});

describe('Headscale: failures', () => {
  it('headscale not running: mint-key fails naming the host, with the seed’s advice', async () => {
    const r = rig('0.26.1', { running: false });
    const { results } = await fleet(r, inventory(HOSTS));
    const err = results.find((x) => x.id === 'app-1')!.error!;
    expect(err).toMatchObject({ code: 'ErrAuthKeyMissing', cause: 'headscale-down' });
    expect(err.message).toMatch(/could not mint a pre-auth key on the headscale host ctl: Could not connect/);
    expect(err.remedy).toContain('sudo systemctl start headscale');
  });

  it('unknown user: ErrConfigInvalid listing the users', async () => {
    const r = rig('0.26.1');
    const { results } = await fleet(r, inventory(HOSTS, { user: 'nobody' }));
    expect(results[1]!.error).toMatchObject({ code: 'ErrConfigInvalid', cause: 'headscale-user-unknown' });
    expect(results[1]!.error!.message).toContain('users: ops (id 1), mesh (id 2)');
  });

  it('the node is missing from nodes list after the join: a clear error', async () => {
    const r = rig('0.26.1');
    r.handles.ctl!.commander.override(/headscale nodes list/, { stdout: 'null\n' });
    const { results } = await fleet(r, inventory(HOSTS));
    expect(results[1]!.error).toMatchObject({ code: 'ErrTailnetMismatch', cause: 'headscale-node-missing' });
    expect(results[1]!.error!.message).toBe('tailscale provider: the headscale server on ctl lists no node app-1 after the join');
  });

  it('the node lacks tags in nodes list: names the missing ones', async () => {
    const r = rig('0.23.0');
    const node = { id: 7, name: 'app-1', given_name: 'app-1', user: { id: '2', name: 'mesh' }, forced_tags: ['tag:meshtui'] };
    r.handles.ctl!.commander.override(/headscale nodes list/, { stdout: JSON.stringify([node], null, '\t') + '\n', stderr: '2026-08-22T14:10:03Z WRN An updated version of Headscale has been found\n' });
    const { results } = await fleet(r, inventory([HOSTS[0]!, HOSTS[1]!]));
    expect(results[1]!.error).toMatchObject({ code: 'ErrTagMismatch', cause: 'headscale-node-tags' });
    expect(results[1]!.error!.message).toContain('missing [tag:app]');
  });

  it('an expired minted key: ErrAuthKeyInvalid whose remedy says to mint a new key', async () => {
    const r = rig('0.26.1');
    r.handles.ctl!.commander.override(/preauthkeys create/, { stdout: '{\n\t"id": 9,\n\t"key": "' + 'a'.repeat(48) + '"\n}\n' });
    const { results, events } = await fleet(r, inventory(HOSTS), [HOSTS[1]!]);
    expect(results[0]!.error, JSON.stringify(results[0]!.error)).toMatchObject({ code: "ErrAuthKeyInvalid", cause: "auth-key-invalid" });
    expect(results[0]!.error!.remedy).toMatch(/^mint a new key on the Headscale server/);
    expect(JSON.stringify(events)).not.toContain('a'.repeat(48));
  });
});
