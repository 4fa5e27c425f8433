/**
 * Client authentication plan: ssh-agent (when SSH_AUTH_SOCK is set), then the identity files
 * (the host's identity_file / ssh_config IdentityFile, else the default keys that exist). Keys are
 * read and parsed before connecting, so a passphrase-protected key can be named in the error.
 */
import { readFile } from 'node:fs/promises';
// Default import: ssh2 is CommonJS and Node's ESM loader cannot see `utils` as a named export
// (the bundled dist/meshtui.js failed every SSH command with "Named export 'utils' not found").
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import { MeshError } from '../provider/errors.js';
import { displayPath, type SshTarget } from './target.js';

export type IdentityProblem = 'missing' | 'encrypted' | 'unreadable' | 'invalid';

export interface Identity {
  path: string;
  /** The path with the home directory as `~`. */
  display: string;
  key?: ParsedKey;
  problem?: IdentityProblem;
  problemText?: string;
}

export interface AuthPlan {
  username: string;
  /** The agent socket, when SSH_AUTH_SOCK is set. */
  agent?: string;
  identities: Identity[];
}

export async function loadIdentity(file: string, homedir: string): Promise<Identity> {
  const display = displayPath(file, homedir);
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path: file, display, problem: 'missing' };
    return { path: file, display, problem: 'unreadable', problemText: (e as Error).message };
  }
  const parsed = ssh2.utils.parseKey(data) as ParsedKey | ParsedKey[] | Error;
  if (parsed instanceof Error) {
    if (/passphrase/i.test(parsed.message)) return { path: file, display, problem: 'encrypted' };
    return { path: file, display, problem: 'invalid', problemText: parsed.message };
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return { path: file, display, problem: 'invalid', problemText: 'not a private key' };
  return { path: file, display, key };
}

export async function planAuth(target: SshTarget, env: NodeJS.ProcessEnv, homedir: string): Promise<AuthPlan> {
  const loaded = await Promise.all(target.identityFiles.map((f) => loadIdentity(f, homedir)));
  // Default keys that do not exist are simply not there; a configured one that is missing is worth a note.
  const identities = target.identityExplicit ? loaded : loaded.filter((i) => i.problem !== 'missing');
  const plan: AuthPlan = { username: target.user, identities };
  const sock = env['SSH_AUTH_SOCK'];
  if (sock) plan.agent = sock;
  return plan;
}

/** ssh2 authHandler that walks the plan in order and records what it tried. */
export function makeAuthHandler(plan: AuthPlan): { handler: AuthHandlerMiddleware; tried: string[]; serverMethods: () => string[] | undefined } {
  const queue: AnyAuthMethod[] = [];
  const labels: string[] = [];
  if (plan.agent) {
    queue.push({ type: 'agent', username: plan.username, agent: plan.agent });
    labels.push('agent');
  }
  for (const id of plan.identities) {
    if (!id.key) continue;
    queue.push({ type: 'publickey', username: plan.username, key: id.key });
    labels.push(id.display);
  }
  const tried: string[] = [];
  let methods: string[] | undefined;
  const handler: AuthHandlerMiddleware = (authsLeft: AuthenticationType[] | null, _partial, next) => {
    if (authsLeft) methods = authsLeft;
    if (authsLeft && !authsLeft.includes('publickey')) return next(false as unknown as AuthenticationType);
    const method = queue.shift();
    const label = labels.shift();
    if (!method || label === undefined) return next(false as unknown as AuthenticationType);
    tried.push(label);
    return next(method);
  };
  return { handler, tried, serverMethods: () => methods };
}

/** The ErrSSH for a failed authentication, naming what was tried and what could not be used. */
export function authFailedError(
  plan: AuthPlan,
  target: SshTarget,
  tried: readonly string[],
  serverMethods: readonly string[] | undefined,
  notes: readonly string[] = [],
): MeshError {
  const who = `${target.user}@${target.hostname}:${target.port}`;
  const triedText = tried.length ? tried.join(', ') : 'nothing';
  const parts: string[] = [];
  const remedies: string[] = [];
  for (const id of plan.identities) {
    if (id.problem === 'encrypted') {
      parts.push(`${id.display} is passphrase-protected and not in ssh-agent: add it with: ssh-add ${id.display}`);
      remedies.push(`ssh-add ${id.display}${plan.agent ? '' : ' (start ssh-agent and export SSH_AUTH_SOCK first)'}`);
    } else if (id.problem === 'missing') {
      parts.push(`identity file ${id.display} does not exist`);
    } else if (id.problem) {
      parts.push(`cannot use ${id.display}: ${id.problemText ?? id.problem}`);
    }
  }
  if (!plan.agent && tried.length === 0 && plan.identities.length === 0) {
    parts.push('SSH_AUTH_SOCK is not set and no key was found in ~/.ssh');
  }
  if (serverMethods && !serverMethods.includes('publickey')) {
    parts.push(`the server accepts only: ${serverMethods.join(', ')}`);
  }
  parts.push(...notes);
  const message = `ssh: authentication failed for ${who} (tried: ${triedText})${parts.length ? `; ${parts.join('; ')}` : ''}`;
  const init = remedies.length
    ? { cause: 'ssh-auth-failed', remedy: remedies.join('; '), detail: { tried: [...tried] } }
    : { cause: 'ssh-auth-failed', remedy: `make sure your public key is in ~${target.user}/.ssh/authorized_keys on ${target.hostname} (ssh-copy-id -p ${target.port} ${who.replace(/:\d+$/, '')})`, detail: { tried: [...tried] } };
  return new MeshError('ErrSSH', message, init);
}
