/**
 * The SSH connector: resolves a host through ~/.ssh/config, opens ONE verified, authenticated ssh2
 * connection per connect() and hands back a Commander that runs every command on it.
 * closeAll() ends every connection it opened and cancels connects under way (Ctrl-C, quit).
 */
import os from 'node:os';
import path from 'node:path';
import type { HostConfig, SshSettings } from '../config/types.js';
import type { Commander } from '../provider/commander.js';
import { MeshError, toMeshError } from '../provider/errors.js';
import { planAuth } from './auth.js';
import { SshCommander } from './commander.js';
import { openConnection } from './connect.js';
import { connectCancelled } from './connect-errors.js';
import { filedName, preferredHostKeyAlgorithms, readKnownHosts, verifyHostKey, type AskHostKey } from './hostKeys.js';
import { loadSshConfigText } from './sshConfigFile.js';
import { expandHome, resolveTarget, type SshTarget } from './target.js';

export interface SshConnectorOptions {
  settings: SshSettings;
  /** Where SSH_AUTH_SOCK is read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: os.homedir(). */
  homedir?: string;
  /** Default: ~/.ssh/config. */
  sshConfigPath?: string;
  /** Asked about an unknown host key under host_key_policy `ask`; without it, unknown keys are refused. */
  askHostKey?: AskHostKey;
  /** Progress lines (never stdin, never argv past its first two words). */
  log?: (line: string) => void;
  /** SSH keepalive interval; default 5 s (3 unanswered → connection lost). */
  keepaliveIntervalMs?: number;
}

export interface SshConnector {
  connect(host: HostConfig, signal: AbortSignal): Promise<Commander>;
  /** Resolve a host as connect() would, without connecting (for display and diagnosis). */
  resolve(host: HostConfig): Promise<SshTarget>;
  closeAll(): Promise<void>;
}

function localUserName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env['USER'] ?? env['LOGNAME'] ?? 'root';
  }
}

export function createSshConnector(opts: SshConnectorOptions): SshConnector {
  const env = opts.env ?? process.env;
  const homedir = opts.homedir ?? os.homedir();
  const sshConfigPath = opts.sshConfigPath ?? path.join(homedir, '.ssh', 'config');
  const knownHostsPath = expandHome(opts.settings.knownHosts, homedir);
  const localUser = localUserName(env);
  const open = new Set<SshCommander>();
  const pending = new Set<AbortController>();

  async function resolve(host: HostConfig): Promise<SshTarget> {
    const text = await loadSshConfigText(sshConfigPath, homedir);
    return resolveTarget(host, text, { homedir, localUser });
  }

  async function connect(host: HostConfig, signal: AbortSignal): Promise<Commander> {
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) ac.abort();
    pending.add(ac);
    try {
      const target = await resolve(host);
      const plan = await planAuth(target, env, homedir);
      const entries = await readKnownHosts(knownHostsPath);
      if (ac.signal.aborted) {
        throw connectCancelled(`${target.hostname}:${target.port}`);
      }
      const check = {
        target,
        knownHostsPath,
        policy: opts.settings.hostKeyPolicy,
        ...(opts.askHostKey ? { askHostKey: opts.askHostKey } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      };
      const client = await openConnection({
        target,
        plan,
        connectTimeoutMs: opts.settings.connectTimeoutMs,
        signal: ac.signal,
        verifyHostKey: (blob, onAsk) => verifyHostKey({ ...check, onAsk }, blob),
        hostKeyAlgorithms: preferredHostKeyAlgorithms(entries, filedName(target)),
        ...(opts.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: opts.keepaliveIntervalMs } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
      const commander = new SshCommander(client, {
        hostId: host.id,
        hostname: target.hostname,
        commandTimeoutMs: opts.settings.commandTimeoutMs,
        ...(opts.log ? { log: opts.log } : {}),
      });
      open.add(commander);
      client.once('close', () => open.delete(commander));
      return commander;
    } catch (e) {
      const err = toMeshError(e, 'ErrSSH');
      throw new MeshError(err.code, err.message, {
        ...(err.remedy !== undefined ? { remedy: err.remedy } : {}),
        ...(err.causeId !== undefined ? { cause: err.causeId } : {}),
        detail: { host: host.id, ...err.detail },
        needsAction: err.needsAction,
      });
    } finally {
      pending.delete(ac);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async function closeAll(): Promise<void> {
    for (const ac of pending) ac.abort();
    const all = [...open];
    open.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  return { connect, resolve, closeAll };
}
