/**
 * Reading `tailscale status --json`, and starting tailscaled once when it is not running.
 * `status --json` exits 0 even for NeedsLogin/Stopped (FORMATS.md §1); exit 1 means the daemon is
 * unreachable, or tailscale is not installed at all (127).
 */
import type { Commander, RunResult } from './commander.js';
import { createContext, firstLine, type ProviderContext } from './context.js';
import { diagnose, matchDiagnosis } from './diagnose.js';
import { MeshError } from './errors.js';
import { isNotFound } from './install.js';
import { ensureFacts } from './os.js';
import { parseStatus, STATUS_COMMAND, type TailscaleStatus } from './status.js';
import { asRoot, sudoFailure } from './sudo.js';
import { noSystemd } from './wsl.js';

export const STATUS_ARGV: readonly string[] = ['tailscale', 'status', '--json'];
/**
 * Status reads change nothing (retried once after a reset) and must arrive whole to parse: a
 * tailnet of 5,000 peers prints about 7 MB, more than the Commander's default 1 MiB tail.
 */
export const STATUS_MAX_BYTES = 64 << 20;
const STATUS_RUN = { readOnly: true, maxOutputBytes: STATUS_MAX_BYTES } as const;
export const START_DAEMON_ARGV: readonly string[] = ['systemctl', 'start', 'tailscaled'];

function notInstalled(hostId: string): MeshError {
  return new MeshError('ErrInstallFailed', `tailscale provider: tailscale is not installed on ${hostId}`, {
    cause: 'not-installed',
    remedy: 'set install.method: auto (the default) so meshtui installs it, or install it by hand',
  });
}

/** Why `systemctl start tailscaled` failed: sudo, no systemd (WSL), or systemctl's own words. */
export function startFailure(ctx: Pick<ProviderContext, 'hostId' | 'os' | 'sudoPassword'>, res: RunResult): MeshError {
  return (
    sudoFailure(ctx, res) ??
    noSystemd(ctx, res) ??
    new MeshError('ErrInstallFailed', `tailscale provider: tailscaled is not running on ${ctx.hostId} and could not be started: ${firstLine(res.stderr + '\n' + res.stdout) || `exit ${res.code}`}`, {
      cause: 'tailscaled-start-failed',
      remedy: `start tailscaled on ${ctx.hostId} by hand (sudo systemctl status tailscaled says why; without systemd, e.g. on WSL: enable systemd in /etc/wsl.conf)`,
    })
  );
}

/** `sudo -n systemctl start tailscaled`, at most once per host and run. */
export async function startTailscaled(ctx: ProviderContext): Promise<void> {
  ctx.state.daemonStartTried = true;
  await ensureFacts(ctx);
  const cmd = asRoot(ctx, START_DAEMON_ARGV);
  const res = await ctx.run(cmd.argv, { stdin: cmd.stdin || undefined });
  if (res.code !== 0) throw startFailure(ctx, res);
  ctx.note('tailscaled was not running: started it with sudo -n systemctl start tailscaled');
}

/** Parsed status; when tailscaled is down, start it once (if allowed) and read again. */
export async function readStatus(ctx: ProviderContext, opts: { startDaemon?: boolean; step?: string } = {}): Promise<TailscaleStatus> {
  const res = await ctx.run(STATUS_ARGV, STATUS_RUN);
  if (res.code === 0) return parseStatus(res.stdout);
  if (isNotFound(res)) throw notInstalled(ctx.hostId);
  const text = `${res.stderr}\n${res.stdout}`;
  if (opts.startDaemon && !ctx.state.daemonStartTried && matchDiagnosis(text)?.rule.id === 'tailscaled-down') {
    await startTailscaled(ctx);
    return readStatus(ctx, { ...opts, startDaemon: false });
  }
  throw diagnose(text, { hostId: ctx.hostId, authKeyEnv: '', step: opts.step ?? 'status', command: STATUS_COMMAND, exitCode: res.code });
}

/**
 * The raw `tailscale status --json` of a host, for `meshtui status HOST` (one JSON object, no
 * trailing newline, exactly as tailscale printed it). Throws a MeshError when it cannot be read.
 */
export async function fetchStatus(commander: Commander, opts: { hostId?: string; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
  const ctx = createContext({ commander, hostId: opts.hostId ?? 'host', signal: opts.signal, commandTimeoutMs: opts.timeoutMs });
  const res = await ctx.run(STATUS_ARGV, STATUS_RUN);
  if (res.code === 0) {
    parseStatus(res.stdout); // a clear error now rather than a confusing table later
    return res.stdout;
  }
  if (isNotFound(res)) throw notInstalled(ctx.hostId);
  throw diagnose(`${res.stderr}\n${res.stdout}`, { hostId: ctx.hostId, authKeyEnv: '', step: 'status', command: STATUS_COMMAND, exitCode: res.code });
}
