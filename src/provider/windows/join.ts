/**
 * EnsureJoined on Windows. Same decisions as Linux (status → joined already? → `tailscale up`), with:
 * - `--unattended` on every `up` (server mode, so the node stays up after the SSH session ends; a
 *   non-default pref, so it must be repeated each time), plus the usual --timeout, --hostname,
 *   --advertise-tags, --login-server;
 * - the key on stdin into a user-only file under $env:TEMP (`--auth-key=file:`), removed in `finally`;
 * - a status check a few seconds AFTER `up` exits (FORMATS.md §6.1: `up` can succeed and the node drop);
 * - the IPN session failures (ipn.ts) end in the operator's script (action.ts), not in a plain failure.
 * Control-plane refusals (bad key, tags, approval) are reported as on Linux: the script would fail too.
 */
import type { TailscaleConfig } from '../../config/types.js';
import { describeJoined, firstLabel, joinState } from '../checks.js';
import { cancelledError, type ProviderContext } from '../context.js';
import { diagnose, matchDiagnosis, type DiagnosisContext } from '../diagnose.js';
import { MeshError, toMeshError } from '../errors.js';
import { approvalNeeded, authKey, upFlags, upTimeoutSeconds, type JoinOptions, type JoinResult } from '../join.js';
import type { Sleep } from '../sleep.js';
import { parseStatus, type TailscaleStatus } from '../status.js';
import { needOperator } from './action.js';
import { matchIpn, notRunningAfterUp, type IpnCause } from './ipn.js';
import { EXIT, joinScript, psArgv, STATUS_SCRIPT, TS_EXE } from './scripts.js';

/** How long after `up` exits the status is checked (the drop happens about half a second after). */
export const SETTLE_MS = 5_000;

/** diagnose.ts rules that are really the IPN session problem on Windows. */
const IPN_RULES = new Set(['timeout', 'tailscaled-down', 'tailscaled-down-windows', 'windows-other-user', 'access-denied']);

export type StatusRead = { ok: true; status: TailscaleStatus } | { ok: false; code: number; text: string };

export async function readWindowsStatus(ctx: ProviderContext): Promise<StatusRead> {
  const res = await ctx.run(psArgv(STATUS_SCRIPT), { shell: 'powershell' });
  if (res.code === 0) return { ok: true, status: parseStatus(res.stdout) };
  if (res.code === EXIT.notFound) throw notInstalled(ctx.hostId);
  return { ok: false, code: res.code, text: `${res.stderr}\n${res.stdout}` };
}

function notInstalled(hostId: string): MeshError {
  return new MeshError('ErrInstallFailed', `tailscale provider: tailscale is not installed on ${hostId}`, {
    cause: 'not-installed',
    remedy: `set install.method: auto (the default) so meshtui installs it with winget, or install it by hand (${TS_EXE})`,
  });
}

const dctx = (ctx: ProviderContext, cfg: TailscaleConfig, command: string, exitCode?: number): DiagnosisContext => ({
  hostId: ctx.hostId,
  authKeyEnv: cfg.authKeyEnv,
  step: 'join',
  command,
  upTimeoutS: upTimeoutSeconds(ctx.commandTimeoutMs),
  exitCode,
  loginServer: cfg.loginServer,
});

export interface WindowsJoinOptions {
  sleep: Sleep;
  settleMs?: number;
}

/** `opts` as on Linux: a status read earlier, a minted key, tags carried by the key instead of --advertise-tags. */
export async function joinWindows(
  ctx: ProviderContext,
  cfg: TailscaleConfig,
  hostname: string,
  planTags: readonly string[],
  o: WindowsJoinOptions,
  opts: JoinOptions = {},
): Promise<JoinResult> {
  const tags = opts.advertiseTags === false ? [] : planTags;
  const keyFor = () => opts.key ?? authKey(ctx, cfg);
  const before: StatusRead = opts.status ? { ok: true, status: opts.status } : await readWindowsStatus(ctx);
  if (!before.ok) {
    const ipn = matchIpn(before.text);
    if (!ipn) throw diagnose(before.text, dctx(ctx, cfg, 'tailscale status --json', before.code));
    // The CLI cannot even read the status over SSH: only an interactive session can join.
    throw await needOperator(ctx, cfg, hostname, tags, keyFor(), ipn, before.text);
  }
  const state = joinState(before.status, cfg, planTags, ctx.hostId);
  if (ctx.mode !== 'rejoin') {
    if (state.kind === 'ok') return { outcome: 'unchanged', status: before.status, detail: `already ${describeJoined(before.status)}` };
    if (state.kind === 'needs-approval') throw approvalNeeded(ctx.hostId);
    if (state.kind === 'other-tailnet') throw state.error;
  }
  const key = keyFor();
  const timeoutS = upTimeoutSeconds(ctx.commandTimeoutMs);
  const args = ['up', '--unattended', ...upFlags(cfg, hostname, tags, ctx.mode, timeoutS)];
  let res;
  try {
    res = await ctx.run(psArgv(joinScript(args)), { shell: 'powershell', stdin: `${key}\n`, timeoutMs: Math.max(ctx.commandTimeoutMs, (timeoutS + 30) * 1000) });
  } catch (e) {
    const err = toMeshError(e);
    if (err.code === 'ErrCancelled') throw err;
    return { outcome: 'joined', uncertain: err, detail: `connection problem during tailscale up (${err.message}); checking status` };
  }
  if (res.code === 0) {
    const settle = o.settleMs ?? SETTLE_MS;
    await o.sleep(settle, ctx.signal);
    const after = await readWindowsStatus(ctx);
    if (after.ok && after.status.backendState === 'Running') {
      return { outcome: 'joined', status: after.status, detail: `tailscale up --unattended succeeded; still Running ${Math.round(settle / 1000)}s later` };
    }
    const cause = after.ok ? notRunningAfterUp(after.status.backendState) : (matchIpn(after.text) ?? notRunningAfterUp(''));
    throw await needOperator(ctx, cfg, hostname, tags, key, cause, after.ok ? '' : after.text);
  }
  if (res.code === EXIT.notFound) throw notInstalled(ctx.hostId);
  if (res.code === EXIT.keyFile || res.code === EXIT.noKey) {
    throw new MeshError('ErrSSH', `tailscale provider: could not hand the auth key to ${ctx.hostId} (${res.code === EXIT.keyFile ? 'cannot write a file under %TEMP%' : 'no key on stdin'})`, {
      cause: 'key-file',
      remedy: `check that the SSH user's %TEMP% on ${ctx.hostId} is writable`,
    });
  }
  const text = `${res.stderr}\n${res.stdout}`;
  const d = dctx(ctx, cfg, 'tailscale up', res.code);
  const ipn = windowsUpFailure(text, d);
  if (ipn instanceof MeshError) throw ipn;
  if (ipn.id === 'up-timeout') await refusedByControl(ctx, d);
  throw await needOperator(ctx, cfg, hostname, tags, key, ipn, text);
}

/** A failed `tailscale up` on Windows: a control-plane refusal (as on Linux), else the IPN session cause. */
export function windowsUpFailure(text: string, d: DiagnosisContext): MeshError | IpnCause {
  const known = matchDiagnosis(text);
  if (known && !IPN_RULES.has(known.rule.id)) return diagnose(text, d);
  return matchIpn(text) ?? diagnose(text, d);
}

/** After a --timeout, Health may show a control-plane refusal (Headscale <0.26): that is not an IPN problem. */
async function refusedByControl(ctx: ProviderContext, d: DiagnosisContext): Promise<void> {
  let again: StatusRead;
  try {
    again = await readWindowsStatus(ctx);
  } catch {
    if (ctx.signal?.aborted) throw cancelledError('join');
    return;
  }
  if (!again.ok) return;
  if (again.status.backendState === 'NeedsMachineAuth') throw approvalNeeded(ctx.hostId);
  const health = again.status.health.join('\n');
  const hit = matchDiagnosis(health);
  if (hit && !IPN_RULES.has(hit.rule.id)) throw diagnose(health, d);
}

/** Spec §2.3 step 7 on Windows: the status read after `up` (or a fresh one) shows the tailnet and tags. */
export async function verifyWindows(ctx: ProviderContext, cfg: TailscaleConfig, tags: readonly string[], prior?: JoinResult): Promise<TailscaleStatus> {
  let st = prior?.status;
  if (!st) {
    const r = await readWindowsStatus(ctx);
    if (!r.ok) {
      if (prior?.uncertain) throw uncertain(ctx, prior.uncertain);
      throw diagnose(r.text, { ...dctx(ctx, cfg, 'tailscale status --json', r.code), step: 'verify' });
    }
    st = r.status;
  }
  const state = joinState(st, cfg, tags, ctx.hostId);
  if (state.kind === 'ok') return st;
  if (prior?.uncertain && state.kind === 'not-joined') throw uncertain(ctx, prior.uncertain);
  if (state.kind === 'needs-approval') throw approvalNeeded(ctx.hostId);
  if (state.kind === 'not-joined') {
    throw new MeshError('ErrTailnetMismatch', `tailscale provider: host is in tailnet (none), expected ${firstLabel(cfg.tailnetDomain)}`, {
      cause: 'not-joined',
      remedy: `after tailscale up the host is ${state.backendState}; check the auth key and the control server`,
    });
  }
  throw state.error;
}

function uncertain(ctx: ProviderContext, err: MeshError): MeshError {
  return new MeshError(err.code, err.message, {
    cause: 'join-uncertain',
    remedy: `the connection failed while tailscale up ran on ${ctx.hostId}, so the join may have happened: re-run provision (it reads the status first)`,
  });
}
