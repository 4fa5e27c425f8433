import { describe, expect, it } from 'vitest';
import { detectOutput, FakeCommander, OS_RELEASE } from '../../../test/fake-commander.js';
import { fakeWindowsHost } from '../../../test/fake-windows.js';
import { makeWindowsHost } from '../../sim/windows.js';
import { createContext } from '../context.js';
import { DETECT_OS_ARGV } from '../os.js';
import { detectTarget, windowsFactsOf } from './detect.js';
import { PROBE_SCRIPT, psArgv } from './scripts.js';

const ctxOf = (c: FakeCommander) => createContext({ commander: c, hostId: 'win-1' });

describe('detect-os with os: auto', () => {
  it('cmd.exe refuses the POSIX detect → confirmed with the PowerShell probe', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1'));
    const ctx = ctxOf(fw.fake);
    const os = await detectTarget(ctx, 'auto');
    expect(os).toMatchObject({ family: 'windows', kernel: 'Windows_NT', kernelRelease: '10.0.20348', uid: null, label: 'Microsoft Windows Server 2022 Datacenter (10.0.20348)' });
    expect(ctx.os).toBe(os);
    expect(windowsFactsOf(ctx)).toMatchObject({ user: 'WIN-1\\deploy', admin: true });
    expect(fw.fake.calls.map((c) => c.opts.shell ?? 'posix')).toEqual(['posix', 'powershell']);
    expect(fw.fake.calls[0]!.argv).toEqual([...DETECT_OS_ARGV]);
    expect(fw.lines[1]).toMatch(/^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/]+=*$/);
  });

  it.each([
    "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
    "sh : The term 'sh' is not recognized as the name of a cmdlet, function, script file, or operable program.\r\n",
  ])('recognises the Windows shells\' refusals: %j', async (stderr) => {
    const fake = new FakeCommander().on(/^sh -c/, { stderr, code: 1 }).on(/meshtui:probe/, { stdout: 'os=Windows_NT\nversion=Microsoft Windows NT 10.0.19045.0\ncaption=Microsoft Windows 10 Pro\nuser=DESK\\steve\nadmin=False\n' });
    const os = await detectTarget(ctxOf(fake), 'auto');
    expect(os).toMatchObject({ family: 'windows', label: 'Microsoft Windows 10 Pro (10.0.19045)' });
  });

  it('a Git-Bash default shell (MINGW) is Windows too, confirmed by the probe', async () => {
    const fake = new FakeCommander()
      .on(/^sh -c/, { stdout: 'kernel=MINGW64_NT-10.0-19045\nrelease=3.4\nuid=197609\nwsl=\n--- os-release\n' })
      .on(/meshtui:probe/, { stdout: 'os=Windows_NT\nversion=Microsoft Windows NT 10.0.19045.0\n' });
    expect((await detectTarget(ctxOf(fake), 'auto')).family).toBe('windows');
  });

  it('Linux stays Linux (one command, no probe)', async () => {
    const fake = new FakeCommander().on(/^sh -c/, { stdout: detectOutput() });
    expect((await detectTarget(ctxOf(fake), 'auto')).family).toBe('linux');
    expect(fake.calls).toHaveLength(1);
  });

  it('a probe that does not say Windows_NT → ErrUnsupportedOS naming what it said', async () => {
    const fake = new FakeCommander().on(/^sh -c/, { stderr: "'sh' is not recognized as an internal or external command,", code: 1 }).on(/meshtui:probe/, { stderr: 'Access is denied.', code: 1 });
    await expect(detectTarget(ctxOf(fake), 'auto')).rejects.toMatchObject({ code: 'ErrUnsupportedOS', causeId: 'windows-probe-failed', message: expect.stringContaining('Access is denied.') });
  });
});

describe('detect-os with a configured os:', () => {
  it('windows: the POSIX detect is skipped', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1'));
    expect((await detectTarget(ctxOf(fw.fake), 'windows')).family).toBe('windows');
    expect(fw.fake.calls).toHaveLength(1);
    expect(fw.fake.calls[0]!.argv).toEqual(psArgv(PROBE_SCRIPT));
  });

  it('linux or wsl on a cmd.exe host → a config error that says so', async () => {
    const fw = fakeWindowsHost(makeWindowsHost('win-1'));
    await expect(detectTarget(ctxOf(fw.fake), 'linux')).rejects.toMatchObject({ code: 'ErrUnsupportedOS', causeId: 'os-config-mismatch', message: expect.stringContaining('configured as os: linux') });
  });

  it('wsl marks the host as WSL even when the kernel does not say so', async () => {
    const fake = new FakeCommander().on(/^sh -c/, { stdout: detectOutput({ osRelease: OS_RELEASE.ubuntu2404 }) });
    expect(await detectTarget(ctxOf(fake), 'wsl')).toMatchObject({ family: 'linux', wsl: true });
  });

  it('auto detects WSL from the kernel release or WSL_DISTRO_NAME', async () => {
    const byKernel = new FakeCommander().on(/^sh -c/, { stdout: detectOutput({ release: '5.15.167.4-microsoft-standard-WSL2' }) });
    expect((await detectTarget(ctxOf(byKernel), 'auto')).wsl).toBe(true);
    const byEnv = new FakeCommander().on(/^sh -c/, { stdout: detectOutput({ wsl: 'Ubuntu-24.04' }) });
    expect((await detectTarget(ctxOf(byEnv), 'auto')).wsl).toBe(true);
  });
});
