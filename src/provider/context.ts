/**
 * ProviderContext: what the provider needs to act on one host (the spec's `ctx` plus the injected
 * Commander). Every remote command goes through `ctx.run`, which honours cancellation, applies the
 * default timeout, redacts what it reports (argv, live output) and reports each command once.
 */
import type { Commander, RemoteShell, RunResult } from './commander.js';
import type { ProvisionMode } from './api.js';
import { CONNECTION_LOST, MeshError, toMeshError } from './errors.js';
import type { OsFacts } from './os.js';
import { makeRedactor, type Redactor } from '../redact.js';

export interface ProviderHooks {
  /** A command finished (argv already redacted; `code` -1 when the transport failed). */
  onCommand?(argv: string[], code: number, durationMs: number): void;
  /** Live output chunks, redacted. */
  onOutput?(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Something the engine did on its own initiative (e.g. started tailscaled), for the step detail. */
  note?(text: string): void;
}

export interface CtxRunOptions {
  stdin?: string;
  timeoutMs?: number;
  /** 'powershell' for Windows targets (rendered as an -EncodedCommand line by the Commander). */
  shell?: RemoteShell;
  /** The command changes nothing: when the connection drops during it, reconnect and run it once more. */
  readOnly?: boolean;
  /** Keep at most this many bytes of each stream (default: the Commander's, 1 MiB). */
  maxOutputBytes?: number;
}

export interface ProviderContext {
  hostId: string;
  mode: ProvisionMode;
  signal?: AbortSignal;
  env(name: string): string | undefined;
  /** A sudo password typed for this run (travels on stdin only). */
  sudoPassword?: string;
  commandTimeoutMs: number;
  /** Facts from detect-os (uid decides whether sudo is needed); filled lazily when absent. */
  os?: OsFacts;
  /** Once-per-host bookkeeping. */
  state: { daemonStartTried: boolean };
  run(argv: readonly string[], opts?: CtxRunOptions): Promise<RunResult>;
  /** Register a secret (the auth key) so no report ever shows it. */
  addSecret(secret: string): void;
  redact: Redactor;
  note(text: string): void;
}

export interface ContextOptions {
  commander: Commander;
  hostId: string;
  mode?: ProvisionMode;
  signal?: AbortSignal;
  env?: (name: string) => string | undefined;
  sudoPassword?: string;
  commandTimeoutMs?: number;
  os?: OsFacts;
  hooks?: ProviderHooks;
  now?: () => number;
  /**
   * Opens a new connection to the host after the current one was lost (at most MAX_RECONNECTS per
   * host). Without it a lost connection fails every later command.
   */
  reconnect?: () => Promise<Commander>;
}

export const MAX_RECONNECTS = 2;

/** The transport failed under the command (reset, keepalive timeout): the Commander says cause `connection-lost`. */
export function isConnectionLost(e: unknown): boolean {
  return e instanceof MeshError && e.causeId === CONNECTION_LOST;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

export function cancelledError(where?: string): MeshError {
  return new MeshError('ErrCancelled', where ? `cancelled during ${where}` : 'cancelled', { cause: 'cancelled' });
}

/** Reject as soon as the signal aborts, even if `p` itself does not listen to it. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => {}); // its own rejection (if any) is moot: no unhandled rejection
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

export function createContext(o: ContextOptions): ProviderContext {
  const secrets: string[] = [];
  if (o.sudoPassword) secrets.push(o.sudoPassword);
  const now = o.now ?? Date.now;
  const hooks = o.hooks ?? {};
  const ctx: ProviderContext = {
    hostId: o.hostId,
    mode: o.mode ?? 'provision',
    signal: o.signal,
    env: o.env ?? ((name) => process.env[name]),
    sudoPassword: o.sudoPassword || undefined,
    commandTimeoutMs: o.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    os: o.os,
    state: { daemonStartTried: false },
    redact: makeRedactor(secrets),
    addSecret(secret) {
      secrets.push(secret);
      ctx.redact = makeRedactor(secrets);
    },
    note(text) {
      hooks.note?.(ctx.redact(text));
    },
    async run(argv, ro = {}) {
      if (o.signal?.aborted) throw cancelledError();
      // A command that lost the connection is never re-run here; the next command gets a new connection.
      if (lost) await reconnect();
      try {
        return await runOnce(argv, ro);
      } catch (e) {
        if (!lost || !ro.readOnly || o.signal?.aborted || !o.reconnect || reconnects >= MAX_RECONNECTS) throw e;
        await reconnect();
        ctx.note(`connection lost during ${argv.slice(0, 2).map((a) => ctx.redact(a)).join(' ')}: reconnected and retried it`);
        return runOnce(argv, ro);
      }
    },
  };

  let commander = o.commander;
  let lost = false;
  let reconnects = 0;
  async function reconnect(): Promise<void> {
    if (!o.reconnect || reconnects >= MAX_RECONNECTS) return;
    reconnects += 1;
    commander = await raceAbort(o.reconnect(), o.signal);
    lost = false;
  }

  async function runOnce(argv: readonly string[], ro: CtxRunOptions): Promise<RunResult> {
    const shown = argv.map((a) => ctx.redact(a));
    const t0 = now();
    let res: RunResult;
    try {
      res = await raceAbort(
        commander.run(argv, {
          stdin: ro.stdin,
          ...(ro.shell ? { shell: ro.shell } : {}),
          ...(ro.maxOutputBytes ? { maxOutputBytes: ro.maxOutputBytes } : {}),
          timeoutMs: ro.timeoutMs ?? ctx.commandTimeoutMs,
          signal: o.signal,
          onData: hooks.onOutput ? (chunk, stream) => hooks.onOutput!(ctx.redact(chunk), stream) : undefined,
        }),
        o.signal,
      );
    } catch (e) {
      hooks.onCommand?.(shown, -1, now() - t0);
      if (o.signal?.aborted) throw cancelledError();
      if (isConnectionLost(e)) lost = true;
      const err = toMeshError(e, 'ErrSSH');
      if (ctx.redact(err.message) === err.message) throw err;
      throw new MeshError(err.code, ctx.redact(err.message), { remedy: err.remedy, cause: err.causeId });
    }
    hooks.onCommand?.(shown, res.code, now() - t0);
    return res;
  }
  return ctx;
}

/** Last `n` non-empty lines of a command's output (stderr first), for messages. */
export function outputTail(res: Pick<RunResult, 'stdout' | 'stderr'>, n: number): string[] {
  const lines = `${res.stderr}\n${res.stdout}`.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return lines.slice(-n);
}

export function firstLine(s: string): string {
  return (s.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim().slice(0, 300);
}
