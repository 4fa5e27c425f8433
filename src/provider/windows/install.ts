/**
 * EnsureInstalled on Windows: `tailscale.exe version` (Program Files, then PATH; first line, same
 * semver rules as Linux), and winget when it is missing. winget is often absent on Server SKUs or
 * unusable from an SSH session (it is an App Installer alias), so its failure names the manual MSI
 * way. No sudo: an administrator's SSH session is elevated already.
 */
import type { TailscaleConfig } from '../../config/types.js';
import { firstLine, outputTail, type ProviderContext } from '../context.js';
import { MeshError } from '../errors.js';
import { INSTALL_TIMEOUT_MS } from '../install.js';
import { assertMinVersion, parseVersionOutput, type InstalledVersion } from '../version.js';
import { EXIT, INSTALL_SCRIPT, MSI_ADVICE, psArgv, TS_EXE, VERSION_SCRIPT, WINGET_COMMAND } from './scripts.js';

/** The installed version, or null when there is no tailscale.exe. */
export async function checkInstalledWindows(ctx: ProviderContext): Promise<InstalledVersion | null> {
  const res = await ctx.run(psArgv(VERSION_SCRIPT), { shell: 'powershell' });
  if (res.code === 0) return parseVersionOutput(res.stdout);
  if (res.code === EXIT.notFound) return null;
  throw new MeshError(
    'ErrInstallFailed',
    `tailscale provider: installation failed: \`tailscale.exe version\` exited ${res.code} on ${ctx.hostId}: ${firstLine(`${res.stderr}\n${res.stdout}`) || 'no output'}`,
    { cause: 'version-failed', remedy: `run '"${TS_EXE}" version' on ${ctx.hostId} to see why` },
  );
}

function wingetFailure(ctx: ProviderContext, code: number, tail: string[], why: string): MeshError {
  return new MeshError('ErrInstallFailed', `tailscale provider: installation failed: ${why} on ${ctx.hostId}`, {
    cause: code === EXIT.noWinget ? 'winget-missing' : 'winget-failed',
    remedy: MSI_ADVICE,
    detail: { exitCode: code, outputTail: tail, command: WINGET_COMMAND },
  });
}

/** winget install Tailscale.Tailscale, then `tailscale.exe version` again. */
export async function installWindows(ctx: ProviderContext, cfg: TailscaleConfig): Promise<InstalledVersion> {
  const res = await ctx.run(psArgv(INSTALL_SCRIPT), { shell: 'powershell', timeoutMs: Math.max(ctx.commandTimeoutMs, INSTALL_TIMEOUT_MS) });
  const tail = outputTail(res, 20).map((l) => ctx.redact(l));
  if (res.code === EXIT.noWinget) throw wingetFailure(ctx, res.code, tail, 'winget is not available');
  // winget's exit code is not trusted alone ("already installed" is non-zero): tailscale.exe decides.
  const v = await checkInstalledWindows(ctx);
  if (!v) {
    const last = [...tail].reverse().find((l) => l.trim() && !/^[\s\-\\|/█▒]+$/.test(l)) ?? 'no output';
    throw wingetFailure(ctx, res.code, tail, `winget exited ${res.code}${res.code === 0 ? ' but tailscale.exe is still missing' : ''}: ${last.trim().slice(0, 300)}`);
  }
  if (res.code !== 0) ctx.note(`winget exited ${res.code}, but tailscale ${v.version} is installed`);
  assertMinVersion(v, cfg.install.minVersion);
  return v;
}
