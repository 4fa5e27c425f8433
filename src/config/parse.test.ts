import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, isConfigError } from './errors.js';
import { parseConfig } from './load.js';
import { MeshError } from '../provider/errors.js';

type Obj = Record<string, unknown>;
const FILE = '/srv/proj/meshtui.yml';

function base(): Obj {
  return {
    network: {
      provider: 'tailscale',
      providers: { tailscale: { auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'example.ts.net' } },
    },
    hosts: [{ id: 'app-1' }, { id: 'app-2' }, { id: 'db-1' }, { id: 'db-2' }],
  };
}
const ts = (o: Obj): Obj => ((o.network as Obj).providers as Obj).tailscale as Obj;
const host = (o: Obj, i: number): Obj => (o.hosts as Obj[])[i]!;

function parse(o: Obj | string) {
  return parseConfig(typeof o === 'string' ? o : stringify(o), FILE, { home: '/home/u' });
}

function err(o: Obj | string): ConfigError {
  try {
    parse(o);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const ce = e as ConfigError;
    expect(ce.message).not.toMatch(/[\n\r]/);
    expect(ce.file).toBe(FILE);
    return ce;
  }
  throw new Error('expected a ConfigError');
}
const msg = (mutate: (o: Obj) => void): string => {
  const o = base();
  mutate(o);
  return err(o).message;
};

describe('the spec’s exact texts (§3.3)', () => {
  it('auth_key_env and tailnet_domain are required (missing, empty or null)', () => {
    expect(msg((o) => delete ts(o).auth_key_env)).toBe('tailscale provider: invalid config: auth_key_env is required');
    expect(msg((o) => (ts(o).auth_key_env = ''))).toBe('tailscale provider: invalid config: auth_key_env is required');
    expect(msg((o) => (ts(o).auth_key_env = null))).toBe('tailscale provider: invalid config: auth_key_env is required');
    expect(msg((o) => delete ts(o).tailnet_domain)).toBe('tailscale provider: invalid config: tailnet_domain is required');
    expect(msg((o) => (ts(o).tailnet_domain = ''))).toBe('tailscale provider: invalid config: tailnet_domain is required');
  });

  it('tags must start with tag: (default_tags, role_tags and host tags)', () => {
    expect(msg((o) => (ts(o).default_tags = ['tag:ok', 'stagecraft']))).toBe(
      'tailscale provider: invalid config: tag stagecraft must start with tag: prefix',
    );
    expect(msg((o) => (ts(o).role_tags = { app: ['app'] }))).toBe('tailscale provider: invalid config: tag app must start with tag: prefix');
    expect(msg((o) => (host(o, 1).tags = ['extra']))).toBe('tailscale provider: invalid config: tag extra must start with tag: prefix');
  });

  it('keeps the path of a spec-text error on the error', () => {
    const o = base();
    ts(o).default_tags = ['tag:ok', 'web'];
    expect(err(o).path).toBe('network.providers.tailscale.default_tags[1]');
  });

  it('invalid YAML uses the spec prefix', () => {
    expect(err('network: [\n').message).toMatch(/^tailscale provider: invalid config: .* at line \d+, column \d+$/);
  });
});

describe('path-named errors', () => {
  it.each<[string, (o: Obj) => void, string]>([
    ['port out of range', (o) => (host(o, 2).port = 70000), 'hosts[2].port: must be an integer from 1 to 65535'],
    ['port zero', (o) => (host(o, 2).port = 0), 'hosts[2].port: must be an integer from 1 to 65535'],
    ['port fraction', (o) => (host(o, 2).port = 22.5), 'hosts[2].port: must be an integer from 1 to 65535'],
    ['port string', (o) => (host(o, 2).port = '22'), 'hosts[2].port: must be an integer from 1 to 65535'],
    [
      'id not a label',
      (o) => (host(o, 1).id = 'Web_1'),
      'hosts[1].id: "Web_1" is not a valid DNS label (letters, digits and hyphens, 1-63, not starting or ending with a hyphen)',
    ],
    [
      'id uppercase',
      (o) => (host(o, 1).id = 'Web-1'),
      'hosts[1].id: "Web-1" has uppercase letters; tailscale lowercases hostnames, so write "web-1"',
    ],
    ['duplicate id', (o) => (host(o, 3).id = 'app-1'), 'hosts[3].id: duplicate id "app-1" (also hosts[0])'],
    ['unknown host key', (o) => (host(o, 0).colour = 'red'), 'hosts[0].colour: unknown key'],
    ['unknown top key', (o) => (o.extra = 1), 'extra: unknown key'],
    ['unknown ssh key', (o) => (o.ssh = { timeout: '1s' }), 'ssh.timeout: unknown key'],
    ['unknown provider key', (o) => (ts(o).auth_key = 'tskey-abc'), 'tailscale provider: invalid config: auth_key: unknown key'],
    ['other provider', (o) => (((o.network as Obj).providers as Obj).wireguard = {}), 'network.providers.wireguard: unknown key'],
    ['concurrency 0', (o) => (o.concurrency = 0), 'concurrency: must be an integer from 1 to 1000'],
    ['concurrency 1001', (o) => (o.concurrency = 1001), 'concurrency: must be an integer from 1 to 1000'],
    ['concurrency string', (o) => (o.concurrency = 'many'), 'concurrency: must be an integer from 1 to 1000'],
    ['provider', (o) => ((o.network as Obj).provider = 'wireguard'), 'network.provider: only "tailscale" is supported'],
    ['provider missing', (o) => delete (o.network as Obj).provider, 'network.provider: is required'],
    ['network missing', (o) => delete o.network, 'network: is required'],
    ['hosts missing', (o) => delete o.hosts, 'hosts: is required'],
    ['providers.tailscale missing', (o) => ((o.network as Obj).providers = {}), 'network.providers.tailscale: is required'],
    ['host missing id', (o) => delete host(o, 2).id, 'hosts[2].id: is required'],
    ['os', (o) => (host(o, 0).os = 'macos'), 'hosts[0].os: must be one of auto, linux, windows, wsl (got "macos")'],
    ['policy', (o) => (o.ssh = { host_key_policy: 'yes' }), 'ssh.host_key_policy: must be one of ask, accept-new, strict (got "yes")'],
    ['method', (o) => (ts(o).install = { method: 'brew' }), 'tailscale provider: invalid config: install.method: must be one of auto, skip (got "brew")'],
    [
      'min_version number',
      (o) => (ts(o).install = { min_version: 1.78 }),
      'tailscale provider: invalid config: install.min_version: expected a string, got a number',
    ],
    [
      'min_version lax',
      (o) => (ts(o).install = { min_version: '1.78' }),
      'tailscale provider: invalid config: install.min_version: "1.78" is not a version like "1.78.0" (X.Y.Z)',
    ],
    [
      'tag charset',
      (o) => (ts(o).default_tags = ['tag:Web_1']),
      'tailscale provider: invalid config: default_tags[0]: tag "tag:Web_1": tag names can only contain numbers, letters, or dashes',
    ],
    [
      'host tag charset',
      (o) => (host(o, 0).tags = ['tag:a b']),
      'hosts[0].tags[0]: tag "tag:a b": tag names can only contain numbers, letters, or dashes',
    ],
    [
      'role_tags key',
      (o) => (ts(o).role_tags = { 'a b': ['tag:x'] }),
      'tailscale provider: invalid config: role_tags["a b"]: "a b" is not a simple label (letters, digits, "-" and "_", starting with a letter or digit, at most 63)',
    ],
    ['connect_timeout', (o) => (o.ssh = { connect_timeout: 'soon' }), 'ssh.connect_timeout: "soon" is not a duration (like 10s, 500ms, 2m, 1h, 1m30s, or a number of seconds)'],
    ['command_timeout zero', (o) => (o.ssh = { command_timeout: 0 }), 'ssh.command_timeout: must be longer than 0'],
    ['syncthing', (o) => (o.syncthing = 'yes'), 'syncthing: expected true or false, got a string'],
  ])('%s', (_name, mutate, expected) => {
    expect(msg(mutate)).toBe(expected);
  });
});

describe('wrong types name the path and the expected type', () => {
  it.each<[string, (o: Obj) => void, string]>([
    ['hosts as a map', (o) => (o.hosts = { id: 'a' }), 'hosts: expected a list, got a map'],
    ['hosts as a string', (o) => (o.hosts = 'app-1'), 'hosts: expected a list, got a string'],
    ['hosts null', (o) => (o.hosts = null), 'hosts: expected a list, got null'],
    ['host null', (o) => ((o.hosts as unknown[])[1] = null), 'hosts[1]: expected a map, got null'],
    ['host as a string', (o) => ((o.hosts as unknown[])[1] = 'web'), 'hosts[1]: expected a map, got a string'],
    ['tags as a string', (o) => (host(o, 0).tags = 'tag:a'), 'hosts[0].tags: expected a list, got a string'],
    ['user as a map', (o) => (host(o, 0).user = { name: 'x' }), 'hosts[0].user: expected a string, got a map'],
    ['user null', (o) => (host(o, 0).user = null), 'hosts[0].user: expected a string, got null'],
    ['id as a number', (o) => (host(o, 0).id = 1), 'hosts[0].id: expected a string, got a number'],
    ['network as a list', (o) => (o.network = []), 'network: expected a map, got a list'],
    ['ssh as a string', (o) => (o.ssh = 'strict'), 'ssh: expected a map, got a string'],
    ['default_tags as a string', (o) => (ts(o).default_tags = 'tag:a'), 'tailscale provider: invalid config: default_tags: expected a list, got a string'],
    ['role_tags as a list', (o) => (ts(o).role_tags = ['tag:a']), 'tailscale provider: invalid config: role_tags: expected a map, got a list'],
    ['role_tags value', (o) => (ts(o).role_tags = { app: 'tag:a' }), 'tailscale provider: invalid config: role_tags.app: expected a list, got a string'],
    ['auth_key_env as a list', (o) => (ts(o).auth_key_env = ['A']), 'tailscale provider: invalid config: auth_key_env: expected a string, got a list'],
    ['tailscale null', (o) => (((o.network as Obj).providers as Obj).tailscale = null), 'network.providers.tailscale: expected a map, got null'],
    ['headscale.host as a list', (o) => (ts(o).headscale = { host: ['a'] }), 'tailscale provider: invalid config: headscale.host: expected a host id from hosts: or a map {address, user, port, identity_file}, got a list'],
    ['headscale.reusable', (o) => (ts(o).headscale = { host: 'app-1', reusable: 'yes' }), 'tailscale provider: invalid config: headscale.reusable: expected true or false, got a string'],
  ])('%s', (_name, mutate, expected) => {
    expect(msg(mutate)).toBe(expected);
  });

  it('rejects a top level that is not a map', () => {
    expect(err('- a\n- b\n').message).toBe('expected a map with network: and hosts: at the top level, got a list');
    expect(err('just a string\n').message).toBe('expected a map with network: and hosts: at the top level, got a string');
  });
});

describe('headscale', () => {
  const withHs = (hs: Obj, login = true) => (o: Obj) => {
    ts(o).headscale = hs;
    if (login) ts(o).login_server = 'https://hs.example.com';
  };

  it('takes a host id from hosts:, with defaults', () => {
    const o = base();
    withHs({ host: 'db-1', user: 'mesh' })(o);
    expect(parse(o).tailscale.headscale).toEqual({ host: 'db-1', user: 'mesh', expiration: '24h', reusable: true });
  });

  it('takes an inline target and a numeric user id', () => {
    const o = base();
    withHs({ host: { address: 'ctl.example.com', user: 'root', port: 2222, identity_file: '~/.ssh/hs' }, user: 7, expiration: '2h', reusable: false })(o);
    expect(parse(o).tailscale.headscale).toEqual({
      host: { address: 'ctl.example.com', user: 'root', port: 2222, identityFile: '/home/u/.ssh/hs' },
      user: '7',
      expiration: '2h',
      reusable: false,
    });
  });

  it.each<[string, Obj, string]>([
    ['unknown host id', { host: 'ctl' }, 'tailscale provider: invalid config: headscale.host: "ctl" is not a host id from hosts: (add it there, or give {address, user, port})'],
    ['host id not a label', { host: 'Ctl_1' }, 'tailscale provider: invalid config: headscale.host: "Ctl_1" is not a valid DNS label (letters, digits and hyphens, 1-63, not starting or ending with a hyphen)'],
    ['inline without address', { host: { user: 'root' } }, 'tailscale provider: invalid config: headscale.host.address: is required'],
    ['inline unknown key', { host: { address: 'a', password: 'x' } }, 'tailscale provider: invalid config: headscale.host.password: unknown key'],
    ['inline bad port', { host: { address: 'a', port: -1 } }, 'tailscale provider: invalid config: headscale.host.port: must be an integer from 1 to 65535'],
    ['missing host', { user: 'mesh' }, 'tailscale provider: invalid config: headscale.host: is required'],
    ['negative user id', { host: 'app-1', user: -1 }, 'tailscale provider: invalid config: headscale.user: -1 is not a numeric user id'],
    ['user as a list', { host: 'app-1', user: ['a'] }, 'tailscale provider: invalid config: headscale.user: expected a user name or numeric id, got a list'],
    ['expiration', { host: 'app-1', expiration: 'never' }, 'tailscale provider: invalid config: headscale.expiration: "never" is not a duration (like 24h, 90m, 7d)'],
  ])('%s', (_name, hs, expected) => {
    expect(msg(withHs(hs))).toBe(expected);
  });

  it('needs login_server', () => {
    expect(msg(withHs({ host: 'app-1' }, false))).toBe(
      'tailscale provider: invalid config: headscale: needs login_server (the Headscale URL the hosts join)',
    );
  });
});

describe('ConfigError', () => {
  it('is a MeshError with code ErrConfigInvalid, the file apart, every issue listed', () => {
    const o = base();
    host(o, 0).port = 0;
    host(o, 1).os = 'bsd';
    const e = err(o);
    expect(e).toBeInstanceOf(MeshError);
    expect(e.code).toBe('ErrConfigInvalid');
    expect(e.name).toBe('ConfigError');
    expect(e.path).toBe('hosts[0].port');
    expect(e.issues).toEqual(['hosts[0].port: must be an integer from 1 to 65535', 'hosts[1].os: must be one of auto, linux, windows, wsl (got "bsd")']);
    expect(e.toLine()).toBe(`${FILE}: hosts[0].port: must be an integer from 1 to 65535`);
    expect(new ConfigError('x').toLine()).toBe('x');
    expect(isConfigError(e)).toBe(true);
    expect(isConfigError(new Error('x'))).toBe(false);
    expect(new ConfigError('a\nb').message).toBe('a b');
  });

  it('puts an unknown key first: it usually explains a missing one', () => {
    const o = base();
    delete ts(o).auth_key_env;
    ts(o).auth_key_envv = 'TS_AUTHKEY';
    const e = err(o);
    expect(e.message).toBe('tailscale provider: invalid config: auth_key_envv: unknown key');
    expect(e.issues).toContain('tailscale provider: invalid config: auth_key_env is required');
  });

  it('keeps at most 100 issues from a file full of problems', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `junk${i}: 1`).join('\n');
    const e = err(`${stringify(base())}${keys}\n`);
    expect(e.message).toBe('junk0: unknown key');
    expect(e.issues).toHaveLength(100);
  });

  it('reports every unknown key of one map', () => {
    const o = base();
    Object.assign(host(o, 0), { a: 1, b: 2 });
    expect(err(o).issues.slice(0, 2)).toEqual(['hosts[0].a: unknown key', 'hosts[0].b: unknown key']);
  });
});
