/**
 * The Commander: the only way the provider talks to a host.
 *
 * The spec's Go interface is `Run(ctx, host, cmd, args...)`. Here a Commander is bound to one host
 * (one SSH connection per host, reused for every step), so `host` is implied, and a command is an
 * argv array: the implementation renders it for the remote shell through `src/quote.ts`, the one
 * quoting helper. No caller concatenates values into a shell string.
 */
export type RemoteShell = 'posix' | 'powershell';

export interface RunOptions {
  /** Bytes written to the remote process's stdin, then EOF. Secrets travel here, never in argv. */
  stdin?: string;
  /** Per-command timeout; on expiry the command is abandoned and `ErrTimeout` thrown. */
  timeoutMs?: number;
  /** Cancellation (Ctrl-C, quit): the channel is closed and the promise rejects. */
  signal?: AbortSignal;
  /** Live output, as it arrives (for the dashboard's tail). */
  onData?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** How argv is rendered: POSIX sh (default) or a PowerShell -EncodedCommand line (Windows). */
  shell?: RemoteShell;
  /** Keep at most this many bytes of each stream (the tail). Default 1 MiB. */
  maxOutputBytes?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit code; a command killed by a signal reports 128 + n or -1 when unknown. */
  code: number;
  /** True when output beyond maxOutputBytes was dropped (the tail is kept). */
  truncated?: boolean;
}

export interface Commander {
  run(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** Close the connection; idempotent. */
  close(): Promise<void>;
}

/** An unknown SSH host key, put to the operator (the dashboard's prompt) under host_key_policy: ask. */
export interface HostKeyQuestion {
  /** The host id from the config. */
  host: string;
  /** The name or IP dialled. */
  address: string;
  port: number;
  keyType: string;
  /** OpenSSH's form: SHA256:<unpadded base64>. */
  fingerprint: string;
}
