/**
 * Tailscale's installer.sh (FORMATS.md §4): OS detection, the unsupported text, the root check and
 * the package step. The harness runs installerScript() as the fake install.sh; the demo calls
 * simInstall() in-process. Both print the same texts.
 */
import { parseOsRelease, unameAll } from './osinfo.js';
import { result } from './result.js';
import type { SimCtx, SimHost, SimResult } from './types.js';

export interface Detected {
  os: string;
  version: string;
  packageType: string;
}

export type Detection = ({ ok: true } & Detected) | { ok: false; stdout: string };

const TRACK = 'stable';
const major = (v: string | undefined) => (v ?? '').split('.')[0] ?? '';
/** Versions pkgs.tailscale.com answers "installer-supported" for (anything else: OK). */
const UNSUPPORTED_VERSIONS = new Set(['debian jessie', 'debian stretch', 'ubuntu trusty', 'ubuntu xenial']);

function byOsRelease(r: Record<string, string>): Detected | { refuse: string } | null {
  const id = r.ID ?? '';
  const codename = r.VERSION_CODENAME ?? '';
  switch (id) {
    case 'ubuntu': case 'pop': case 'neon': case 'zorin': case 'tuxedo':
      return { os: 'ubuntu', version: r.UBUNTU_CODENAME || codename, packageType: 'apt' };
    case 'debian':
      return { os: 'debian', version: codename, packageType: 'apt' };
    case 'linuxmint':
      return r.DEBIAN_CODENAME && !r.UBUNTU_CODENAME
        ? { os: 'debian', version: r.DEBIAN_CODENAME, packageType: 'apt' }
        : { os: 'ubuntu', version: r.UBUNTU_CODENAME || codename, packageType: 'apt' };
    case 'raspbian':
      return { os: 'raspbian', version: codename, packageType: 'apt' };
    case 'kali':
      return { os: 'debian', version: 'bullseye', packageType: 'apt' };
    case 'centos':
      return { os: 'centos', version: r.VERSION_ID ?? '', packageType: r.VERSION_ID === '7' ? 'yum' : 'dnf' };
    case 'ol':
      return { os: 'oracle', version: major(r.VERSION_ID), packageType: major(r.VERSION_ID) === '7' ? 'yum' : 'dnf' };
    case 'rhel':
      return { os: 'rhel', version: major(r.VERSION_ID), packageType: major(r.VERSION_ID) === '7' ? 'yum' : 'dnf' };
    case 'fedora': case 'rocky': case 'almalinux': case 'nobara': case 'openmandriva': case 'sangoma':
    case 'risios': case 'cloudlinux': case 'alinux': case 'fedora-asahi-remix': case 'ultramarine':
      return { os: 'fedora', version: '', packageType: 'dnf' };
    case 'amzn':
      return { os: 'amazon-linux', version: r.VERSION_ID ?? '', packageType: 'yum' };
    case 'opensuse-leap': case 'sles':
      return { os: 'opensuse', version: `leap/${r.VERSION_ID ?? ''}`, packageType: 'zypper' };
    case 'opensuse-tumbleweed':
      return { os: 'opensuse', version: 'tumbleweed', packageType: 'zypper' };
    case 'arch': case 'archarm': case 'endeavouros': case 'blendos': case 'garuda': case 'archcraft': case 'cachyos':
      return { os: 'arch', version: '', packageType: 'pacman' };
    case 'manjaro': case 'manjaro-arm': case 'biglinux':
      return { os: 'manjaro', version: '', packageType: 'pacman' };
    case 'alpine': case 'postmarketos':
      return { os: 'alpine', version: r.VERSION_ID ?? '', packageType: 'apk' };
    case 'void':
      return { os: 'void', version: '', packageType: 'xbps' };
    case 'gentoo':
      return { os: 'gentoo', version: '', packageType: 'emerge' };
    case 'photon':
      return { os: 'photon', version: major(r.VERSION_ID), packageType: 'tdnf' };
    case 'freebsd':
      return { os: 'freebsd', version: major(r.VERSION_ID), packageType: 'pkg' };
    case 'nixos':
      return { refuse: 'Please add Tailscale to your NixOS configuration directly:\n\nservices.tailscale.enable = true;\n' };
    default:
      return null;
  }
}

function byUname(h: SimHost): Detected {
  switch (h.uname.sysname) {
    case 'FreeBSD':
      return { os: 'freebsd', version: major(h.uname.release), packageType: '' };
    case 'OpenBSD':
      return { os: 'openbsd', version: h.uname.release, packageType: '' };
    case 'Darwin':
      return { os: 'macos', version: h.uname.release.split('.').slice(0, 2).join('.'), packageType: 'appstore' };
    case 'Linux':
      return { os: 'other-linux', version: '', packageType: '' };
    default:
      return { os: '', version: '', packageType: '' };
  }
}

function unsupported(d: Detected): boolean {
  switch (d.os) {
    case 'ubuntu': case 'debian': case 'raspbian': case 'centos': case 'oracle': case 'rhel':
    case 'amazon-linux': case 'opensuse': case 'photon':
      return d.version === '' || UNSUPPORTED_VERSIONS.has(`${d.os} ${d.version}`);
    case 'fedora': case 'arch': case 'manjaro': case 'alpine': case 'void': case 'gentoo': case 'macos':
      return false;
    case 'freebsd':
      return !['12', '13', '14', '15'].includes(d.version);
    default:
      return true;
  }
}

function unsupportedText(h: SimHost, d: Detected): string {
  const first =
    d.os === 'other-linux'
      ? `Couldn't determine what kind of Linux is running.\nYou could try the static binaries at:\nhttps://pkgs.tailscale.com/${TRACK}/#static\n`
      : d.os === ''
        ? "Couldn't determine what operating system you're running.\n"
        : `${d.os} ${d.version} isn't supported by this script yet.\n`;
  return (
    first +
    "\nIf you'd like us to support your system better, please email support@tailscale.com\n" +
    "and tell us what OS you're running.\n\n" +
    'Please include the following information we gathered from your system:\n\n' +
    `OS=${d.os}\nVERSION=${d.version}\nPACKAGETYPE=${d.packageType}\nUNAME=${unameAll(h)}\n\n` +
    (h.osRelease ?? 'No /etc/os-release\n')
  );
}

/** Steps 1 and 2 of installer.sh: what to install, or the text it exits 1 with. */
export function detectInstall(h: SimHost): Detection {
  const found = h.osRelease !== null ? byOsRelease(parseOsRelease(h.osRelease)) : null;
  if (found && 'refuse' in found) return { ok: false, stdout: found.refuse };
  const d = found ?? byUname(h);
  if (h.networkDown) {
    return {
      ok: false,
      stdout:
        'The installer cannot reach https://pkgs.tailscale.com/\nPlease make sure that your machine has internet access.\n' +
        'Test output:\ncurl: (6) Could not resolve host: pkgs.tailscale.com\n',
    };
  }
  if (unsupported(d)) return { ok: false, stdout: unsupportedText(h, d) };
  return { ok: true, ...d };
}

export const ROOT_NEEDED =
  "This installer needs to run commands as root.\nWe tried looking for 'sudo' and 'doas', but couldn't find them.\nEither re-run this script as root, or set up sudo/doas.\n";

export const installingLine = (d: Detected): string =>
  `Installing Tailscale for ${d.version ? `${d.os} ${d.version}` : d.os}, using method ${d.packageType}\n`;

export const completeText = (sudo: boolean): string =>
  `Installation complete! Log in to start using Tailscale by running:\n\n${sudo ? 'sudo tailscale up' : 'tailscale up'}\n`;

/** The `set -x` trace of the package step (stderr). */
function trace(d: Detected, sudo: string): string {
  const s = sudo ? `${sudo} ` : '';
  const base = `https://pkgs.tailscale.com/${TRACK}/${d.os}`;
  const lines: Record<string, string[]> = {
    apt: [
      `${s}mkdir -p --mode=0755 /usr/share/keyrings`,
      `curl -fsSL ${base}/${d.version}.noarmor.gpg`,
      `${s}tee /usr/share/keyrings/tailscale-archive-keyring.gpg`,
      `${s}chmod 0644 /usr/share/keyrings/tailscale-archive-keyring.gpg`,
      `curl -fsSL ${base}/${d.version}.tailscale-keyring.list`,
      `${s}tee /etc/apt/sources.list.d/tailscale.list`,
      `${s}chmod 0644 /etc/apt/sources.list.d/tailscale.list`,
      `${s}apt-get update`,
      `${s}apt-get install -y tailscale tailscale-archive-keyring`,
      '[ false = true ]',
    ],
    dnf: [
      `${s}dnf install -y dnf-command(config-manager)`,
      `${s}dnf config-manager --add-repo ${base}/tailscale.repo`,
      `${s}dnf install -y tailscale`,
      `${s}systemctl enable --now tailscaled`,
    ],
    yum: [`${s}yum install yum-utils -y`, `${s}yum-config-manager -y --add-repo ${base}/${d.version}/tailscale.repo`, `${s}yum install tailscale -y`, `${s}systemctl enable --now tailscaled`],
    apk: [`${s}apk add tailscale`, `${s}rc-update add tailscale`, `${s}rc-service tailscale start`],
    pacman: [`${s}pacman -S tailscale --noconfirm`, `${s}systemctl enable --now tailscaled`],
  };
  const l = lines[d.packageType] ?? [`${s}${d.packageType} install tailscale`];
  return [...l, 'set +x'].map((x) => `+ ${x}\n`).join('');
}

function packageOutput(d: Detected, version: string): string {
  if (d.packageType !== 'apt') return `Installed tailscale-${version}\n`;
  return (
    `Hit:1 http://deb.debian.org/debian ${d.version} InRelease\n` +
    `Get:2 https://pkgs.tailscale.com/${TRACK}/${d.os} ${d.version} InRelease\n` +
    'Reading package lists...\nBuilding dependency tree...\nReading state information...\n' +
    'The following NEW packages will be installed:\n  tailscale tailscale-archive-keyring\n' +
    `Setting up tailscale (${version}) ...\n` +
    'Created symlink /etc/systemd/system/multi-user.target.wants/tailscaled.service → /lib/systemd/system/tailscaled.service.\n'
  );
}

/**
 * Step 4, the package step (needs root; `sudo` is how installer.sh got it, "" when run as root).
 * Takes installMs; on success the host has tailscale installed and tailscaled running.
 */
export function applyInstall(h: SimHost, d: Detected, uid: number, sudo: string): SimResult {
  if (uid !== 0) {
    return result(h, { stderr: 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n', code: 100 });
  }
  if (d.packageType === 'appstore') {
    // installer.sh only opens the App Store page on macOS; nothing gets installed.
    return result(h, { stderr: '+ open https://apps.apple.com/us/app/tailscale/id1475387142\n+ set +x\n' });
  }
  const stderr = trace(d, sudo);
  if (h.installError !== null) return result(h, { stderr: stderr + h.installError, code: 100, delayMs: h.delays.installMs });
  const next: SimHost = {
    ...h,
    installed: true,
    version: h.installVersion,
    daemonRunning: true,
    backendState: h.loggedIn ? h.backendState : 'NeedsLogin',
  };
  return result(next, { stdout: packageOutput(d, h.installVersion), stderr, delayMs: h.delays.installMs });
}

/** The whole installer in-process (the demo): `sh install.sh` run as ctx.uid, with or without sudo. */
export function simInstall(ctx: SimCtx, opts: { hasSudo: boolean }): SimResult {
  const h = ctx.host;
  const d = detectInstall(h);
  if (!d.ok) return result(h, { stdout: d.stdout, code: 1 });
  const sudo = ctx.uid === 0 ? '' : opts.hasSudo ? 'sudo' : null;
  if (sudo === null) return result(h, { stdout: ROOT_NEEDED, code: 1 });
  const r = applyInstall(h, d, 0, sudo);
  const stdout = installingLine(d) + r.stdout + (r.code === 0 ? completeText(sudo !== '') : '');
  return { ...r, stdout };
}
