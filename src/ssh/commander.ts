/**
 * A Commander over one ssh2 connection: every run() is an exec channel on that connection.
 * stdin is written then closed and never logged; output is captured as a bounded UTF-8 tail;
 * timeouts and aborts close the channel. Errors name at most the first two argv words.
 */
import { constants as osConstants } from 'node:os';
import type { Client, ClientChannel } from 'ssh2';
import type { Commander, RunOptions, RunResult } from '../provider/commander.js';
import { CONNECTION_LOST, MeshError } from '../provider/errors.js';
import { renderCommand } from '../quote.js';
import { DEFAULT_MAX_OUTPUT_BYTES, LiveDecoder, TailBuffer } from './output.js';

const LOST_REMEDY = "the SSH connection dropped (meshtui reconnects at most twice per host): check the host's network and sshd, then provision again (it reads the host's state first)";
const COMMAND_TIMEOUT_REMEDY = 'raise ssh.command_timeout (installs can take minutes), or run the command on the host by hand to see where it hangs';

export interface CommanderInfo {
  hostId: string;
  /** The dialled host name, for messages. */
  hostname: string;
  commandTimeoutMs: number;
  log?: (line: string) => void;
}

/** The first two argv words: enough to say what ran, never a later (possibly sensitive) word. */
export function commandLabel(argv: readonly string[]): string {
  return argv.slice(0, 2).join(' ');
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(1))}s`;
}

/** 128 + the signal's number when known, else -1 (what a shell reports for a killed command). */
export function signalExitCode(signal: string | undefined): number {
  if (!signal) return -1;
  const name = (signal.startsWith('SIG') ? signal : `SIG${signal}`) as keyof typeof osConstants.signals;
  const n = osConstants.signals[name];
  return typeof n === 'number' ? 128 + n : -1;
}

/**
 * Ask the server to signal the remote process. ssh2's `channel.signal()` is a no-op once stdin has
 * been ended (it checks `writable`), and we always end stdin, so the request goes out through the
 * channel's protocol directly. OpenSSH ≥ 7.9 honours it for non-root sessions; a server that does
 * not simply ignores it, and closing the channel follows either way.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const ch = channel as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
  };
  try {
    const id = ch.outgoing?.id;
    const proto = ch._client?._protocol;
    const state = ch.outgoing?.state; // 'eof' once stdin is ended: the channel is still open for requests
    if ((state === 'open' || state === 'eof') && typeof id === 'number' && typeof proto?.signal === 'function') {
      proto.signal(id, name);
    } else {
      channel.signal(name);
    }
  } catch {
    // best effort
  }
}

type State = 'open' | 'closing' | 'closed';

interface ActiveRun {
  fail(err: MeshError): void;
  label: string;
}

export class SshCommander implements Commander {
  private state: State = 'open';
  private readonly active = new Set<ActiveRun>();
  private closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly client: Client,
    private readonly info: CommanderInfo,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    client.on('error', (err: Error) => info.log?.(`ssh ${info.hostId}: connection error: ${err.message}`));
    client.on('close', () => this.onConnectionClosed());
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  private onConnectionClosed(): void {
    const wasClosing = this.state === 'closing';
    this.state = 'closed';
    for (const run of [...this.active]) {
      run.fail(
        wasClosing
          ? new MeshError('ErrCancelled', `cancelled: ${run.label} (connection closed)`)
          : new MeshError('ErrSSH', `ssh: connection to ${this.info.hostname} lost during: ${run.label}`, {
              cause: CONNECTION_LOST,
              remedy: LOST_REMEDY,
              detail: { host: this.info.hostId },
            }),
      );
    }
    this.active.clear();
    this.info.log?.(`ssh ${this.info.hostId}: connection closed`);
    this.markClosed();
  }

  run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const label = commandLabel(argv);
    let command: string;
    try {
      command = renderCommand(argv, opts.shell);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (opts.signal?.aborted) return Promise.reject(new MeshError('ErrCancelled', `cancelled: ${label}`));
    if (this.state !== 'open') {
      return Promise.reject(new MeshError('ErrSSH', `ssh: connection to ${this.info.hostname} is closed`, { cause: CONNECTION_LOST, remedy: LOST_REMEDY }));
    }
    const timeoutMs = opts.timeoutMs ?? this.info.commandTimeoutMs;
    const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.info.log?.(`ssh ${this.info.hostId}: run ${label}`);

    return new Promise<RunResult>((resolve, reject) => {
      const out = new TailBuffer(max);
      const err = new TailBuffer(max);
      let channel: ClientChannel | undefined;
      let settled = false;
      let exit: { code: number | null; signal?: string } | undefined;

      const cleanup = (): void => {
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.active.delete(run);
      };
      const stop = (): void => {
        if (!channel) return;
        sendSignal(channel, 'TERM');
        try {
          channel.close();
        } catch {
          // already closed
        }
      };
      const fail = (e: MeshError): void => {
        if (settled) return;
        cleanup();
        stop();
        reject(e);
      };
      const run: ActiveRun = { fail, label };
      const onAbort = (): void => fail(new MeshError('ErrCancelled', `cancelled: ${label}`));
      const timer = setTimeout(
        () => fail(new MeshError('ErrTimeout', `command timed out after ${formatDuration(timeoutMs)}: ${label}`, { cause: 'command-timeout', remedy: COMMAND_TIMEOUT_REMEDY })),
        timeoutMs,
      );
      this.active.add(run);
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const live = (stream: 'stdout' | 'stderr', tail: TailBuffer) => {
        const decoder = new LiveDecoder();
        return (chunk: Buffer): void => {
          tail.push(chunk);
          if (!opts.onData || settled) return;
          const text = decoder.write(chunk);
          if (text === '') return;
          try {
            opts.onData(text, stream);
          } catch (e) {
            this.info.log?.(`ssh ${this.info.hostId}: onData threw: ${(e as Error).message}`);
          }
        };
      };

      try {
        this.client.exec(command, (e, ch) => {
          if (settled) {
            // timed out or aborted before the channel opened: stop it now
            if (ch) {
              sendSignal(ch, 'TERM');
              ch.close();
            }
            return;
          }
          if (e) {
            fail(
              this.state === 'open'
                ? new MeshError('ErrSSH', `ssh: cannot start ${label} on ${this.info.hostname}: ${e.message}`)
                : new MeshError('ErrSSH', `ssh: connection to ${this.info.hostname} lost during: ${label}`, { cause: CONNECTION_LOST, remedy: LOST_REMEDY }),
            );
            return;
          }
          channel = ch;
          ch.on('data', live('stdout', out));
          ch.stderr.on('data', live('stderr', err));
          ch.on('exit', (code: number | null, signal?: string) => {
            exit = signal === undefined ? { code } : { code, signal };
          });
          ch.on('error', () => {
            // a channel error is followed by close, or by the connection's close
          });
          ch.on('close', () => {
            // Let data pushed in the same tick as the close reach the listeners first.
            setImmediate(() => {
              if (settled) return;
              if (this.state !== 'open' && exit === undefined) return; // connection loss reports it
              cleanup();
              const code = exit === undefined ? -1 : typeof exit.code === 'number' ? exit.code : signalExitCode(exit.signal);
              const result: RunResult = { stdout: out.text(), stderr: err.text(), code };
              if (out.truncated || err.truncated) result.truncated = true;
              resolve(result);
            });
          });
          if (opts.stdin !== undefined && opts.stdin !== '') ch.end(opts.stdin);
          else ch.end();
        });
      } catch (e) {
        fail(new MeshError('ErrSSH', `ssh: cannot start ${label} on ${this.info.hostname}: ${(e as Error).message}`));
      }
    });
  }

  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    if (this.state === 'open') {
      this.state = 'closing';
      // Stop what is running first (TERM + channel close), then say goodbye on the connection.
      for (const run of [...this.active]) {
        run.fail(new MeshError('ErrCancelled', `cancelled: ${run.label} (connection closed)`));
      }
      this.client.end();
      const force = setTimeout(() => this.client.destroy(), 3000);
      force.unref();
      void this.closed.then(() => clearTimeout(force));
    }
    return this.closed;
  }
}
