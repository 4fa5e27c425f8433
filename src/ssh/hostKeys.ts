/**
 * Host-key verification with IO: read known_hosts, apply ssh.host_key_policy, append accepted keys.
 * Used by the connector's ssh2 `hostVerifier`. A changed or revoked key is always refused.
 */
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HostKeyPolicy } from '../config/types.js';
import { MeshError } from '../provider/errors.js';
import {
  checkHostKey,
  fingerprint,
  keyTypeOfBlob,
  knownHostsLine,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  type KnownHostsEntry,
} from './knownHosts.js';
import type { SshTarget } from './target.js';

import type { HostKeyQuestion } from '../provider/commander.js';
export type { HostKeyQuestion };

export type AskHostKey = (q: HostKeyQuestion) => Promise<boolean>;

export interface HostKeyCheck {
  target: SshTarget;
  knownHostsPath: string;
  policy: HostKeyPolicy;
  askHostKey?: AskHostKey;
  /** Called around a prompt, so the connect timeout does not run while a person decides. */
  onAsk?: (asking: boolean) => void;
  log?: (line: string) => void;
}

/** The name the target's key is filed under: HostKeyAlias, else `host` / `[host]:port`. */
export function filedName(target: SshTarget): string {
  return target.hostKeyAlias ? target.hostKeyAlias.toLowerCase() : knownHostsName(target.hostname, target.port);
}

export async function readKnownHosts(file: string): Promise<KnownHostsEntry[]> {
  try {
    return parseKnownHosts(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new MeshError('ErrHostKey', `cannot read known_hosts ${file}: ${(e as Error).message}`, {
      cause: 'known-hosts-unreadable',
      remedy: `make ${file} readable by you, or point ssh.known_hosts at another file`,
    });
  }
}

/** Append one line, creating the directory (0700) and file (0600) when missing. */
export async function appendKnownHost(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const st = await stat(file);
    if (st.size > 0) {
      const text = await readFile(file);
      if (text[text.length - 1] !== 0x0a) prefix = '\n';
    }
  } catch {
    // missing: created below
  }
  await appendFile(file, `${prefix}${line}\n`, { mode: 0o600 });
}

const ALGOS_FOR_TYPE: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_HOST_KEY_ALGOS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host-key algorithms with the types already filed for this host first (as OpenSSH orders them),
 * so a server with several keys offers the one we know rather than look "changed".
 */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostsEntry[], name: string): string[] {
  const preferred = knownKeyTypes(entries, name).flatMap((t) => ALGOS_FOR_TYPE[t] ?? [t]);
  const ordered = [...preferred.filter((a) => DEFAULT_HOST_KEY_ALGOS.includes(a)), ...DEFAULT_HOST_KEY_ALGOS];
  return [...new Set(ordered)];
}

function keyscanHint(target: SshTarget, file: string): string {
  return `ssh-keyscan -p ${target.port} ${target.hostname} >> ${file}`;
}

/** Resolve when the key may be used; throw MeshError('ErrHostKey') when it must be refused. */
export async function verifyHostKey(check: HostKeyCheck, blob: Buffer): Promise<void> {
  const { target, knownHostsPath: file, policy } = check;
  const keyType = keyTypeOfBlob(blob) ?? 'unknown';
  const offered = fingerprint(blob);
  const name = filedName(target);
  const host = target.hostname;
  const verdict = checkHostKey(await readKnownHosts(file), name, keyType, blob);

  switch (verdict.status) {
    case 'known':
      check.log?.(`ssh ${target.hostId}: host key ${keyType} ${offered} matches ${file}:${verdict.entry.line}`);
      return;
    case 'revoked':
      throw new MeshError(
        'ErrHostKey',
        `host key for ${host} is revoked (${offered}, ${file}:${verdict.entry.line}); refusing to connect`,
        {
          cause: 'host-key-revoked',
          remedy: `the key is marked @revoked in ${file}:${verdict.entry.line}; if ${host} has a new key, verify it and replace that entry`,
          detail: { offered, knownHosts: file, line: verdict.entry.line },
        },
      );
    case 'changed': {
      const known = fingerprint(verdict.entry.blob);
      const remove = `ssh-keygen -R "${name}" -f ${file}`;
      throw new MeshError(
        'ErrHostKey',
        `host key for ${host} has changed: known ${known}, offered ${offered} (remove the old entry with: ${remove})`,
        {
          cause: 'host-key-changed',
          remedy: `if the host was reinstalled, check the new key, then run: ${remove}`,
          detail: { known, offered, knownHosts: file, line: verdict.entry.line },
        },
      );
    }
    case 'unknown':
      break;
  }

  const accept = async (how: string): Promise<void> => {
    await appendKnownHost(file, knownHostsLine(name, keyType, blob));
    check.log?.(`ssh ${target.hostId}: ${how} host key ${keyType} ${offered}, added to ${file}`);
  };

  if (policy === 'accept-new') return accept('accepted new');

  const detail = { fingerprint: offered, keyType, knownHosts: file };
  if (policy === 'strict') {
    throw new MeshError(
      'ErrHostKey',
      `unknown host key for ${host} (${offered}); ssh.host_key_policy is strict: verify it, then add it with: ${keyscanHint(target, file)}`,
      { cause: 'host-key-unknown', remedy: `verify the key, then: ${keyscanHint(target, file)}`, detail },
    );
  }
  if (!check.askHostKey) {
    throw new MeshError(
      'ErrHostKey',
      `unknown host key for ${host} (${offered}); verify it, then accept it with: ${keyscanHint(target, file)}, or set ssh.host_key_policy: accept-new`,
      { cause: 'host-key-unknown', remedy: `verify the key, then: ${keyscanHint(target, file)} (or set ssh.host_key_policy: accept-new)`, detail, needsAction: true },
    );
  }
  let ok = false;
  check.onAsk?.(true);
  try {
    ok = await check.askHostKey({ host: target.hostId, address: host, port: target.port, keyType, fingerprint: offered });
  } catch {
    ok = false;
  } finally {
    check.onAsk?.(false);
  }
  if (!ok) {
    throw new MeshError('ErrHostKey', `host key for ${host} (${offered}) was not accepted`, {
      cause: 'host-key-rejected',
      remedy: `verify the key (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on ${host}), then provision again and accept it`,
      detail,
    });
  }
  return accept('accepted (asked)');
}
