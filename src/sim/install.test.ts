import { describe, expect, it } from 'vitest';
import { applyInstall, detectInstall, simInstall } from './install.js';
import { installerScript } from './installer-sh.js';
import { OS_RELEASE, UNAME } from './osinfo.js';
import { makeHost } from './presets.js';
import { simSystemctl } from './systemctl.js';
import { ctxFor } from './testkit.js';

describe('installer', () => {
  it('detects like installer.sh from os-release', () => {
    expect(detectInstall(makeHost('a'))).toEqual({ ok: true, os: 'debian', version: 'bookworm', packageType: 'apt' });
    expect(detectInstall(makeHost('a', { osRelease: OS_RELEASE.ubuntu2404 }))).toMatchObject({ os: 'ubuntu', version: 'noble' });
    expect(detectInstall(makeHost('a', { osRelease: OS_RELEASE.fedora41 }))).toMatchObject({ os: 'fedora', packageType: 'dnf' });
    expect(detectInstall(makeHost('a', { osRelease: OS_RELEASE.alpine321, uname: UNAME.alpine }))).toMatchObject({ os: 'alpine', packageType: 'apk' });
    expect(detectInstall(makeHost('a', { osRelease: null, uname: UNAME.darwin }))).toMatchObject({ os: 'macos', packageType: 'appstore' });
  });

  it('prints the real unsupported text, os-release included', () => {
    const d = detectInstall(makeHost('box', { osRelease: 'ID=plan9\n' }));
    expect(d.ok).toBe(false);
    const text = (d as { stdout: string }).stdout;
    expect(text.startsWith("Couldn't determine what kind of Linux is running.\nYou could try the static binaries at:\nhttps://pkgs.tailscale.com/stable/#static\n\nIf you'd like us")).toBe(true);
    expect(text).toContain('OS=other-linux\nVERSION=\nPACKAGETYPE=\nUNAME=Linux box 6.1.0-31-amd64 ');
    expect(text.endsWith('\nID=plan9\n')).toBe(true);
    const jessie = detectInstall(makeHost('a', { osRelease: 'ID=debian\nVERSION_CODENAME=jessie\n' }));
    expect((jessie as { stdout: string }).stdout.split('\n')[0]).toBe("debian jessie isn't supported by this script yet.");
    expect((detectInstall(makeHost('a', { osRelease: 'ID=nixos\n' })) as { stdout: string }).stdout).toMatch(/^Please add Tailscale to your NixOS/);
  });

  it('installs with set -x noise and the completion text', () => {
    const r = simInstall(ctxFor(makeHost('a', { delays: { perCommandMs: 5, installMs: 4000, upMs: 0 } }), { uid: 1000 }), { hasSudo: true });
    expect(r.code).toBe(0);
    expect(r.delayMs).toBe(4005);
    expect(r.stderr).toContain('+ sudo apt-get install -y tailscale tailscale-archive-keyring\n');
    expect(r.stdout.startsWith('Installing Tailscale for debian bookworm, using method apt\n')).toBe(true);
    expect(r.stdout.endsWith('Installation complete! Log in to start using Tailscale by running:\n\nsudo tailscale up\n')).toBe(true);
    expect(r.state).toMatchObject({ installed: true, version: '1.102.3', daemonRunning: true, backendState: 'NeedsLogin' });
  });

  it('needs root', () => {
    const r = simInstall(ctxFor(makeHost('a'), { uid: 1000 }), { hasSudo: false });
    expect(r.stdout).toBe("This installer needs to run commands as root.\nWe tried looking for 'sudo' and 'doas', but couldn't find them.\nEither re-run this script as root, or set up sudo/doas.\n");
    const d = detectInstall(makeHost('a'));
    if (!d.ok) throw new Error('detect');
    expect(applyInstall(makeHost('a'), d, 1000, '').code).toBe(100);
    expect(applyInstall(makeHost('a', { installError: 'E: boom\n' }), d, 0, '')).toMatchObject({ code: 100 });
  });

  it('renders an installer.sh with set -eu and main at the end', () => {
    const s = installerScript('sim-ctl');
    expect(s.startsWith('#!/bin/sh\n')).toBe(true);
    expect(s).toContain('set -eu\nmain() {');
    expect(s.trimEnd().endsWith('main')).toBe(true);
  });
});

describe('systemctl', () => {
  const installed = makeHost('a', { installed: true });
  it('starts tailscaled as root only', () => {
    expect(simSystemctl(['start', 'tailscaled'], ctxFor(installed)).state.daemonRunning).toBe(true);
    const denied = simSystemctl(['start', 'tailscaled'], ctxFor(installed, { uid: 1000 }));
    expect(denied.stderr).toMatch(/^Failed to start tailscaled\.service: Interactive authentication required\./);
    expect(simSystemctl(['start', 'tailscaled'], ctxFor(makeHost('a'))).stderr).toBe('Failed to start tailscaled.service: Unit tailscaled.service not found.\n');
    expect(simSystemctl(['enable', '--now', 'tailscaled.service'], ctxFor(installed)).state.daemonRunning).toBe(true);
  });
  it('answers is-active', () => {
    expect(simSystemctl(['is-active', 'tailscaled'], ctxFor(installed))).toMatchObject({ stdout: 'inactive\n', code: 3 });
  });
});
