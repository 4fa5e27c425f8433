import { describe, expect, it } from 'vitest';
import { detectOutput, fakeHost, fixture, OS_RELEASE } from '../../test/fake-commander.js';
import { factsOf, WIN_KEY, winDeps, winInventory, winRun } from '../../test/windows-kit.js';
import type { HostConfig } from '../config/types.js';
import { provisionHost } from './provision.js';
import { wslNotes, wslVersion } from './wsl.js';

const WSL: HostConfig = { id: 'wsl-1', address: '192.0.2.20', port: 2222, user: 'steve', tags: [], os: 'auto' };
const WSL2 = detectOutput({ release: '5.15.167.4-microsoft-standard-WSL2', wsl: 'Ubuntu-24.04', osRelease: OS_RELEASE.ubuntu2404 });
const INV = winInventory({ tailnetDomain: 'tail4f2a9c.ts.net', defaultTags: ['tag:server'] });
const NO_SYSTEMD = "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n";

describe('WSL', () => {
  it('tells WSL 1 from WSL 2, and says what each means', () => {
    expect(wslVersion({ wsl: true, kernelRelease: '5.15.167.4-microsoft-standard-WSL2' })).toBe(2);
    expect(wslVersion({ wsl: true, kernelRelease: '4.4.0-19041-Microsoft' })).toBe(1);
    expect(wslNotes({ wsl: false, kernelRelease: '6.1.0' })).toEqual([]);
    expect(wslNotes({ wsl: true, kernelRelease: '5.15.167.4-microsoft-standard-WSL2' })[0]).toMatch(/only this WSL 2 distro on the mesh, behind WSL's NAT network.*install Tailscale on its Windows side/);
    expect(wslNotes({ wsl: true, kernelRelease: '4.4.0-19041-Microsoft' })[0]).toMatch(/WSL 1 has no TUN device/);
  });

  it('a WSL 2 host takes the Linux flow and its result carries the note', async () => {
    const fake = fakeHost({ detect: WSL2, status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    const { run, events } = winRun();
    const r = await provisionHost(INV, WSL, winDeps(async () => fake, { env: { TS_AUTHKEY: WIN_KEY } }), run);
    expect(r.status).toBe('ok');
    expect(r.notes?.[0]).toContain('install Tailscale on its Windows side');
    expect(factsOf(events)).toMatchObject({ wsl: 'true', note: expect.stringContaining('WSL 2 distro') });
    const detect = events.find((e) => e.type === 'step' && e.step === 'detect-os' && e.status === 'ok');
    expect(detect).toMatchObject({ detail: expect.stringMatching(/^Ubuntu 24\.04\.1 LTS \(WSL\); WSL host: /) });
    expect(fake.calls.every((c) => c.opts.shell === undefined)).toBe(true);
  });

  it('no systemd in the distro → a clear remedy: systemd in /etc/wsl.conf, or Tailscale on the Windows side', async () => {
    const down = { code: 1, stderr: fixture('up-error-tailscaled-not-running-linux.txt') };
    const fake = fakeHost({ detect: WSL2, status: [down], systemctl: { code: 1, stderr: NO_SYSTEMD } });
    const { run } = winRun();
    const r = await provisionHost(INV, { ...WSL, os: 'wsl' }, winDeps(async () => fake), run);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'ErrInstallFailed', cause: 'no-systemd' });
    expect(r.error!.message).toBe('tailscale provider: tailscaled is not running on wsl-1 and cannot be started: the system has not been booted with systemd (WSL)');
    expect(r.error!.remedy).toContain('"systemd=true" in /etc/wsl.conf');
    expect(r.error!.remedy).toContain('install Tailscale on its Windows side');
  });
});
