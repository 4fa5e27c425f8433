/**
 * Open one authenticated ssh2 connection, or fail with a MeshError that says what went wrong:
 * refused, unresolvable, silent, handshake, host key, authentication, timeout, cancelled.
 * The connect timeout covers TCP, handshake and authentication, and pauses while a person is asked
 * about a host key.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { Client, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { MeshError } from '../provider/errors.js';
import { authFailedError, makeAuthHandler, type AuthPlan } from './auth.js';
import { formatDuration } from './commander.js';
import { closedDuringHandshake, connectCancelled, connectFailure, connectTimeout, type ConnectPhase, type ConnectWhere } from './connect-errors.js';
import type { SshTarget } from './target.js';

export interface OpenParams {
  target: SshTarget;
  plan: AuthPlan;
  connectTimeoutMs: number;
  signal: AbortSignal;
  /** Resolve to accept the host key, reject (MeshError) to refuse; `onAsk(true)` while a person decides. */
  verifyHostKey: (blob: Buffer, onAsk: (asking: boolean) => void) => Promise<void>;
  hostKeyAlgorithms?: string[];
  keepaliveIntervalMs?: number;
  log?: (line: string) => void;
}

/** A timer that can stand still (while a person answers a prompt). */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private remaining: number;
  private done = false;
  constructor(ms: number, private readonly onExpire: () => void) {
    this.remaining = ms;
    this.resume();
  }
  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining -= Date.now() - this.startedAt;
  }
  resume(): void {
    if (this.timer || this.done) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.remaining));
  }
  clear(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export function openConnection(p: OpenParams): Promise<Client> {
  const { target, plan } = p;
  const where = `${target.hostname}:${target.port}`;
  const w: ConnectWhere = { target, after: formatDuration(p.connectTimeoutMs) };
  const client = new Client();
  const auth = makeAuthHandler(plan);
  const notes: string[] = [];
  let phase: ConnectPhase = 'tcp';
  let hostKeyError: MeshError | undefined;
  let settled = false;
  let sock: Socket | undefined;

  return new Promise((resolve, reject) => {
    const finish = (err?: MeshError): void => {
      if (settled) return;
      settled = true;
      deadline.clear();
      p.signal.removeEventListener('abort', onAbort);
      if (!err) {
        resolve(client);
        return;
      }
      client.removeAllListeners('ready');
      client.on('error', () => {}); // late errors from a connection being torn down
      client.destroy();
      sock?.destroy();
      reject(err);
    };

    const deadline = new Deadline(p.connectTimeoutMs, () => finish(connectTimeout(phase, w)));
    const onAbort = (): void => finish(connectCancelled(where));
    if (p.signal.aborted) {
      onAbort();
      return;
    }
    p.signal.addEventListener('abort', onAbort, { once: true });

    client.on('ready', () => {
      p.log?.(`ssh ${target.hostId}: authenticated as ${target.user}@${where} (${auth.tried.at(-1) ?? 'none'})`);
      finish();
    });
    client.on('handshake', () => {
      phase = 'auth';
    });
    client.on('error', (e: Error & { level?: string; code?: string }) => {
      if (settled) return;
      if (hostKeyError) return finish(hostKeyError);
      if (e.level === 'agent') {
        notes.push(`ssh-agent: ${e.message}`);
        return;
      }
      if (e.level === 'client-authentication') {
        if (/All configured authentication methods failed/.test(e.message)) {
          return finish(authFailedError(plan, target, auth.tried, auth.serverMethods(), notes));
        }
        notes.push(e.message);
        return;
      }
      return finish(connectFailure(e, phase, w));
    });
    client.on('close', () => {
      if (settled) return;
      if (hostKeyError) return finish(hostKeyError);
      finish(closedDuringHandshake(w));
    });

    sock = netConnect({ host: target.hostname, port: target.port });
    sock.setNoDelay(true);
    sock.once('connect', () => {
      phase = 'banner';
      p.log?.(`ssh ${target.hostId}: TCP connected to ${where}`);
    });

    const config: ConnectConfig = {
      sock,
      username: target.user,
      readyTimeout: 0, // the Deadline above covers it, and can pause for a host-key prompt
      keepaliveInterval: p.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: 3,
      authHandler: auth.handler,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void): void => {
        const onAsk = (asking: boolean): void => (asking ? deadline.pause() : deadline.resume());
        p.verifyHostKey(key, onAsk).then(
          () => {
            if (!settled) verify(true);
          },
          (e: unknown) => {
            hostKeyError = e instanceof MeshError ? e : new MeshError('ErrHostKey', `host key check failed: ${String(e)}`, { cause: 'known-hosts-unreadable' });
            if (!settled) verify(false);
            finish(hostKeyError);
          },
        );
      },
    };
    if (p.hostKeyAlgorithms?.length) {
      config.algorithms = { serverHostKey: p.hostKeyAlgorithms as ServerHostKeyAlgorithm[] };
    }
    p.log?.(`ssh ${target.hostId}: connecting to ${target.user}@${where}`);
    try {
      client.connect(config);
    } catch (e) {
      finish(new MeshError('ErrSSH', `ssh: cannot connect to ${where}: ${(e as Error).message}`, { cause: 'ssh-handshake', remedy: 'check the host\'s ssh settings (identity_file, ~/.ssh/config) for a value ssh2 cannot use' }));
    }
    // After connect(): ssh2 has paused the socket, so this listener does not start the flow early.
    sock.once('data', () => {
      if (phase === 'banner') phase = 'handshake';
    });
  });
}
