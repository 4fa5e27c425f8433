/**
 * Which OS a host runs, honouring the config's `os:`.
 *
 * - auto: the engine's POSIX detect script. On Windows OpenSSH the default shell is cmd.exe, which
 *   answers `'sh' is not recognized as an internal or external command, …` (PowerShell as the default
 *   shell says `… is not recognized as the name of a cmdlet …`); a Git-Bash shell answers MINGW/MSYS
 *   from `uname -s`. Either way Windows is then CONFIRMED with a PowerShell probe
 *   ($env:OS, [System.Environment]::OSVersion.VersionString), which also tells who we are.
 * - windows: the probe only (the POSIX detect is skipped).
 * - linux / wsl: the POSIX detect; a host that answers as cmd.exe is a config error worth naming.
 *   `wsl` marks the host as WSL even when the kernel does not say so.
 */
import type { HostOs } from '../../config/types.js';
import { firstLine, type ProviderContext } from '../context.js';
import { MeshError } from '../errors.js';
import { DETECT_OS_ARGV, parseDetectOutput, UNSUPPORTED_OS, type OsFacts } from '../os.js';
import { PROBE_SCRIPT, psArgv } from './scripts.js';

const NOT_RECOGNIZED = /is not recognized as (an internal or external command|the name of a cmdlet|a name of a cmdlet)/i;

export interface WindowsFacts {
  /** DOMAIN\user the SSH session runs as. */
  user: string;
  /** An administrator's SSH session is elevated already (no sudo, no UAC prompt). */
  admin: boolean;
  versionString: string;
  caption: string;
  arch: string;
}

const windowsFacts = new WeakMap<ProviderContext, WindowsFacts>();

export function windowsFactsOf(ctx: ProviderContext): WindowsFacts | undefined {
  return windowsFacts.get(ctx);
}

export function isWindows(ctx: Pick<ProviderContext, 'os'>): boolean {
  return ctx.os?.family === 'windows';
}

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-z]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

export function parseProbe(stdout: string): WindowsFacts & { os: string; build: string } {
  const kv = keyValues(stdout);
  return {
    os: kv.os ?? '',
    versionString: kv.version ?? '',
    build: /(\d+\.\d+\.\d+)/.exec(kv.version ?? '')?.[1] ?? '',
    caption: kv.caption ?? '',
    user: kv.user ?? '',
    admin: /^true$/i.test(kv.admin ?? ''),
    arch: kv.arch ?? '',
  };
}

/** Runs the PowerShell probe; ErrUnsupportedOS when the host does not answer as Windows. */
export async function probeWindows(ctx: ProviderContext, why: 'configured' | 'detected'): Promise<OsFacts> {
  const res = await ctx.run(psArgv(PROBE_SCRIPT), { shell: 'powershell' });
  const p = parseProbe(res.stdout);
  if (res.code !== 0 || p.os !== 'Windows_NT') {
    const said = firstLine(`${res.stderr}\n${res.stdout}`) || 'no output';
    throw new MeshError(
      'ErrUnsupportedOS',
      `${UNSUPPORTED_OS}: ${why === 'configured' ? `${ctx.hostId} is configured as os: windows, but` : `${ctx.hostId} looks like Windows, but`} PowerShell did not answer (exit ${res.code}: ${said})`,
      {
        cause: 'windows-probe-failed',
        remedy: why === 'configured' ? `check os: in the config (auto detects it), and that ${ctx.hostId}'s OpenSSH can run powershell` : `check that powershell.exe is on ${ctx.hostId}'s PATH for SSH sessions`,
      },
    );
  }
  const label = p.caption ? `${p.caption}${p.build ? ` (${p.build})` : ''}` : `Windows ${p.build}`.trim();
  const facts: OsFacts = {
    family: 'windows',
    kernel: 'Windows_NT',
    kernelRelease: p.build,
    uid: null,
    wsl: false,
    id: 'windows',
    idLike: [],
    versionId: p.build,
    prettyName: p.caption,
    installSupported: true,
    label,
  };
  windowsFacts.set(ctx, { user: p.user, admin: p.admin, versionString: p.versionString, caption: p.caption, arch: p.arch });
  ctx.os = facts;
  return facts;
}

function answeredAsWindowsShell(stdout: string, stderr: string): boolean {
  return !/^kernel=/m.test(stdout) && NOT_RECOGNIZED.test(`${stdout}\n${stderr}`);
}

/** detect-os with the config's `os:` (see the file comment). */
export async function detectTarget(ctx: ProviderContext, configured: HostOs = 'auto'): Promise<OsFacts> {
  if (configured === 'windows') return probeWindows(ctx, 'configured');
  const res = await ctx.run(DETECT_OS_ARGV, { readOnly: true });
  if (answeredAsWindowsShell(res.stdout, res.stderr)) {
    if (configured !== 'auto') {
      throw new MeshError('ErrUnsupportedOS', `${UNSUPPORTED_OS}: ${ctx.hostId} is configured as os: ${configured}, but its SSH shell is Windows cmd.exe or PowerShell`, {
        cause: 'os-config-mismatch',
        remedy: `set os: windows (or auto) for ${ctx.hostId}; for a WSL distro, use the SSH port that WSL's own sshd listens on (2222 in the seed)`,
        detail: { said: firstLine(`${res.stderr}\n${res.stdout}`) },
      });
    }
    return probeWindows(ctx, 'detected');
  }
  const os = parseDetectOutput(ctx.hostId, res.stdout, res.stderr, res.code);
  if (os.family === 'windows' && configured === 'auto') return probeWindows(ctx, 'detected');
  const facts = configured === 'wsl' && os.family === 'linux' ? { ...os, wsl: true } : os;
  ctx.os = facts;
  return facts;
}
