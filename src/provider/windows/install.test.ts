import { describe, expect, it } from 'vitest';
import { FakeCommander, fixture } from '../../../test/fake-commander.js';
import { fakeWindowsHost } from '../../../test/fake-windows.js';
import { trail, WIN_HOST, winDeps, winInventory, winRun } from '../../../test/windows-kit.js';
import { installedWindowsHost, makeWindowsHost } from '../../sim/windows.js';
import { createContext } from '../context.js';
import { provisionHost } from '../provision.js';
import { checkInstalledWindows, installWindows } from './install.js';
import { INSTALL_SCRIPT, psArgv, VERSION_SCRIPT, WINGET_ARGS } from './scripts.js';

const cfg = winInventory().tailscale;

describe('Windows: check-version and install', () => {
  it('tailscale.exe present: its version, first line, semver', async () => {
    const fake = new FakeCommander().on(/meshtui:version/, { stdout: fixture('version-1.88.1-official.txt') });
    const v = await checkInstalledWindows(createContext({ commander: fake, hostId: 'win-1' }));
    expect(v).toEqual({ raw: '1.88.1', version: '1.88.1' });
    expect(fake.calls[0]).toMatchObject({ argv: psArgv(VERSION_SCRIPT), opts: { shell: 'powershell' } });
  });

  it('present but below min_version → ErrInstallFailed (no automatic upgrade)', async () => {
    const fw = fakeWindowsHost(installedWindowsHost('win-1', { version: '1.70.0' }));
    const { run } = winRun();
    const r = await provisionHost(winInventory(), WIN_HOST, winDeps(async () => fw.fake), run);
    expect(r.error).toMatchObject({ code: 'ErrInstallFailed', message: 'tailscale provider: installation failed: installed version 1.70.0 is below minimum 1.78.0' });
  });

  it('missing → winget installs it (the exact winget command, no sudo), then the version is read again', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1'));
    const ctx = createContext({ commander: fw.fake, hostId: 'win-1' });
    expect(await checkInstalledWindows(ctx)).toBeNull();
    const v = await installWindows(ctx, cfg);
    expect(v.version).toBe('1.102.3');
    expect(fw.state().windows.calls.find((c) => c[0] === 'winget.exe')).toEqual(['winget.exe', ...WINGET_ARGS]);
    expect(WINGET_ARGS.join(' ')).toBe('install --id Tailscale.Tailscale --source winget --accept-source-agreements --accept-package-agreements --silent');
    expect(fw.fake.calls.map((c) => c.argv[1]!.split('\n')[0])).toEqual(['# meshtui:version', '# meshtui:install', '# meshtui:version']);
    expect(fw.fake.calls.every((c) => c.opts.shell === 'powershell' && !c.argv.includes('sudo'))).toBe(true);
    expect(fw.fake.calls[1]!.argv).toEqual(psArgv(INSTALL_SCRIPT));
  });

  it('winget missing → ErrInstallFailed with the manual MSI advice', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1', {}, { winget: 'missing' }));
    await expect(installWindows(createContext({ commander: fw.fake, hostId: 'win-1' }), cfg)).rejects.toMatchObject({
      code: 'ErrInstallFailed',
      causeId: 'winget-missing',
      message: 'tailscale provider: installation failed: winget is not available on win-1',
      remedy: expect.stringContaining('https://pkgs.tailscale.com/stable/#windows'),
    });
  });

  it('winget fails → ErrInstallFailed with its last line, the output tail, and the MSI advice', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1', {}, { winget: 'fails' }));
    const { run, events } = winRun();
    const r = await provisionHost(winInventory(), WIN_HOST, winDeps(async () => fw.fake), run);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'ErrInstallFailed', cause: 'winget-failed' });
    expect(r.error!.message).toMatch(/^tailscale provider: installation failed: winget exited -1978335226: Installer failed with exit code: 1603 on win-1$/);
    expect(r.error!.remedy).toContain('msiexec');
    expect(r.error!.detail).toMatchObject({ outputTail: expect.arrayContaining(['Installer failed with exit code: 1603']) });
    expect(trail(events).slice(-2)).toEqual(['install:running', 'install:failed']);
  });

  it('winget exits non-zero but tailscale.exe is there → installed, with a note', async () => {
    const fake = new FakeCommander()
      .on(/meshtui:install/, { code: -1978335189, stdout: 'No applicable upgrade found.' })
      .on(/meshtui:version/, { stdout: '1.102.3\n' });
    const notes: string[] = [];
    const ctx = createContext({ commander: fake, hostId: 'win-1', hooks: { note: (t) => notes.push(t) } });
    expect((await installWindows(ctx, cfg)).version).toBe('1.102.3');
    expect(notes[0]).toContain('winget exited -1978335189');
  });
});
