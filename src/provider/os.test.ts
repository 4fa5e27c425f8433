import { describe, expect, it } from 'vitest';
import { detectOutput, FakeCommander, OS_RELEASE } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { assertCanInstall, assertLinux, DETECT_OS_ARGV, detectOs, parseDetectOutput, parseOsRelease, UNSUPPORTED_OS } from './os.js';

const parse = (out: string, code = 0, stderr = '') => parseDetectOutput('app-1', out, stderr, code);

describe('os-release', () => {
  it('parses quoted, single-quoted, escaped and bare values; skips comments', () => {
    const r = parseOsRelease('# c\nID=debian\nPRETTY_NAME="Deb \\"x\\" \\$y"\nNAME=\'Alpine Linux\'\nBAD LINE\nEMPTY=\n');
    expect(r).toEqual({ ID: 'debian', PRETTY_NAME: 'Deb "x" $y', NAME: 'Alpine Linux', EMPTY: '' });
  });
});

describe('detect-os', () => {
  it('runs ONE constant command', async () => {
    const fake = new FakeCommander().on(/^sh -c /, { stdout: detectOutput() });
    const ctx = createContext({ commander: fake, hostId: 'app-1' });
    const os = await detectOs(ctx);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.argv).toEqual([...DETECT_OS_ARGV]);
    expect(ctx.os).toBe(os);
    expect(os).toMatchObject({ family: 'linux', id: 'debian', versionId: '12', uid: 1000, installSupported: true, wsl: false, label: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it.each([
    ['debian12', true],
    ['ubuntu2404', true],
    ['raspbian', true],
    ['mint', true],
    ['fedora40', false],
    ['alpine', false],
    ['nixos', false],
  ] as const)('%s: install supported = %s', (name, ok) => {
    const os = parse(detectOutput({ osRelease: OS_RELEASE[name] }));
    expect(os.family).toBe('linux');
    expect(os.installSupported).toBe(ok);
    if (!ok) {
      expect(() => assertCanInstall('app-1', os)).toThrow(expect.objectContaining({ code: 'ErrUnsupportedOS', message: UNSUPPORTED_OS }));
      expect(() => assertLinux('app-1', os)).not.toThrow();
    }
  });

  it('the exact spec text for other Linux', () => {
    expect(UNSUPPORTED_OS).toBe('tailscale provider: unsupported operating system (v1 supports Linux Debian/Ubuntu only)');
  });

  it('root login: uid 0', () => {
    expect(parse(detectOutput({ uid: 0 })).uid).toBe(0);
    expect(parse(detectOutput({ uid: undefined }).replace('uid=1000', 'uid=')).uid).toBeNull();
  });

  it('WSL from the kernel release or WSL_DISTRO_NAME', () => {
    expect(parse(detectOutput({ release: '5.15.153.1-microsoft-standard-WSL2', osRelease: OS_RELEASE.ubuntu2404 })).wsl).toBe(true);
    expect(parse(detectOutput({ wsl: 'Ubuntu' })).wsl).toBe(true);
    expect(parse(detectOutput()).wsl).toBe(false);
  });

  it('no os-release at all → still Linux, not installable', () => {
    const os = parse('kernel=Linux\nrelease=6.1\nuid=1000\nwsl=\n--- os-release\n');
    expect(os).toMatchObject({ family: 'linux', installSupported: false, label: 'Linux' });
  });

  it.each([
    ['Darwin', 'macos', 'macOS'],
    ['FreeBSD', 'bsd', 'FreeBSD'],
    ['MINGW64_NT-10.0-19045', 'windows', 'MINGW64_NT-10.0-19045'],
  ])('%s is not Linux → ErrUnsupportedOS, never a crash', (kernel, family, label) => {
    const os = parse(`kernel=${kernel}\nrelease=1\nuid=501\nwsl=\n--- os-release\n`);
    expect(os.family).toBe(family);
    expect(os.label).toBe(label);
    expect(() => assertLinux('mac-1', os)).toThrow(expect.objectContaining({ code: 'ErrUnsupportedOS' }));
  });

  it.each([
    ["'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"],
    ["'sh' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"],
    ["sh : The term 'sh' is not recognized as a name of a cmdlet, function, script file, or executable program.\r\n"],
  ])('Windows shell → ErrUnsupportedOS saying os: windows comes later', (stderr) => {
    let err: unknown;
    try {
      parse('', 1, stderr);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ErrUnsupportedOS', causeId: 'unsupported-windows' });
    expect((err as Error).message.startsWith(UNSUPPORTED_OS)).toBe(true);
    expect((err as Error).message).toContain('`os: windows`');
    expect((err as Error).message).toContain('set `os: windows`');
  });

  it('anything else undetectable → a clear ErrUnsupportedOS', () => {
    expect(() => parse('', 255, 'exec request failed')).toThrow(/cannot detect the operating system of app-1 \(exit 255: exec request failed\)/);
  });
});
