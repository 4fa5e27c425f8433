import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';
import { computeTags, DEFAULTS, loadConfig, parseConfig, formatFor, MAX_CONFIG_BYTES } from './index.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/config');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const HOME = '/home/u';

const MINIMAL = `network:
  provider: tailscale
  providers:
    tailscale: {auth_key_env: TS_AUTHKEY, tailnet_domain: example.ts.net}
hosts:
  - id: web-1
`;

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).not.toMatch(/\n/);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('sample files', () => {
  it('meshtui.yml: the CONTRACT shape, mapped to the Inventory', () => {
    const inv = parseConfig(fixture('meshtui.yml'), '/p/meshtui.yml', { home: HOME });
    expect(inv.format).toBe('meshtui');
    expect(inv.path).toBe('/p/meshtui.yml');
    expect(inv.provider).toBe('tailscale');
    expect(inv.tailscale).toEqual({
      authKeyEnv: 'TS_AUTHKEY',
      tailnetDomain: 'example.ts.net',
      defaultTags: ['tag:stagecraft'],
      roleTags: { app: ['tag:stagecraft-app'], db: ['tag:stagecraft-db'], gateway: ['tag:stagecraft-gateway', 'tag:stagecraft'] },
      install: { method: 'auto', minVersion: '1.78.0', scriptUrl: 'https://tailscale.com/install.sh' },
    });
    expect(inv.hosts.map((h) => h.id)).toEqual(['app-1', 'app-2', 'db-1', 'office-one', 'office-desk']);
    expect(inv.hosts[0]).toEqual({
      id: 'app-1', address: '203.0.113.10', port: 22, user: 'deploy', role: 'app', tags: [], identityFile: '/home/u/.ssh/id_ed25519', os: 'auto',
    });
    expect(inv.hosts[4]).toMatchObject({ address: '2001:db8::42', user: 'OFFICE\\steve', os: 'windows' });
    expect(inv.ssh).toEqual({ knownHosts: '/home/u/.ssh/known_hosts', hostKeyPolicy: 'accept-new', connectTimeoutMs: 15_000, commandTimeoutMs: 300_000 });
    expect(inv.concurrency).toBe(4);
    expect(inv.syncthing).toBe(false);
    expect(computeTags(inv.tailscale, inv.hosts[1]!)).toEqual(['tag:canary', 'tag:stagecraft', 'tag:stagecraft-app']);
  });

  it('meshtui-headscale.yml: login_server, headscale block, syncthing', () => {
    const inv = parseConfig(fixture('meshtui-headscale.yml'), '/p/meshtui-headscale.yml', { home: HOME });
    expect(inv.tailscale.loginServer).toBe('http://sfspark1.local:8080');
    expect(inv.tailscale.install.scriptUrl).toBe('https://mirror.example.com/tailscale/install.sh');
    expect(inv.tailscale.headscale).toEqual({ host: 'sfspark1', user: '1', expiration: '1h', reusable: false });
    expect(inv.syncthing).toBe(true);
    expect(inv.hosts[1]!.syncthing).toBe(false);
    expect(inv.hosts[0]!.syncthing).toBeUndefined();
  });

  it('stagecraft.yml: reads network:, hosts:; ignores Stagecraft’s own sections', () => {
    const inv = parseConfig(fixture('stagecraft.yml'), '/p/stagecraft.yml', { home: HOME });
    expect(inv.format).toBe('stagecraft');
    expect(inv.tailscale.tailnetDomain).toBe('bartekus.ts.net');
    expect(inv.tailscale.defaultTags).toEqual(['tag:stagecraft', 'tag:stagecraft-env-prod']);
    expect(inv.hosts.map((h) => [h.id, h.role])).toEqual([['app-1', 'app'], ['db-1', 'db']]);
    expect(computeTags(inv.tailscale, inv.hosts[1]!)).toEqual(['tag:stagecraft', 'tag:stagecraft-db', 'tag:stagecraft-env-prod']);
  });
});

describe('defaults', () => {
  it('fills every default', () => {
    const inv = parseConfig(MINIMAL, '/p/meshtui.yml', { home: HOME });
    expect(inv.hosts).toEqual([{ id: 'web-1', address: 'web-1', tags: [], os: 'auto' }]);
    expect(inv.hosts[0]!.port).toBeUndefined();
    expect(inv.tailscale).toEqual({
      authKeyEnv: 'TS_AUTHKEY', tailnetDomain: 'example.ts.net', defaultTags: [], roleTags: {},
      install: { method: 'auto', scriptUrl: DEFAULTS.scriptUrl },
    });
    expect(inv.ssh).toEqual({ knownHosts: '/home/u/.ssh/known_hosts', hostKeyPolicy: 'ask', connectTimeoutMs: 10_000, commandTimeoutMs: 120_000 });
    expect(inv.concurrency).toBe(8);
    expect(inv.syncthing).toBe(false);
  });

  it('uses os.homedir() for ~ by default', () => {
    expect(parseConfig(MINIMAL, '/p/meshtui.yml').ssh.knownHosts).toBe(join(homedir(), '.ssh/known_hosts'));
  });

  it('expands ~ and resolves relative paths against the config’s directory', () => {
    const text = MINIMAL.replace('  - id: web-1\n', '  - {id: a, identity_file: keys/id}\n  - {id: b, identity_file: "~"}\n  - {id: c, identity_file: /abs/id}\n')
      + 'ssh: {known_hosts: ./kh}\n';
    const inv = parseConfig(text, '/p/conf/meshtui.yml', { home: HOME });
    expect(inv.hosts.map((h) => h.identityFile)).toEqual(['/p/conf/keys/id', HOME, '/abs/id']);
    expect(inv.ssh.knownHosts).toBe('/p/conf/kh');
  });

  it('reads durations as milliseconds', () => {
    const inv = parseConfig(MINIMAL + 'ssh: {connect_timeout: 500ms, command_timeout: 1m30s}\n', '/p/meshtui.yml');
    expect([inv.ssh.connectTimeoutMs, inv.ssh.commandTimeoutMs]).toEqual([500, 90_000]);
    const bare = parseConfig(MINIMAL + 'ssh: {connect_timeout: 3, command_timeout: "2h"}\n', '/p/meshtui.yml');
    expect([bare.ssh.connectTimeoutMs, bare.ssh.commandTimeoutMs]).toEqual([3_000, 7_200_000]);
  });
});

describe('stagecraft format', () => {
  it('ignores unknown top-level keys but still validates network: strictly', () => {
    const text = 'project: {name: x}\nservices: {a: 1}\n' + MINIMAL;
    expect(parseConfig(text, '/p/stagecraft.yml').hosts).toHaveLength(1);
    expect(thrown(() => parseConfig(text, '/p/meshtui.yml')).message).toBe('project: unknown key');
    const bad = text.replace('provider: tailscale', 'provider: tailscale\n  extra: 1');
    expect(thrown(() => parseConfig(bad, '/p/stagecraft.yml')).message).toBe('network.extra: unknown key');
  });

  it('allows no hosts:, reads ssh:/concurrency:, and syncthing only when it is a boolean', () => {
    const net = MINIMAL.replace(/hosts:[\s\S]*$/, '');
    expect(parseConfig(net, '/p/stagecraft.yml').hosts).toEqual([]);
    const inv = parseConfig(net + 'concurrency: 2\nssh: {host_key_policy: strict}\nsyncthing: true\n', '/p/stagecraft.yml');
    expect([inv.concurrency, inv.ssh.hostKeyPolicy, inv.syncthing]).toEqual([2, 'strict', true]);
    expect(parseConfig(net + 'syncthing: {folders: [a]}\n', '/p/stagecraft.yml').syncthing).toBe(false);
  });

  it('requires network:', () => {
    expect(thrown(() => parseConfig('project: {name: x}\n', '/p/stagecraft.yml')).message).toBe('network: is required');
  });

  it('is chosen by file name, or by option', () => {
    expect(formatFor('/a/stagecraft.yml')).toBe('stagecraft');
    expect(formatFor('/a/Stagecraft.prod.yaml')).toBe('stagecraft');
    expect(formatFor('/a/meshtui.yml')).toBe('meshtui');
    expect(formatFor('/a/fleet.yml')).toBe('meshtui');
    expect(parseConfig('x: 1\n' + MINIMAL, '/p/fleet.yml', { format: 'stagecraft' }).format).toBe('stagecraft');
  });
});

describe('10,000 hosts', () => {
  it('parses them all correctly', () => {
    const lines = [MINIMAL.replace(/hosts:[\s\S]*$/, 'hosts:')];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`  - {id: node-${i}, address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}, user: deploy, role: ${i % 2 ? 'app' : 'db'}, tags: [tag:n${i}]}`);
    }
    const inv = parseConfig(lines.join('\n') + '\n', '/p/meshtui.yml');
    expect(inv.hosts).toHaveLength(10_000);
    expect(inv.hosts[9_999]).toEqual({ id: 'node-9999', address: '10.0.39.15', user: 'deploy', role: 'app', tags: ['tag:n9999'], os: 'auto' });
    expect(new Set(inv.hosts.map((h) => h.id)).size).toBe(10_000);
  });

  it('finds a duplicate among them', () => {
    const lines = [MINIMAL.replace(/hosts:[\s\S]*$/, 'hosts:')];
    for (let i = 0; i < 10_000; i++) lines.push(`  - id: node-${i === 9_999 ? 17 : i}`);
    expect(thrown(() => parseConfig(lines.join('\n'), '/p/meshtui.yml')).message).toBe('hosts[9999].id: duplicate id "node-17" (also hosts[17])');
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshtui-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sub = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d);
    return d;
  };

  it('reads ./meshtui.yml first', () => {
    const d = sub('both');
    writeFileSync(join(d, 'meshtui.yml'), MINIMAL);
    writeFileSync(join(d, 'stagecraft.yml'), 'garbage: [');
    const inv = loadConfig({ cwd: d });
    expect(inv.path).toBe(join(d, 'meshtui.yml'));
    expect(inv.format).toBe('meshtui');
  });

  it('falls back to ./stagecraft.yml', () => {
    const d = sub('sc');
    writeFileSync(join(d, 'stagecraft.yml'), fixture('stagecraft.yml'));
    const inv = loadConfig({ cwd: d });
    expect(inv.path).toBe(join(d, 'stagecraft.yml'));
    expect(inv.format).toBe('stagecraft');
  });

  it('says what it looked for when neither exists', () => {
    const d = sub('none');
    const e = thrown(() => loadConfig({ cwd: d }));
    expect(e.message).toBe(`no meshtui.yml or stagecraft.yml in ${d} (use --config FILE)`);
    expect(e.code).toBe('ErrConfigInvalid');
  });

  it('reads --config relative to cwd, and names a missing one', () => {
    const d = sub('explicit');
    writeFileSync(join(d, 'fleet.yml'), MINIMAL);
    expect(loadConfig({ cwd: d, path: 'fleet.yml' }).path).toBe(join(d, 'fleet.yml'));
    const e = thrown(() => loadConfig({ cwd: d, path: 'nope.yml' }));
    expect(e.message).toBe('cannot read config file: no such file');
    expect(e.file).toBe(join(d, 'nope.yml'));
  });

  it('refuses a directory, a file over 4 MiB (before reading it) and invalid UTF-8', () => {
    const d = sub('odd');
    mkdirSync(join(d, 'meshtui.yml'));
    expect(thrown(() => loadConfig({ cwd: d })).message).toBe('is a directory, not a config file');
    const big = join(d, 'big.yml');
    writeFileSync(big, Buffer.alloc(MAX_CONFIG_BYTES + 1, 0x20));
    expect(thrown(() => loadConfig({ cwd: d, path: 'big.yml' })).message).toBe(
      `file is ${MAX_CONFIG_BYTES + 1} bytes, larger than the 4 MiB limit`,
    );
    writeFileSync(join(d, 'latin1.yml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(thrown(() => loadConfig({ cwd: d, path: 'latin1.yml' })).message).toBe('is not valid UTF-8 text');
  });

  it('uses an injected reader (ENOENT means absent)', () => {
    const files: Record<string, string> = { '/w/stagecraft.yml': fixture('stagecraft.yml') };
    const readFile = (p: string) => {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return t;
    };
    expect(loadConfig({ cwd: '/w', readFile }).format).toBe('stagecraft');
    const denied = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(thrown(() => loadConfig({ cwd: '/w', readFile: denied })).message).toBe('cannot read config file: permission denied');
    const weird = () => {
      throw new Error('boom');
    };
    expect(thrown(() => loadConfig({ cwd: '/w', readFile: weird })).message).toBe('cannot read config file: unreadable');
    const huge = () => 'a'.repeat(MAX_CONFIG_BYTES + 1);
    expect(thrown(() => loadConfig({ cwd: '/w', readFile: huge })).message).toMatch(/larger than the 4 MiB limit$/);
  });
});
