import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostConfig } from '../config/types.js';
import { isMeshError } from '../provider/errors.js';
import { loadSshConfigText } from './sshConfigFile.js';
import { displayPath, expandHome, expandTokens, resolveTarget } from './target.js';

const env = { homedir: '/home/me', localUser: 'me' };

function host(over: Partial<HostConfig> = {}): HostConfig {
  return { id: 'app-1', address: 'app-1', tags: [], os: 'auto', ...over };
}

const CONFIG = `
Host app-*
  HostName %h.internal.example.com
  User deploy
  Port 2222
  IdentityFile ~/.ssh/deploy_%r

Host db
  HostName 10.0.0.5
  HostKeyAlias db-key

Host bastioned
  ProxyJump jump.example.com

Host badport
  Port abc

Host *
  User fallback
  IdentityFile ~/.ssh/global
`;

describe('resolveTarget', () => {
  it('uses the defaults without an ssh_config', () => {
    const t = resolveTarget(host({ address: '203.0.113.10' }), undefined, env);
    expect(t).toEqual({
      hostId: 'app-1',
      alias: '203.0.113.10',
      hostname: '203.0.113.10',
      port: 22,
      user: 'me',
      identityFiles: ['/home/me/.ssh/id_ed25519', '/home/me/.ssh/id_ecdsa', '/home/me/.ssh/id_rsa'],
      identityExplicit: false,
    });
  });

  it('applies a wildcard Host block with HostName, User, Port and IdentityFile (tokens expanded)', () => {
    const t = resolveTarget(host(), CONFIG, env);
    expect(t.hostname).toBe('app-1.internal.example.com');
    expect(t.user).toBe('deploy');
    expect(t.port).toBe(2222);
    // first-obtained wins for single values; IdentityFile accumulates, in order
    expect(t.identityFiles).toEqual(['/home/me/.ssh/deploy_deploy', '/home/me/.ssh/global']);
    expect(t.identityExplicit).toBe(true);
  });

  it('lets explicit config fields win over ssh_config', () => {
    const t = resolveTarget(host({ port: 22, user: 'ops', identityFile: '~/.ssh/ops' }), CONFIG, env);
    expect(t).toMatchObject({ hostname: 'app-1.internal.example.com', port: 22, user: 'ops', identityFiles: ['/home/me/.ssh/ops'] });
  });

  it('falls through to Host * and keeps HostKeyAlias', () => {
    const t = resolveTarget(host({ id: 'db', address: 'db' }), CONFIG, env);
    expect(t).toMatchObject({ hostname: '10.0.0.5', port: 22, user: 'fallback', hostKeyAlias: 'db-key' });
  });

  it('matches Host patterns case-insensitively on directive names', () => {
    const t = resolveTarget(host({ address: 'x' }), 'host x\n  hostname 1.2.3.4\n  PORT 2200\n', env);
    expect(t).toMatchObject({ hostname: '1.2.3.4', port: 2200 });
  });

  it('refuses ProxyJump and an invalid Port clearly', () => {
    const jump = (): unknown => resolveTarget(host({ address: 'bastioned' }), CONFIG, env);
    expect(jump).toThrow(/ProxyJump in ~\/.ssh\/config, which meshtui does not support/);
    try {
      resolveTarget(host({ address: 'badport' }), CONFIG, env);
      expect.unreachable();
    } catch (e) {
      expect(isMeshError(e) && e.code).toBe('ErrSSH');
      expect((e as Error).message).toContain("invalid Port 'abc'");
    }
  });

  it('does not run Match exec', () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'tgt-')), 'ran');
    const t = resolveTarget(host({ address: 'h' }), `Match exec "touch ${marker}"\n  Port 2999\n`, env);
    expect(t.port).toBe(22);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('path helpers', () => {
  it('expands ~ and tokens and shows paths with ~', () => {
    expect(expandHome('~/.ssh/x', '/h')).toBe('/h/.ssh/x');
    expect(expandHome('rel/key', '/h')).toBe('/h/rel/key');
    expect(expandHome('/abs', '/h')).toBe('/abs');
    expect(expandTokens('%d/%u/%h/%r/%p/%%/%z', { d: 'D', u: 'U', h: 'H', r: 'R', p: 'P' })).toBe('D/U/H/R/P/%/%z');
    expect(displayPath('/h/.ssh/id', '/h')).toBe('~/.ssh/id');
    expect(displayPath('/other/id', '/h')).toBe('/other/id');
  });
});

describe('loadSshConfigText', () => {
  it('returns undefined for a missing file and inlines Include (relative to ~/.ssh, globbed)', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'home-'));
    mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true });
    expect(await loadSshConfigText(path.join(home, '.ssh', 'config'), home)).toBeUndefined();
    writeFileSync(path.join(home, '.ssh', 'conf.d', 'a.conf'), 'Host inc\n  HostName 10.9.9.9\n');
    writeFileSync(path.join(home, '.ssh', 'conf.d', 'b.conf'), 'Host inc2\n  Port 2022\n');
    writeFileSync(
      path.join(home, '.ssh', 'config'),
      'Host outer\n  Include conf.d/*.conf\n  User outeruser\nHost *\n  User star\n',
    );
    const text = await loadSshConfigText(path.join(home, '.ssh', 'config'), home);
    const e = { homedir: home, localUser: 'me' };
    expect(resolveTarget(host({ address: 'inc' }), text, e)).toMatchObject({ hostname: '10.9.9.9', user: 'star' });
    expect(resolveTarget(host({ address: 'inc2' }), text, e)).toMatchObject({ port: 2022 });
    // lines after the Include still belong to the block that held it
    expect(resolveTarget(host({ address: 'outer' }), text, e)).toMatchObject({ user: 'outeruser' });
  });
});
