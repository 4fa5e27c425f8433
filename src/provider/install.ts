/**
 * EnsureInstalled's remote half (spec §2.2): `tailscale version`, and the official install script.
 *
 * The spec's `curl -fsSL URL | sh` would make the script's stdin the pipe, leaving no stdin for
 * `sudo -S`; so the script is downloaded to a temp file and run as `sudo -n sh FILE`. The shell
 * script is a constant; the URL and the sudo words are positional arguments ("$1", "$@").
 */
import type { TailscaleConfig } from '../config/types.js';
import type { RunResult } from './commander.js';
import { firstLine, outputTail, type ProviderContext } from './context.js';
import { MeshError } from './errors.js';
import { assertCanInstall, ensureFacts, type OsFacts } from './os.js';
import { rootPrefix, sudoFailure } from './sudo.js';
import { assertMinVersion, parseVersionOutput, type InstalledVersion } from './version.js';

export const VERSION_ARGV: readonly string[] = ['tailscale', 'version'];

export const INSTALL_SCRIPT = [
  'set -e',
  'url=$1; shift',
  'f=$(mktemp "${TMPDIR:-/tmp}/meshtui-install.XXXXXXXX")',
  `trap 'rm -f "$f"' EXIT`,
  `trap 'exit 1' HUP INT TERM`,
  'if command -v curl >/dev/null 2>&1; then',
  '  curl -fsSL "$url" -o "$f" || { echo "meshtui: download of $url failed" >&2; exit 90; }',
  'elif command -v wget >/dev/null 2>&1; then',
  '  wget -q -O "$f" "$url" || { echo "meshtui: download of $url failed" >&2; exit 90; }',
  'else',
  '  echo "meshtui: neither curl nor wget is installed" >&2; exit 91',
  'fi',
  '"$@" sh "$f"',
].join('\n');

/** The installer can take minutes (apt update); never less than this, whatever command_timeout says. */
export const INSTALL_TIMEOUT_MS = 15 * 60_000;

export function installArgv(scriptUrl: string, sudoPrefix: readonly string[]): string[] {
  return ['sh', '-c', INSTALL_SCRIPT, 'meshtui-install', scriptUrl, ...sudoPrefix];
}

/** `tailscale: not found` (dash), `command not found` (bash), exit 127. */
export function isNotFound(res: RunResult): boolean {
  if (res.code === 127) return true;
  return res.code !== 0 && /tailscale: (command )?not found|tailscale: No such file or directory/.test(res.stderr + res.stdout);
}

/** The installed version, or null when tailscale is not installed. */
export async function checkInstalled(ctx: ProviderContext): Promise<InstalledVersion | null> {
  const res = await ctx.run(VERSION_ARGV, { readOnly: true });
  if (res.code === 0) return parseVersionOutput(res.stdout);
  if (isNotFound(res)) return null;
  throw new MeshError(
    'ErrInstallFailed',
    `tailscale provider: installation failed: \`tailscale version\` exited ${res.code} on ${ctx.hostId}: ${firstLine(res.stderr + '\n' + res.stdout) || 'no output'}`,
    { cause: 'version-failed' },
  );
}

/** Installed and at least min_version → the version; not installed → null. */
export async function checkVersion(ctx: ProviderContext, cfg: TailscaleConfig): Promise<InstalledVersion | null> {
  const v = await checkInstalled(ctx);
  if (v) assertMinVersion(v, cfg.install.minVersion);
  return v;
}

/**
 * The installer's known refusals (FORMATS.md §4) and meshtui's own wrapper texts, as catalogue
 * causes; first match wins. Else the last line that is not a `set -x` trace, cause installer-failed.
 */
export const INSTALLER_REASONS: readonly { id: string; match: RegExp; remedy: string }[] = [
  {
    id: 'installer-unsupported-os',
    match: /Couldn't determine what (kind of Linux|operating system)[^\n]*|[^\n]* isn't supported by this script yet\.?|Please add Tailscale to your NixOS configuration[^\n]*/,
    remedy: 'the official script does not know this system: install tailscale by hand (https://tailscale.com/download/linux), then re-run (an installed tailscale is used as is)',
  },
  {
    id: 'installer-offline',
    match: /The installer cannot reach [^\n]*/,
    remedy: 'the host cannot reach pkgs.tailscale.com: check its DNS, proxy and outbound HTTPS, or install tailscale by hand',
  },
  {
    id: 'no-downloader',
    match: /The installer needs either curl or wget[^\n]*|meshtui: neither curl nor wget is installed/,
    remedy: 'install curl on the host (sudo apt-get install -y curl), then re-run',
  },
  {
    id: 'download-failed',
    match: /meshtui: download of [^\n]*/,
    remedy: 'the host cannot download the install script: check its DNS, proxy and outbound HTTPS, or set install.script_url to a mirror it can reach',
  },
  {
    id: 'installer-needs-root',
    match: /This installer needs to run commands as root\.?/,
    remedy: "the script found no sudo or doas: connect as root (user: root), or install sudo and run 'meshtui prepare HOST'",
  },
  { id: 'installer-failed', match: /installing tailscale requires the community repo[^\n]*|dnf 5 detected[^\n]*|unsupported track [^\n]*|meshtui: [^\n]*/, remedy: '' },
];

/** The last line that is not blank and not a `set -x` trace. */
function lastWords(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('+ '))
    .at(-1);
}

export function installFailure(ctx: ProviderContext, os: OsFacts | undefined, res: RunResult): MeshError {
  const tail = outputTail(res, 20).map((l) => ctx.redact(l));
  const all = `${res.stderr}\n${res.stdout}`;
  let rule: (typeof INSTALLER_REASONS)[number] | undefined;
  let known: string | undefined;
  for (const r of INSTALLER_REASONS) {
    known = r.match.exec(all)?.[0];
    if (known !== undefined) {
      rule = r;
      break;
    }
  }
  rule ??= INSTALLER_REASONS.find((r) => r.id === (res.code === 90 ? 'download-failed' : res.code === 91 ? 'no-downloader' : ''));
  // The error is on stderr (apt's `E: …`); stdout is progress, and its last line explains nothing.
  const why = ctx.redact((known ?? lastWords(res.stderr) ?? lastWords(res.stdout) ?? 'no output').trim()).slice(0, 300);
  const on = os ? ` on ${os.label}` : '';
  return new MeshError('ErrInstallFailed', `tailscale provider: installation failed: install script exited ${res.code}${on}: ${why}`, {
    cause: rule?.id ?? 'installer-failed',
    remedy: rule?.remedy.replace(/\bHOST\b/g, ctx.hostId) || `see the installer output (last lines in the host's detail); to install by hand: https://tailscale.com/download/linux`,
    detail: { os: os?.label, exitCode: res.code, outputTail: tail },
  });
}

/** Spec §2.2 step 5–6: run the official script (Debian/Ubuntu only), then `tailscale version` again. */
export async function installTailscale(ctx: ProviderContext, cfg: TailscaleConfig): Promise<InstalledVersion> {
  const os = await ensureFacts(ctx);
  assertCanInstall(ctx.hostId, os); // before anything is installed
  const root = rootPrefix(ctx);
  const res = await ctx.run(installArgv(cfg.install.scriptUrl, root.prefix), {
    stdin: root.stdin || undefined,
    timeoutMs: Math.max(ctx.commandTimeoutMs, INSTALL_TIMEOUT_MS),
  });
  if (res.code !== 0) throw sudoFailure(ctx, res) ?? installFailure(ctx, os, res);
  const v = await checkInstalled(ctx);
  if (!v) {
    throw new MeshError(
      'ErrInstallFailed',
      `tailscale provider: installation failed: the install script finished on ${os.label} but \`tailscale version\` still fails`,
      { cause: 'not-on-path', remedy: `check that /usr/bin/tailscale exists on ${ctx.hostId}`, detail: { outputTail: outputTail(res, 20) } },
    );
  }
  assertMinVersion(v, cfg.install.minVersion);
  return v;
}
