/**
 * EnsureJoined's remote half (spec §2.3), in two parts the engine reports as separate steps:
 * `joinOnce` (status → decide → `tailscale up`) and `verifyJoin` (status again → tailnet + tags).
 *
 * The auth key never appears in any argv, on either machine: it travels over the SSH channel's
 * stdin into a 0600 temp file read by `--auth-key=file:PATH` (`printf` is a shell builtin in dash
 * and bash, so it is in no process's argv), and the file is deleted whatever happens (EXIT trap;
 * signals turn into exit). One remote command, a constant script; the sudo words, `tailscale up`
 * and its flags are positional arguments. With a sudo password, stdin carries the key line and
 * then the password line, which `sudo -S` reads after the script has read the key.
 */
import type { TailscaleConfig } from '../config/types.js';
import { cancelledError, type ProviderContext } from './context.js';
import { describeJoined, firstLabel, joinState } from './checks.js';
import { readStatus, startTailscaled } from './daemon.js';
import { diagnose, matchDiagnosis, type DiagnosisContext } from './diagnose.js';
import { MeshError, toMeshError } from './errors.js';
import { ensureFacts } from './os.js';
import type { TailscaleStatus } from './status.js';
import { rootPrefix, sudoFailure } from './sudo.js';

export const JOIN_SCRIPT = [
  'umask 077',
  'f=$(mktemp "${TMPDIR:-/tmp}/meshtui-key.XXXXXXXX") || exit 97',
  `trap 'rm -f "$f"' EXIT`,
  `trap 'exit 1' HUP INT TERM`,
  `IFS= read -r k || [ -n "$k" ] || exit 98`,
  `printf '%s\\n' "$k" >"$f"`,
  'unset k',
  '"$@" --auth-key="file:$f"',
].join('\n');

export interface JoinResult {
  outcome: 'unchanged' | 'joined';
  /** The status read before deciding (unchanged: already verified). */
  status?: TailscaleStatus;
  /** `up` was interrupted by a transport error: verify decides what happened. */
  uncertain?: MeshError;
  detail: string;
}

/** `--timeout` for `up` (without it `up` can hang forever): 3/4 of the command timeout, 10–300 s. */
export function upTimeoutSeconds(commandTimeoutMs: number): number {
  return Math.min(300, Math.max(10, Math.floor((commandTimeoutMs * 0.75) / 1000)));
}

export function upFlags(cfg: TailscaleConfig, hostname: string, tags: readonly string[], mode: string, timeoutS: number): string[] {
  const flags = [`--timeout=${timeoutS}s`, `--hostname=${hostname}`];
  if (tags.length > 0) flags.push(`--advertise-tags=${tags.join(',')}`);
  if (cfg.loginServer) flags.push(`--login-server=${cfg.loginServer}`);
  if (mode === 'rejoin') flags.push('--reset', '--force-reauth');
  return flags;
}

export function joinArgv(sudoPrefix: readonly string[], flags: readonly string[]): string[] {
  return ['sh', '-c', JOIN_SCRIPT, 'meshtui-join', ...sudoPrefix, 'tailscale', 'up', ...flags];
}

/** The key from the orchestrator's environment (spec §4.1); checked only when an `up` is needed. */
export function authKey(ctx: ProviderContext, cfg: TailscaleConfig): string {
  const key = ctx.env(cfg.authKeyEnv)?.trim();
  if (!key) {
    throw new MeshError('ErrAuthKeyMissing', `tailscale provider: auth key missing from environment variable ${cfg.authKeyEnv}`, {
      cause: 'auth-key-missing',
      remedy: `export ${cfg.authKeyEnv}=<auth key> where meshtui runs (hosts that are already joined need no key)`,
    });
  }
  if (/[\r\n\0]/.test(key)) {
    throw new MeshError('ErrAuthKeyInvalid', 'tailscale provider: invalid or expired auth key', {
      cause: 'auth-key-multiline',
      remedy: `${cfg.authKeyEnv} holds more than one line; put just the key in it`,
    });
  }
  ctx.addSecret(key);
  return key;
}

export function approvalNeeded(hostId: string): MeshError {
  return new MeshError('ErrAuthKeyInvalid', `tailscale provider: ${hostId} is waiting for device approval`, {
    cause: 'device-approval',
    needsAction: true,
    remedy: 'approve the device in the admin console (Machines), or use a pre-approved auth key; then re-run',
  });
}

/** What an earlier step learnt: the status it read, a key it minted, whether `up` may advertise tags. */
export interface JoinOptions {
  status?: TailscaleStatus;
  /** A key minted for this run (Headscale); else the key comes from the environment. */
  key?: string;
  /** false: the tags are on the key (Headscale ≥0.28 refuses --advertise-tags with a pre-auth key). */
  advertiseTags?: boolean;
}

export async function joinOnce(ctx: ProviderContext, cfg: TailscaleConfig, hostname: string, tags: readonly string[], opts: JoinOptions = {}): Promise<JoinResult> {
  const st = opts.status ?? (await readStatus(ctx, { startDaemon: true, step: 'join' }));
  const state = joinState(st, cfg, tags, ctx.hostId);
  if (ctx.mode !== 'rejoin') {
    if (state.kind === 'ok') return { outcome: 'unchanged', status: st, detail: `already ${describeJoined(st)}` };
    if (state.kind === 'needs-approval') throw approvalNeeded(ctx.hostId);
    // A host in another tailnet is never moved by `provision`: that is what `rejoin` is for.
    if (state.kind === 'other-tailnet') throw state.error;
  }
  const key = opts.key ?? authKey(ctx, cfg);
  return runUp(ctx, cfg, hostname, opts.advertiseTags === false ? [] : tags, key);
}

async function runUp(ctx: ProviderContext, cfg: TailscaleConfig, hostname: string, tags: readonly string[], key: string): Promise<JoinResult> {
  await ensureFacts(ctx); // uid: is sudo needed?
  const timeoutS = upTimeoutSeconds(ctx.commandTimeoutMs);
  const root = rootPrefix(ctx);
  const argv = joinArgv(root.prefix, upFlags(cfg, hostname, tags, ctx.mode, timeoutS));
  let res;
  try {
    res = await ctx.run(argv, { stdin: `${key}\n${root.stdin}`, timeoutMs: Math.max(ctx.commandTimeoutMs, (timeoutS + 30) * 1000) });
  } catch (e) {
    const err = toMeshError(e);
    if (err.code === 'ErrCancelled') throw err;
    // Never re-run `up` blindly: verify reads the status first.
    return { outcome: 'joined', uncertain: err, detail: `connection problem during tailscale up (${err.message}); checking status` };
  }
  if (res.code === 0) return { outcome: 'joined', detail: `tailscale up ${ctx.mode === 'rejoin' ? '--reset --force-reauth ' : ''}succeeded` };

  const sudo = sudoFailure(ctx, res);
  if (sudo) throw sudo;
  if (res.code === 97 || res.code === 98) {
    throw new MeshError('ErrSSH', `tailscale provider: could not hand the auth key to ${ctx.hostId} (${res.code === 97 ? 'mktemp failed' : 'no key on stdin'})`, {
      cause: 'key-file',
      remedy: `check that ${ctx.hostId} has a writable $TMPDIR or /tmp`,
    });
  }
  const text = `${res.stderr}\n${res.stdout}`;
  const hit = matchDiagnosis(text);
  const dctx: DiagnosisContext = { hostId: ctx.hostId, authKeyEnv: cfg.authKeyEnv, step: 'join', command: 'tailscale up', upTimeoutS: timeoutS, exitCode: res.code, loginServer: cfg.loginServer };
  if (hit?.rule.id === 'tailscaled-down' && !ctx.state.daemonStartTried) {
    await startTailscaled(ctx);
    return runUp(ctx, cfg, hostname, tags, key);
  }
  if (hit?.rule.id === 'timeout') throw await explainTimeout(ctx, text, dctx);
  throw diagnose(text, dctx);
}

/** After a --timeout expiry the status Health says why (Headscale <0.26 key errors show only there). */
async function explainTimeout(ctx: ProviderContext, text: string, dctx: DiagnosisContext): Promise<MeshError> {
  let st: TailscaleStatus;
  try {
    st = await readStatus(ctx, { step: 'join' });
  } catch {
    if (ctx.signal?.aborted) throw cancelledError('join');
    return diagnose(text, dctx);
  }
  if (st.backendState === 'NeedsMachineAuth') return approvalNeeded(ctx.hostId);
  const health = st.health.join('\n');
  const fromHealth = matchDiagnosis(health);
  if (fromHealth) return diagnose(health, dctx);
  const err = diagnose(text, dctx);
  if (!health) return err;
  return new MeshError(err.code, err.message, { cause: err.causeId, remedy: `${err.remedy}; health: ${health.slice(0, 300)}`, detail: err.detail });
}

/** Spec §2.3 step 7: the status after `up` shows the configured tailnet and tags. */
export async function verifyJoin(ctx: ProviderContext, cfg: TailscaleConfig, tags: readonly string[], prior?: JoinResult): Promise<TailscaleStatus> {
  let st = prior?.outcome === 'unchanged' ? prior.status : undefined;
  if (!st) {
    try {
      st = await readStatus(ctx, { step: 'verify' });
    } catch (e) {
      if (prior?.uncertain && !ctx.signal?.aborted) throw uncertainError(ctx, prior.uncertain);
      throw e;
    }
  }
  const state = joinState(st, cfg, tags, ctx.hostId);
  if (state.kind === 'ok') return st;
  if (prior?.uncertain && state.kind === 'not-joined') throw uncertainError(ctx, prior.uncertain);
  if (state.kind === 'needs-approval') throw approvalNeeded(ctx.hostId);
  if (state.kind === 'not-joined') {
    throw new MeshError('ErrTailnetMismatch', `tailscale provider: host is in tailnet (none), expected ${firstLabel(cfg.tailnetDomain)}`, {
      cause: 'not-joined',
      remedy: `after tailscale up the host is ${state.backendState}${st.health.length ? ` (health: ${st.health.join('; ').slice(0, 200)})` : ''}; check the auth key and the control server`,
    });
  }
  throw state.error;
}

function uncertainError(ctx: ProviderContext, err: MeshError): MeshError {
  return new MeshError(err.code, err.message, {
    cause: 'join-uncertain',
    remedy: `the connection failed while tailscale up ran on ${ctx.hostId}, so the join may have happened: re-run provision (it reads the status before doing anything)`,
  });
}
