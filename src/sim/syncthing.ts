/**
 * Syncthing on a simulated host, as meshtui's syncthing step meets it (src/provider/syncthing.ts):
 * the distribution's package (apt-get: apt.ts), the system template unit `syncthing@USER.service`
 * (systemctl: delegated here by systemctl.ts) and `syncthing device-id` (v2) / `syncthing
 * --device-id` (v1). Pure: argv and a SimCtx in, the real texts and exit codes out; the state is
 * `SimHost.syncthing` (absent: the host's distribution defaults, nothing installed).
 */
import { parseOsRelease } from './osinfo.js';
import { stream } from './rand.js';
import { failure, result } from './result.js';
import { NOT_FOUND_SH, NOT_FOUND_SUDO } from './texts.js';
import type { SimCtx, SimHost, SimResult } from './types.js';

/**
 * Where the package is: listed (in the host's package lists), stale (the lists predate it:
 * `Unable to locate package` until `apt-get update`), absent (not in the configured repositories).
 */
export type SyncthingRepo = 'listed' | 'stale' | 'absent';

export interface SimSyncthing {
  installed: boolean;
  /** The Debian package version offered / installed, e.g. "1.19.2~ds1-1+b4"; upstream 2.x has `syncthing device-id`, 1.x `--device-id`. */
  packageVersion: string;
  repo: SyncthingRepo;
  /** Users whose syncthing@USER.service is enabled / active. */
  enabled: string[];
  active: string[];
  /** user -> ms since epoch from which the user's cert.pem exists (written by the first start). */
  certs: Record<string, number>;
  /** How long after the first start the certificate appears. */
  certDelayMs: number;
  /** `apt-get install` fails with this text (stderr) and exit 100. */
  installError: string | null;
}

export interface AptSource {
  /** Archive line prefix, e.g. "http://deb.debian.org/debian bookworm". */
  archive: string;
  /** `apt-get update` index lines after the archive (Hit/Get). */
  indexes: string[];
  /** The pocket/component the package comes from, e.g. "bookworm/main". */
  pool: string;
  packageVersion: string;
  /** Download size (kB) and installed size (MB): bookworm's from its Packages index; Ubuntu's approximate. */
  sizeKb: number;
  installedMb: string;
}

/** Ubuntu's syncthing per release (Debian: bookworm's 1.19.2 for every release). */
const UBUNTU_PACKAGES: Record<string, string> = { noble: '1.27.2~ds4-1ubuntu0.24.04.2', jammy: '1.18.0~ds1-3ubuntu0.3' };

/** Debian-family hosts have apt-get; what their repositories offer. */
export function aptSource(h: SimHost): AptSource | null {
  const r = parseOsRelease(h.osRelease);
  const like = `${r.ID ?? ''} ${r.ID_LIKE ?? ''}`;
  if (!/\b(debian|ubuntu)\b/.test(like)) return null;
  const code = r.UBUNTU_CODENAME || r.VERSION_CODENAME || 'bookworm';
  if (/\bubuntu\b/.test(like)) {
    return {
      archive: `http://archive.ubuntu.com/ubuntu ${code}`,
      indexes: ['', '-updates', '-backports'].map((p) => `http://archive.ubuntu.com/ubuntu ${code}${p} InRelease`).concat(`http://security.ubuntu.com/ubuntu ${code}-security InRelease`),
      pool: `${code}-updates/universe`,
      packageVersion: UBUNTU_PACKAGES[code] ?? UBUNTU_PACKAGES.noble!,
      sizeKb: 7411,
      installedMb: '21.4',
    };
  }
  return {
    archive: `http://deb.debian.org/debian ${code}`,
    indexes: [`http://deb.debian.org/debian ${code} InRelease`, `http://deb.debian.org/debian ${code}-updates InRelease`, `http://deb.debian.org/debian-security ${code}-security InRelease`],
    pool: `${code}/main`,
    packageVersion: '1.19.2~ds1-1+b4',
    sizeKb: 7670,
    installedMb: '22.1',
  };
}

/** The host's syncthing state (its distribution's defaults when the host has none yet). */
export function syncthingOf(h: SimHost): SimSyncthing {
  if (h.syncthing) return h.syncthing;
  const src = aptSource(h);
  return { installed: false, packageVersion: src?.packageVersion ?? '1.19.2~ds1-1+b4', repo: src ? 'listed' : 'absent', enabled: [], active: [], certs: {}, certDelayMs: 0, installError: null };
}

/** `h` with syncthing state (the distribution defaults, then `over`). */
export const withSyncthing = (h: SimHost, over: Partial<SimSyncthing> = {}): SimHost => ({ ...h, syncthing: { ...syncthingOf(h), ...over } });

/** "1.19.2~ds1-1+b4" -> "1.19.2". */
export const upstreamVersion = (pkg: string): string => pkg.replace(/^\d+:/, '').replace(/[~+-].*$/, '');
const isV2 = (pkg: string) => Number(upstreamVersion(pkg).split('.')[0]) >= 2;

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Syncthing's Luhn mod 32 check character (lib/protocol/deviceid.go). */
export function luhn32(s: string): string {
  let factor = 1;
  let sum = 0;
  for (const c of s) {
    let addend = factor * B32.indexOf(c);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return B32[(32 - (sum % 32)) % 32]!;
}

/** A device id for (host, user): 32 pseudo-random bytes as base32, a check character per 13, in groups of 7. */
export function deviceIdFor(seed: string, user: string): string {
  const next = stream(`${seed}/syncthing/${user}`);
  let bits = '';
  for (let i = 0; i < 8; i++) bits += next().toString(2).padStart(32, '0');
  bits += '0000'; // 256 bits -> 52 base32 characters (the padding "=" is trimmed)
  let b32 = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) b32 += B32[parseInt(bits.slice(i, i + 5), 2)];
  let withChecks = '';
  for (let i = 0; i < 4; i++) {
    const part = b32.slice(i * 13, (i + 1) * 13);
    withChecks += part + luhn32(part);
  }
  return withChecks.match(/.{7}/g)!.join('-');
}

const userOf = (ctx: SimCtx) => ctx.user ?? (ctx.uid === 0 ? 'root' : 'user');
const homeOf = (user: string) => (user === 'root' ? '/root' : `/home/${user}`);
/** Where cert.pem lives: ~/.config/syncthing before 1.27, ~/.local/state/syncthing since. */
function certPath(pkg: string, user: string): string {
  const [maj = 0, min = 0] = upstreamVersion(pkg).split('.').map(Number);
  const dir = maj > 1 || min >= 27 ? '.local/state/syncthing' : '.config/syncthing';
  return `${homeOf(user)}/${dir}/cert.pem`;
}

const UNIT_TEXT = (user: string) => `Syncthing - Open Source Continuous File Synchronization for ${user}`;
const wantsLink = (user: string) => `/etc/systemd/system/multi-user.target.wants/syncthing@${user}.service`;

function save(h: SimHost, st: SimSyncthing): SimHost {
  return { ...h, syncthing: st };
}

function start(st: SimSyncthing, user: string, now: number): SimSyncthing {
  if (st.active.includes(user) && user in st.certs) return st;
  const active = st.active.includes(user) ? st.active : [...st.active, user];
  const certs = user in st.certs ? st.certs : { ...st.certs, [user]: now + st.certDelayMs };
  return { ...st, active, certs };
}

/** `systemctl VERB syncthing@USER.service` (systemctl.ts hands these units here). */
export function simSyncthingUnit(verb: string, user: string, now: boolean, ctx: SimCtx): SimResult {
  const h = ctx.host;
  const st = syncthingOf(h);
  const svc = `syncthing@${user}.service`;
  const enabled = st.enabled.includes(user);
  const active = st.active.includes(user);
  switch (verb) {
    case 'is-active':
      return result(h, { stdout: active ? 'active\n' : 'inactive\n', code: active ? 0 : 3 });
    case 'is-enabled':
      if (!st.installed) return failure(h, `Failed to get unit file state for ${svc}: No such file or directory\n`);
      return result(h, { stdout: enabled ? 'enabled\n' : 'disabled\n', code: enabled ? 0 : 1 });
    case 'status':
      if (!st.installed) return failure(h, `Unit ${svc} could not be found.\n`, 4);
      return result(h, {
        stdout:
          `${active ? '●' : '○'} ${svc} - ${UNIT_TEXT(user)}\n` +
          `     Loaded: loaded (/lib/systemd/system/syncthing@.service; ${enabled ? 'enabled' : 'disabled'}; preset: enabled)\n` +
          `     Active: ${active ? 'active (running)' : 'inactive (dead)'}\n`,
        code: active ? 0 : 3,
      });
    case 'start':
    case 'restart':
    case 'stop':
    case 'enable':
    case 'disable': {
      if (!st.installed) {
        if (verb === 'enable' || verb === 'disable') return failure(h, `Failed to ${verb} unit: Unit file ${svc} does not exist.\n`);
        return failure(h, `Failed to ${verb} ${svc}: Unit ${svc} not found.\n`, 5);
      }
      if (ctx.uid !== 0) {
        if (verb === 'enable' || verb === 'disable') return failure(h, `Failed to ${verb} unit: Access denied\n`);
        return failure(h, `Failed to ${verb} ${svc}: Interactive authentication required.\nSee system logs and 'systemctl status ${svc}' for details.\n`);
      }
      let next = st;
      let stderr = '';
      if (verb === 'enable' && !enabled) {
        next = { ...next, enabled: [...next.enabled, user] };
        stderr = `Created symlink ${wantsLink(user)} → /lib/systemd/system/syncthing@.service.\n`;
      }
      if (verb === 'disable' && enabled) {
        next = { ...next, enabled: next.enabled.filter((u) => u !== user) };
        stderr = `Removed "${wantsLink(user)}".\n`;
      }
      if (verb === 'start' || verb === 'restart' || (verb === 'enable' && now)) next = start(next, user, ctx.now());
      if (verb === 'stop' || (verb === 'disable' && now)) next = { ...next, active: next.active.filter((u) => u !== user) };
      return result(next === st ? h : save(h, next), { stderr });
    }
    default:
      return failure(h, `meshtui simulator: systemctl ${verb} is not simulated\n`);
  }
}

/** v1's log line prefix (stdout): time only before 1.20, date and time since. */
function logPrefix(pkg: string, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  const time = iso.slice(11, 19);
  const minor = Number(upstreamVersion(pkg).split('.')[1] ?? 0);
  return minor >= 20 ? `${iso.slice(0, 10).replace(/-/g, '/')} ${time}` : time;
}

/** `syncthing ARGS` as the SSH user (or root): device ids and the version; the daemon itself is the service's. */
export function simSyncthing(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const st = syncthingOf(h);
  if (!st.installed) return ctx.viaSudo ? failure(h, NOT_FOUND_SUDO('syncthing'), 1) : failure(h, NOT_FOUND_SH('syncthing'), 127);
  const v2 = isV2(st.packageVersion);
  const user = userOf(ctx);
  const first = argv[0] ?? '';
  // kong (v1's default command is `serve`, reached by a leading flag; v2 has subcommands for these).
  const kong = (msg: string) => failure(h, `syncthing: error: ${msg}\n`, v2 ? 80 : 1);
  if (first === '--version' || first === '-version' || (v2 && first === 'version')) {
    // Shortened: the real line also has the release's codename and the build date.
    return result(h, { stdout: `syncthing v${upstreamVersion(st.packageVersion)} (go1.19.8 linux-amd64) debian@debian\n` });
  }
  const wantsId = v2 ? first === 'device-id' : first === '--device-id' || first === '-device-id';
  if (!wantsId) {
    if (!v2 && first === 'device-id') return kong('unexpected argument device-id');
    if (v2 && /^--?device-id$/.test(first)) return kong(`unknown flag ${first.replace(/^-?-/, '--')}`);
    return failure(h, `meshtui simulator: syncthing ${argv.join(' ')} is not simulated (the service runs the daemon)\n`);
  }
  const since = st.certs[user];
  if (since !== undefined && ctx.now() >= since) return result(h, { stdout: `${deviceIdFor(h.seed, user)}\n` });
  const err = `open ${certPath(st.packageVersion, user)}: no such file or directory`;
  if (v2) return failure(h, `syncthing: error: reading device ID: ${err}\n`);
  // v1 logs to stdout.
  return result(h, { stdout: `${logPrefix(st.packageVersion, ctx.now())} WARNING: Error reading device ID: ${err}\n`, code: 1 });
}
