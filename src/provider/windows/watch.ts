/**
 * After a Windows host ended needs-action with the join script in place, keep watching it: one
 * `tailscale status --json` every few seconds over the same SSH connection (reconnecting if it drops),
 * until the node is Running in the right tailnet (the operator ran the script: the host ends `ok`),
 * `windows_watch` has passed, or the run's / the host's AbortSignal fires (the operator gave up: the
 * host stays needs-action, the script still in place, and the remedy says so).
 *
 * The watch is cheap (no concurrency slot: fleet.ts runs it after the host's slot is released) and
 * quiet (polls are not reported as commands; one `operator` step tells the dashboard what it waits for).
 * It ends the host: the final `host-done` event comes from here.
 */
import type { HostConfig, TailscaleConfig } from '../../config/types.js';
import { formatDuration } from '../../config/duration.js';
import type { HostDeps, ProvisionRun } from '../api.js';
import { describeJoined, joinState } from '../checks.js';
import type { Commander } from '../commander.js';
import { createContext, raceAbort, type ProviderContext } from '../context.js';
import { toMeshError } from '../errors.js';
import type { ErrorInfo, HostResult } from '../events.js';
import { sleep as realSleep } from '../sleep.js';
import { errorInfo, type StepRunner } from '../steps.js';
import type { TailscaleStatus } from '../status.js';
import { readWindowsStatus } from './join.js';
import { JOIN_KEY_PATH, JOIN_SCRIPT_PATH, OPERATOR_COMMAND } from './scripts.js';

export const DEFAULT_WINDOWS_WATCH_MS = 15 * 60_000;
export const POLL_MS = 5_000;

export interface OperatorWatch {
  host: HostConfig;
  cfg: TailscaleConfig;
  tags: readonly string[];
  commander: Commander;
  deps: HostDeps;
  run: ProvisionRun;
  steps: StepRunner;
  /** The host's result so far (needs-action, with the ErrWindowsInteractive error). */
  result: HostResult;
  /** When the host started (deps.now()), for durationMs. */
  started: number;
  watchMs: number;
  pollMs?: number;
  commandTimeoutMs?: number;
  fqdn(): string;
}

type End = { kind: 'joined'; st: TailscaleStatus } | { kind: 'wrong'; error: ErrorInfo } | { kind: 'gave-up'; why: 'timeout' | 'stopped' };

export async function watchOperator(w: OperatorWatch): Promise<HostResult> {
  const now = () => w.deps.now();
  const sleep = w.deps.sleep ?? realSleep;
  const stopOne = w.deps.watchSignal?.(w.host.id);
  const signal = stopOne ? AbortSignal.any([w.run.signal, stopOne]) : w.run.signal;
  const t0 = now();
  const ctxFor = (c: Commander): ProviderContext =>
    createContext({ commander: c, hostId: w.host.id, mode: w.run.mode, signal, env: w.deps.env, commandTimeoutMs: w.commandTimeoutMs, now: w.deps.now });
  let commander = w.commander;
  let ctx = ctxFor(commander);
  w.steps.emit({ type: 'facts', facts: { action: 'run-windows-join-script', actionCommand: OPERATOR_COMMAND, actionScript: JOIN_SCRIPT_PATH } });
  w.steps.emit({
    type: 'step',
    step: 'operator',
    status: 'running',
    detail: `waiting for the operator to run ${JOIN_SCRIPT_PATH} on ${w.host.id} in an interactive session (RDP or console): ${OPERATOR_COMMAND}`,
  });

  const poll = async (): Promise<End | null> => {
    const r = await readWindowsStatus(ctx);
    if (!r.ok || r.status.backendState !== 'Running') return null;
    const state = joinState(r.status, w.cfg, w.tags, w.host.id);
    if (state.kind === 'ok') return { kind: 'joined', st: r.status };
    if (state.kind === 'tags' || state.kind === 'other-tailnet') return { kind: 'wrong', error: errorInfo(state.error, ctx.redact) };
    return null;
  };

  let end: End | undefined;
  try {
    while (!end) {
      const left = t0 + w.watchMs - now();
      if (signal.aborted || left <= 0) {
        end = { kind: 'gave-up', why: left <= 0 && !signal.aborted ? 'timeout' : 'stopped' };
        break;
      }
      try {
        await sleep(Math.min(w.pollMs ?? POLL_MS, left), signal);
        end = (await poll()) ?? undefined;
      } catch (e) {
        if (signal.aborted) continue;
        const err = toMeshError(e);
        if (err.code === 'ErrSSH' || err.code === 'ErrTimeout') {
          // The connection dropped (a reboot, a flaky link): reconnect, keep watching.
          try {
            const pending = w.deps.connect(w.host, signal);
            // If the watch is stopped first, close the connection once it arrives anyway.
            pending.then((c) => (signal.aborted ? void c.close().catch(() => {}) : undefined), () => {});
            const fresh = await raceAbort(pending, signal);
            await commander.close().catch(() => {});
            commander = fresh;
            ctx = ctxFor(fresh);
          } catch {
            // try again at the next poll
          }
        }
      }
    }
  } finally {
    await commander.close().catch(() => {});
  }
  finish(w, end, now() - t0);
  w.result.durationMs = now() - w.started;
  w.steps.emit({ type: 'host-done', result: w.result });
  return w.result;
}

function finish(w: OperatorWatch, end: End, waitedMs: number): void {
  const { steps, result } = w;
  if (end.kind === 'joined') {
    steps.emit({ type: 'step', step: 'operator', status: 'changed', durationMs: waitedMs, detail: `joined from an interactive session: ${describeJoined(end.st)}` });
    const fqdn = w.fqdn();
    steps.emit({ type: 'facts', facts: { fqdn, backendState: end.st.backendState, action: '' } });
    const seen = end.st.self.dnsName;
    const warn = seen && seen.toLowerCase() !== fqdn.toLowerCase() ? ` (warning: tailscale calls this node ${seen})` : '';
    steps.emit({ type: 'step', step: 'fqdn', status: 'ok', durationMs: 0, detail: fqdn + warn });
    Object.assign(result, { status: 'ok', changed: true, error: null, fqdn });
    return;
  }
  if (end.kind === 'wrong') {
    steps.emit({ type: 'step', step: 'operator', status: 'failed', durationMs: waitedMs, detail: end.error.message, error: end.error });
    Object.assign(result, { status: 'failed', error: end.error, fqdn: null });
    return;
  }
  const why = end.why === 'timeout' ? `no join within ${formatDuration(w.watchMs)} (windows_watch)` : 'the watch was stopped';
  const stillThere =
    `${JOIN_SCRIPT_PATH} is still on ${w.host.id}: run ${OPERATOR_COMMAND} there (RDP or console), then 'meshtui provision ${w.host.id}' to check. ` +
    `The key file ${JOIN_KEY_PATH} stays until the script runs: delete it if you give up`;
  const error: ErrorInfo = { ...(result.error ?? { code: 'ErrWindowsInteractive', message: 'needs an interactive join' }), remedy: `meshtui stopped watching: ${why}. ${stillThere}` };
  steps.emit({ type: 'step', step: 'operator', status: 'needs-action', durationMs: waitedMs, detail: `stopped watching (${why}); ${stillThere}`, error });
  result.error = error;
  result.status = 'needs-action';
}
