import { describe, expect, it } from 'vitest';
import { simHeadscale } from './headscale.js';
import { makeHeadscale, registerNode, type HeadscaleState } from './headscale-state.js';
import { tailscaleWithHeadscale } from './headscale-link.js';
import { installedHost } from './presets.js';
import { ctxWithFiles, fixture, keysOf, NOW } from './testkit.js';

const hs = (version: string, over: Partial<HeadscaleState> = {}) => makeHeadscale({ version, userNames: ['alice', 'bob'], ...over });
const run = (st: HeadscaleState, argv: string[], uid = 0) => simHeadscale(argv, { state: st, uid, now: () => NOW });
const CREATE = ['preauthkeys', 'create', '--reusable', '--expiration', '24h', '-o', 'json'];

describe('headscale preauthkeys create', () => {
  it('≤0.25 takes a user name and prints 48 hex (plain) or the old JSON shape', () => {
    const plain = run(hs('0.22.3'), ['preauthkeys', 'create', '--user', 'alice', '--reusable', '--expiration', '24h']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^[0-9a-f]{48}\n$/);
    expect(plain.state.keys).toHaveLength(1);
    const j = run(hs('0.23.0'), [...CREATE, '--user', 'alice']);
    const key = JSON.parse(j.stdout);
    expect(keysOf(key)).toEqual(keysOf(JSON.parse(fixture('headscale-preauthkey-create-json-v0.23.json'))));
    expect(key).toMatchObject({ user: 'alice', id: '1', reusable: true });
    expect(key.expiration.seconds).toBe(Math.floor(NOW / 1000) + 86_400);
    expect(j.stdout.startsWith('{\n\t"user": "alice",\n\t"id": "1",')).toBe(true);
  });

  it('0.26+ refuses a name with the exact pflag ParseUint error, and takes the numeric id', () => {
    const bad = run(hs('0.26.1'), [...CREATE, '--user', 'alice']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe(fixture('headscale-preauthkey-user-name-on-v0.26plus.stderr.txt').split('\n')[0]);
    expect(bad.state.keys).toHaveLength(0);
    const ok = JSON.parse(run(hs('0.26.1'), [...CREATE, '-u', '1']).stdout);
    expect(ok).toMatchObject({ user: { id: 1, name: 'alice' }, id: 1, reusable: true });
    expect(ok.key).toMatch(/^[0-9a-f]{48}$/);
  });

  it('0.28+ prints hskey-auth keys, takes tags, and allows tag-only keys', () => {
    const r = run(hs('0.29.0'), [...CREATE, '--tags', 'tag:b,tag:a']);
    const key = JSON.parse(r.stdout);
    expect(key.key).toMatch(/^hskey-auth-[0-9a-f]{12}-[0-9a-f]{64}$/);
    expect(key.user).toBeUndefined();
    expect(key.acl_tags).toEqual(['tag:a', 'tag:b']);
    expect(keysOf(key)).toEqual(['id', 'key', 'reusable', 'expiration', 'created_at', 'acl_tags']);
    expect(run(hs('0.28.0'), ['preauthkeys', 'create', '-u', '2', '-e', '1h']).stdout).toMatch(/^hskey-auth-[0-9a-f]{12}-[0-9a-f]{64}\n$/);
  });

  it('errors: unknown user, missing user, bad duration, 0.29 "Error:" wording', () => {
    expect(run(hs('0.22.3'), [...CREATE, '-u', 'carol'])).toMatchObject({ code: 1, stderr: '{\n\t"error": "Cannot create Pre Auth Key: user not found"\n}\n' });
    expect(run(hs('0.29.0'), ['preauthkeys', 'create', '-u', '9'])).toMatchObject({ code: 1, stderr: 'Error: Cannot create Pre Auth Key: user not found\n' });
    expect(run(hs('0.23.0'), ['preauthkeys', 'create']).stderr).toMatch(/^Error: required flag\(s\) "user" not set\nUsage:/);
    expect(run(hs('0.26.1'), ['preauthkeys', 'create', '-u', '1', '-e', 'soon']).code).toBe(1);
  });

  it('needs root for the socket, needs the server running, and logs the update warning on stderr without -o', () => {
    const st = hs('0.29.0', { updateWarning: 'An updated version of Headscale has been found (0.29.2 vs. your current 0.29.0). Check it out https://github.com/juanfont/headscale/releases' });
    const nonRoot = run(st, [...CREATE, '-u', '1'], 1000);
    expect(nonRoot.code).toBe(1);
    expect(nonRoot.stderr).toMatch(/FTL Unable to read\/write to headscale socket, do you have the correct permissions\?/);
    expect(run({ ...st, running: false }, [...CREATE, '-u', '1']).stderr).toMatch(/FTL Could not connect/);
    const plain = run(st, ['preauthkeys', 'create', '-u', '1']);
    expect(plain.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:]+Z WRN An updated version of Headscale has been found/);
    expect(run(st, [...CREATE, '-u', '1']).stderr).toBe('');
  });
});

describe('headscale users / nodes / version', () => {
  it('users list: id is a string up to 0.23, a number from 0.24; empty is null', () => {
    expect(JSON.parse(run(hs('0.23.0'), ['users', 'list', '-o', 'json']).stdout)[0]).toMatchObject({ id: '1', name: 'alice' });
    const users = JSON.parse(run(hs('0.26.1'), ['users', 'list', '-o', 'json']).stdout);
    expect(keysOf(users[0])).toEqual(keysOf(JSON.parse(fixture('headscale-users.json'))[0]));
    expect(users.map((u: { id: number }) => u.id)).toEqual([1, 2]);
    expect(run(hs('0.26.1', { users: [] }), ['users', 'list', '-o', 'json']).stdout).toBe('null\n');
    expect(JSON.parse(run(hs('0.26.1'), ['users', 'list', '--name', 'bob', '-o', 'json']).stdout)).toHaveLength(1);
    expect(run(hs('0.23.0'), ['users', 'list']).stdout.split('\n')[0]).toBe('ID | Name | Created');
    expect(run(hs('0.26.1'), ['users', 'list']).stdout.split('\n')[0]).toBe('ID | Name | Username | Email | Created');
  });

  it('nodes list: forced/valid tags and string user ids (≤0.23), tags + tagged-devices (0.28+), no `online` when offline', () => {
    const reg = (st: HeadscaleState, tags: string[]) => {
 const r = run(st, [...CREATE, '-u', st.version < '0.26' ? 'alice' : '1', ...(tags.length ? ['--tags', tags.join(',')] : [])]);
      return registerNode(r.state, JSON.parse(r.stdout).key, { machine: 'm1', hostname: 'srv-web-01', ipv4: '100.64.0.3', ipv6: 'fd7a:115c:a1e0::3', advertised: ['tag:web'] }, NOW).state;
    };
    const old = JSON.parse(run(reg(hs('0.23.0'), ['tag:server']), ['nodes', 'list', '-o', 'json']).stdout);
    expect(keysOf(old[0])).toEqual(keysOf(JSON.parse(fixture('headscale-nodes-v0.23.json'))[0]).filter((k) => k !== 'forced_tags' && k !== 'valid_tags').flatMap((k) => (k === 'given_name' ? ['forced_tags', 'valid_tags', k] : [k])));
    expect(old[0]).toMatchObject({ user: { id: '1', name: 'alice' }, forced_tags: ['tag:server'], valid_tags: ['tag:web'], given_name: 'srv-web-01', online: true });
    const st29 = reg(hs('0.29.0'), ['tag:server']);
    const n29 = JSON.parse(run(st29, ['nodes', 'list', '-o', 'json']).stdout)[0];
    expect(n29).toMatchObject({ user: { id: 2147455555, name: 'tagged-devices' }, tags: ['tag:server'] });
    expect(n29.pre_auth_key.key).toMatch(/^hskey-auth-[0-9a-f]{12}-\*\*\*$/);
    expect(n29.forced_tags).toBeUndefined();
    const offline = { ...st29, nodes: st29.nodes.map((n) => ({ ...n, online: false })) };
    expect('online' in JSON.parse(run(offline, ['nodes', 'list', '-o', 'json']).stdout)[0]).toBe(false);
    expect(run(hs('0.26.1'), ['nodes', 'list', '-o', 'json']).stdout).toBe('null\n');
  });

  it('version: plain and JSON', () => {
    expect(run(hs('0.22.3'), ['version']).stdout).toBe('v0.22.3\n');
    expect(JSON.parse(run(hs('0.29.0'), ['version', '-o', 'json']).stdout).version).toBe('v0.29.0');
    expect(run(hs('0.29.0'), ['version'], 1000).code).toBe(0);
  });
});

describe('tailscale against the simulated headscale', () => {
  const KEYFILE = '/tmp/meshtui-key.x';
  const join = (st: HeadscaleState, key: string, seed: string, extra: string[] = []) => {
    const host = installedHost(seed);
    const ctx = ctxWithFiles(host, { [KEYFILE]: `${key}\n` });
    return tailscaleWithHeadscale(['up', `--auth-key=file:${KEYFILE}`, `--hostname=${seed}`, `--login-server=${st.serverUrl}`, ...extra], ctx, st);
  };
  const mint = (st: HeadscaleState, args: string[]) => {
    const r = run(st, [...CREATE, ...args]);
    return { st: r.state, key: JSON.parse(r.stdout).key as string };
  };

  it('a minted reusable key joins several hosts, registers them and they see each other', () => {
    const m = mint(hs('0.26.1'), ['-u', '1']);
    const a = join(m.st, m.key, 'app-1', ['--advertise-tags=tag:web']);
    expect(a.result).toMatchObject({ code: 0 });
    expect(a.result.state).toMatchObject({ loggedIn: true, backendState: 'Running', tags: ['tag:web'], validKeys: [] });
    const b = join(a.hs, m.key, 'app-2');
    expect(b.hs.nodes.map((n) => n.givenName)).toEqual(['app-1', 'app-2']);
    const ping = tailscaleWithHeadscale(['ping', '-c', '3', 'app-1'], { ...ctxWithFiles(b.result.state, {}) }, b.hs);
    expect(ping.result.stdout).toMatch(/^pong from app-1 \(100\.64\.0\.\d+\) via 10\.0\.0\.1:41641 in \d+ms\n$/);
  });

  it('0.28+: --advertise-tags with a key is refused; tags on the key apply', () => {
    const m = mint(hs('0.28.0'), ['--tags', 'tag:web']);
    expect(join(m.st, m.key, 'app-1', ['--advertise-tags=tag:web']).result.stderr).toBe('backend error: requested tags [tag:web] are invalid or not permitted\n');
    const ok = join(m.st, m.key, 'app-1');
    expect(ok.result.state.tags).toEqual(['tag:web']);
    expect(ok.hs.nodes[0]).toMatchObject({ tags: ['tag:web'], userId: null });
  });

  it('one-off keys work once; unknown and expired keys get the headscale errors', () => {
    const m = mint(hs('0.26.1'), ['-u', '1']);
    const oneOff = { ...m.st, keys: m.st.keys.map((k) => ({ ...k, reusable: false })) };
    const first = join(oneOff, m.key, 'app-1');
    expect(first.result.code).toBe(0);
    expect(join(first.hs, m.key, 'app-2').result.stderr).toBe('backend error: authkey already used\n');
    expect(join(m.st, 'f'.repeat(48), 'app-3').result.stderr).toBe('backend error: invalid pre auth key\n');
    const expired = { ...m.st, keys: m.st.keys.map((k) => ({ ...k, expiration: NOW - 1 })) };
    expect(join(expired, m.key, 'app-4').result.stderr).toBe('backend error: authkey expired\n');
  });
});
