/** Spec §10.1 (ID, EnsureInstalled, NodeFQDN), against the scripted fake host and the real-format fixtures. EnsureJoined: join.test.ts. */
import { describe, expect, it } from 'vitest';
import { detectOutput, fakeHost, fixture, OS_RELEASE } from '../../test/fake-commander.js';
import { config, provider, ctxFor, lines } from '../../test/provider-kit.js';
import { get, registered } from './index.js';
import { TailscaleProvider, nodeFQDNFor } from './tailscale.js';


async function rejects(p: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown> & Error;
  }
  throw new Error('expected a rejection');
}

describe('ID and registration', () => {
  it("ID() is 'tailscale' and it registered itself", () => {
    expect(provider.ID()).toBe('tailscale');
    expect(registered()).toContain('tailscale');
    expect(get('tailscale').ID()).toBe('tailscale');
  });

  it('unknown provider → ErrConfigInvalid', () => {
    expect(() => get('zerotier')).toThrow(expect.objectContaining({ code: 'ErrConfigInvalid' }));
  });
});

describe('EnsureInstalled', () => {
  it('already installed: one `tailscale version`, nothing else', async () => {
    const fake = fakeHost({ version: fixture('version-1.88.1-official.txt') });
    expect(await provider.ensureInstalled(ctxFor(fake), { config, host: 'srv-web-01' })).toBe('unchanged');
    expect(lines(fake)).toEqual(['tailscale version']);
  });

  it('not installed, install succeeds: detect, script via sudo -n, verify', async () => {
    const fake = fakeHost({ version: null });
    expect(await provider.ensureInstalled(ctxFor(fake), { config, host: 'srv-web-01' })).toBe('installed');
    expect(fake.calls.map((c) => c.argv[0] === 'sh' ? c.argv[3] ?? 'detect' : c.line)).toEqual(['tailscale version', 'detect', 'meshtui-install', 'tailscale version']);
    const install = fake.callsMatching(/meshtui-install/)[0]!;
    expect(install.argv.slice(3)).toEqual(['meshtui-install', 'https://tailscale.com/install.sh', 'sudo', '-n']);
    expect(install.stdin).toBeUndefined();
    expect(install.opts.timeoutMs).toBeGreaterThanOrEqual(15 * 60_000);
  });

  it('not installed, install fails: ErrInstallFailed with the OS and the installer output', async () => {
    const out = '+ curl -fsSL https://pkgs.tailscale.com/stable/debian/bookworm.noarmor.gpg\nThe installer cannot reach https://pkgs.tailscale.com/\nPlease check your network.\n';
    const fake = fakeHost({ version: null, install: { code: 1, stderr: out } });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'srv-web-01' }));
    expect(e.code).toBe('ErrInstallFailed');
    expect(e.message).toBe(
      'tailscale provider: installation failed: install script exited 1 on Debian GNU/Linux 12 (bookworm): The installer cannot reach https://pkgs.tailscale.com/',
    );
    expect((e.detail as { outputTail: string[] }).outputTail).toContain('Please check your network.');
  });

  it('download failure and a missing downloader are named', async () => {
    const fake = fakeHost({ version: null, install: { code: 90, stderr: 'curl: (6) Could not resolve host\nmeshtui: download of https://tailscale.com/install.sh failed\n' } });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'h' }));
    expect(e.message).toContain('meshtui: download of https://tailscale.com/install.sh failed');
    expect(e.causeId).toBe('download-failed');
  });

  it('installer finished but tailscale still missing', async () => {
    const fake = fakeHost({ version: null }).override('tailscale version', { code: 127, stderr: 'sh: 1: tailscale: not found' });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'h' }));
    expect(e.message).toContain('still fails');
  });

  it('skipped (install.method: skip): returns at once, no command', async () => {
    const fake = fakeHost();
    expect(await provider.ensureInstalled(ctxFor(fake), { config: { ...config, install: { method: 'skip' } }, host: 'h' })).toBe('unchanged');
    expect(fake.calls).toHaveLength(0);
  });

  it('config validation errors: before any remote command', async () => {
    const fake = fakeHost();
    for (const bad of [{ tailnet_domain: 'x' }, { auth_key_env: 'K' }, { ...config, default_tags: ['server'] }]) {
      const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config: bad, host: 'h' }));
      expect(e.code).toBe('ErrConfigInvalid');
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('below min_version: error, no automatic upgrade', async () => {
    const fake = fakeHost({ version: fixture('version-1.44.0-official-old-tsgo.txt') });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config: { ...config, install: { min_version: '1.78.0' } }, host: 'h' }));
    expect(e.message).toBe('tailscale provider: installation failed: installed version 1.44.0 is below minimum 1.78.0');
    expect(fake.callsMatching(/meshtui-install/)).toHaveLength(0);
  });

  it('semver, not strings: 1.102.3 satisfies 1.98.0', async () => {
    const fake = fakeHost({ version: fixture('version-1.102.3-official.txt') });
    expect(await provider.ensureInstalled(ctxFor(fake), { config: { ...config, install: { min_version: '1.98.0' } }, host: 'h' })).toBe('unchanged');
  });

  it('unparseable version → ErrInstallFailed', async () => {
    const fake = fakeHost({ version: 'custom-build\n' });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'h' }));
    expect(e.message).toBe('tailscale provider: installation failed: cannot parse installed version custom-build');
  });

  it('`tailscale version` failing oddly is not "not installed"', async () => {
    const f2 = fakeHost().override('tailscale version', { code: 2, stderr: 'segfault' });
    const e = await rejects(provider.ensureInstalled(ctxFor(f2), { config, host: 'h' }));
    expect(e.message).toContain('`tailscale version` exited 2 on srv-web-01: segfault');
  });

  it('unsupported Linux (Fedora): ErrUnsupportedOS before anything is installed', async () => {
    const fake = fakeHost({ version: null, detect: detectOutput({ osRelease: OS_RELEASE.fedora40 }) });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'h' }));
    expect(e.code).toBe('ErrUnsupportedOS');
    expect(e.message).toBe('tailscale provider: unsupported operating system (v1 supports Linux Debian/Ubuntu only)');
    expect(e.remedy).toContain('Fedora Linux 40');
    expect(fake.callsMatching(/meshtui-install/)).toHaveLength(0);
  });

  it('Fedora with tailscale already installed may proceed', async () => {
    const fake = fakeHost({ detect: detectOutput({ osRelease: OS_RELEASE.fedora40 }) });
    expect(await provider.ensureInstalled(ctxFor(fake), { config, host: 'h' })).toBe('unchanged');
  });

  it('sudo password: sudo -S -k -p "" with the password on stdin only', async () => {
    const fake = fakeHost({ version: null });
    await provider.ensureInstalled(ctxFor(fake, { sudoPassword: 'hunter2' }), { config, host: 'h' });
    const install = fake.callsMatching(/meshtui-install/)[0]!;
    expect(install.argv.slice(5)).toEqual(['sudo', '-S', '-k', '-p', '']);
    expect(install.stdin).toBe('hunter2\n');
    expect(fake.calls.some((c) => c.argv.some((a) => a.includes('hunter2')))).toBe(false);
  });

  it('sudo wants a password → ErrSudoPassword (needs action)', async () => {
    const fake = fakeHost({ version: null, install: { code: 1, stderr: 'sudo: a password is required\n' } });
    const e = await rejects(provider.ensureInstalled(ctxFor(fake), { config, host: 'h' }));
    expect(e.code).toBe('ErrSudoPassword');
    expect(e.needsAction).toBe(true);
    expect(e.message).toBe("sudo on srv-web-01 wants a password: run 'meshtui prepare srv-web-01' once, or enter the password in the dashboard's prompt");
  });

  it('root login: no sudo at all', async () => {
    const fake = fakeHost({ version: null, detect: detectOutput({ uid: 0 }) });
    await provider.ensureInstalled(ctxFor(fake), { config, host: 'h' });
    expect(fake.callsMatching(/meshtui-install/)[0]!.argv.slice(3)).toEqual(['meshtui-install', 'https://tailscale.com/install.sh']);
  });
});

describe('NodeFQDN', () => {
  it('{host}.{tailnet_domain}, pure', () => {
    expect(nodeFQDNFor({ tailnetDomain: 'example.ts.net' }, 'db-1')).toBe('db-1.example.ts.net');
    expect(provider.nodeFQDN('gateway-1', { auth_key_env: 'K', tailnet_domain: 'mytailnet.ts.net' })).toBe('gateway-1.mytailnet.ts.net');
  });

  it('uses the config of the last ensure call', async () => {
    const p = new TailscaleProvider();
    await p.ensureInstalled(ctxFor(fakeHost()), { config, host: 'h' });
    expect(p.nodeFQDN('app-1')).toBe('app-1.tail4f2a9c.ts.net');
  });

  it('config errors', () => {
    expect(() => new TailscaleProvider().nodeFQDN('app-1')).toThrow('tailscale provider: invalid config: tailnet_domain is required');
    expect(() => nodeFQDNFor({ tailnetDomain: '' }, 'a')).toThrow('tailscale provider: invalid config: tailnet_domain is required');
    expect(() => provider.nodeFQDN('a', { auth_key_env: 'K' })).toThrow('tailscale provider: invalid config: tailnet_domain is required');
  });
});
