/**
 * Target OS detection: ONE constant command through the Commander (no interpolation), parsed here.
 *
 * Decisions:
 * - Install is supported on Debian and Ubuntu (spec §2.2): ID debian/ubuntu, and also derivatives whose
 *   ID_LIKE names debian or ubuntu (Raspbian, Mint, Pop!_OS, Kali…). The official installer knows
 *   these by ID; an unknown derivative fails inside the installer, whose own message we then surface.
 * - Other Linux (Fedora, Alpine, NixOS…) fails with ErrUnsupportedOS only when an install is needed,
 *   BEFORE anything is installed. A host that already runs tailscale at an acceptable version may
 *   still join: nothing distro-specific happens after install (`tailscale up` is the same everywhere).
 * - Not Linux at all (macOS, *BSD, Windows) fails at detect-os. Windows shows up as a cmd.exe or
 *   PowerShell "is not recognized" error (there is no `sh`), or as MINGW/MSYS/CYGWIN from `uname -s`.
 */
import type { ProviderContext } from './context.js';
import { firstLine } from './context.js';
import { MeshError } from './errors.js';

export const DETECT_OS_SCRIPT = [
  'echo "kernel=$(uname -s 2>/dev/null)"',
  'echo "release=$(uname -r 2>/dev/null)"',
  'echo "uid=$(id -u 2>/dev/null)"',
  'echo "wsl=${WSL_DISTRO_NAME:-}"',
  'echo "--- os-release"',
  'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null',
  'exit 0',
].join('; ');
export const DETECT_OS_ARGV: readonly string[] = ['sh', '-c', DETECT_OS_SCRIPT];

export type OsFamily = 'linux' | 'macos' | 'windows' | 'bsd' | 'other';

export interface OsFacts {
  family: OsFamily;
  /** `uname -s` */
  kernel: string;
  /** `uname -r` */
  kernelRelease: string;
  /** `id -u`; null when unknown. 0 = root: no sudo needed. */
  uid: number | null;
  wsl: boolean;
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
  /** Debian/Ubuntu (or a derivative): the install script may be used. */
  installSupported: boolean;
  /** For people: PRETTY_NAME, else ID VERSION_ID, else the kernel name. */
  label: string;
}

export const UNSUPPORTED_OS = 'tailscale provider: unsupported operating system (v1 supports Linux Debian/Ubuntu only)';
const WINDOWS_LATER = 'Windows hosts are provisioned through PowerShell: set `os: windows` (or `auto`) for this host';
const NOT_RECOGNIZED = /is not recognized as (an internal or external command|the name of a cmdlet|a name of a cmdlet)/i;

/** /etc/os-release: KEY=value lines, values optionally quoted ("…" with \-escapes, or '…'). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!.trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\([$"`\\])/g, '$1');
    else if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1);
    out[m[1]!] = v;
  }
  return out;
}

function family(kernel: string): OsFamily {
  if (kernel === 'Linux') return 'linux';
  if (kernel === 'Darwin') return 'macos';
  if (/BSD$|^DragonFly/.test(kernel)) return 'bsd';
  if (/^(MINGW|MSYS|CYGWIN|Windows)/i.test(kernel)) return 'windows';
  return 'other';
}

export function unsupportedOs(hostId: string, os: Pick<OsFacts, 'family' | 'label'>): MeshError {
  if (os.family === 'linux') {
    return new MeshError('ErrUnsupportedOS', UNSUPPORTED_OS, {
      cause: 'unsupported-linux',
      remedy: `${hostId} runs ${os.label}: install tailscale there yourself (https://tailscale.com/download/linux), then re-run; an installed tailscale is used as is`,
      detail: { os: os.label },
    });
  }
  const what = os.family === 'windows' ? `Windows; ${WINDOWS_LATER}` : os.label;
  return new MeshError('ErrUnsupportedOS', `${UNSUPPORTED_OS}: ${hostId} runs ${what}`, {
    cause: `unsupported-${os.family}`,
    remedy: os.family === 'windows' ? WINDOWS_LATER : `v1 provisions Linux hosts only; remove ${hostId} from this run`,
    detail: { os: os.label },
  });
}

export function parseDetectOutput(hostId: string, stdout: string, stderr: string, code: number): OsFacts {
  const all = `${stdout}\n${stderr}`;
  const kv: Record<string, string> = {};
  const [head = '', release = ''] = stdout.split(/^--- os-release\s*$/m);
  for (const line of head.split(/\r?\n/)) {
    const m = /^(kernel|release|uid|wsl)=(.*)$/.exec(line.trim());
    if (m) kv[m[1]!] = m[2]!.trim();
  }
  if (!kv.kernel) {
    if (NOT_RECOGNIZED.test(all)) throw unsupportedOs(hostId, { family: 'windows', label: 'Windows' });
    throw new MeshError('ErrUnsupportedOS', `${UNSUPPORTED_OS}: cannot detect the operating system of ${hostId} (exit ${code}: ${firstLine(all) || 'no output'})`, {
      cause: 'os-undetected',
      remedy: `check that ${hostId} has a POSIX shell (sh) and uname; v1 provisions Linux hosts only`,
    });
  }
  const osr = parseOsRelease(release);
  const kernel = kv.kernel;
  const fam = family(kernel);
  const id = (osr.ID ?? '').toLowerCase();
  const idLike = (osr.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const debianish = [id, ...idLike].some((x) => x === 'debian' || x === 'ubuntu');
  const uid = kv.uid && /^\d+$/.test(kv.uid) ? Number(kv.uid) : null;
  const kernelRelease = kv.release ?? '';
  const label = osr.PRETTY_NAME || [osr.NAME || id, osr.VERSION_ID].filter(Boolean).join(' ') || (fam === 'macos' ? 'macOS' : kernel);
  return {
    family: fam,
    kernel,
    kernelRelease,
    uid,
    wsl: fam === 'linux' && (/microsoft/i.test(kernelRelease) || Boolean(kv.wsl)),
    id,
    idLike,
    versionId: osr.VERSION_ID ?? '',
    prettyName: osr.PRETTY_NAME ?? '',
    installSupported: fam === 'linux' && debianish,
    label,
  };
}

export async function detectOs(ctx: ProviderContext): Promise<OsFacts> {
  const res = await ctx.run(DETECT_OS_ARGV, { readOnly: true });
  const facts = parseDetectOutput(ctx.hostId, res.stdout, res.stderr, res.code);
  ctx.os = facts;
  return facts;
}

export async function ensureFacts(ctx: ProviderContext): Promise<OsFacts> {
  return ctx.os ?? detectOs(ctx);
}

/** Non-Linux hosts cannot be provisioned at all in v1. */
export function assertLinux(hostId: string, os: OsFacts): void {
  if (os.family !== 'linux') throw unsupportedOs(hostId, os);
}

/** Before installing anything: Debian/Ubuntu only (spec §2.2). */
export function assertCanInstall(hostId: string, os: OsFacts): void {
  if (!os.installSupported) throw unsupportedOs(hostId, os);
}

/** The host config says `os: windows`: not in v1, and nothing is run to find out. */
export function windowsNotYet(hostId: string): MeshError {
  return unsupportedOs(hostId, { family: 'windows', label: 'Windows' });
}
