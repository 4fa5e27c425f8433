/**
 * The Headscale host's CLI, over SSH, as root (the same sudo rules as everything else: its unix
 * socket is root-only in the packaged setup). `headscale version`, `users list`, `preauthkeys
 * create`, `nodes list`, all with `-o json`; stdout is parsed, stderr (update warnings, logs) only
 * explains failures. The minted key is printed on stdout by headscale and read from there: it is
 * never in any argv, and the context that runs these commands streams no output anywhere.
 */
import type { HeadscaleConfig, HostConfig, Inventory } from '../config/types.js';
import type { RunResult } from './commander.js';
import type { ProviderContext } from './context.js';
import { redactKeys } from './diagnose.js';
import { MeshError, type ErrorCode } from './errors.js';
import {
  HEADSCALE_KEY,
  headscaleReason,
  parseCreatedKey,
  parseHeadscaleVersion,
  parseNodes,
  parseUsers,
  USER_ID_WANTED,
  versionAtLeast,
  type HsNodeInfo,
  type HsUserInfo,
} from './headscale-parse.js';
import { ensureFacts } from './os.js';
import { asRoot, sudoFailure } from './sudo.js';

export const HS = 'headscale';

/** The SSH target for `headscale.host`: the fleet host with that id, or the inline map. */
export function headscaleHost(inv: Inventory, hs: HeadscaleConfig): HostConfig {
  if (typeof hs.host === 'string') {
    const id = hs.host;
    const h = inv.hosts.find((x) => x.id === id);
    if (!h) throw new MeshError('ErrConfigInvalid', `tailscale provider: invalid config: headscale.host ${id} is not a host id from hosts:`);
    return h;
  }
  const t = hs.host;
  const h: HostConfig = { id: t.address, address: t.address, tags: [], os: 'linux' };
  if (t.user !== undefined) h.user = t.user;
  if (t.port !== undefined) h.port = t.port;
  if (t.identityFile !== undefined) h.identityFile = t.identityFile;
  return h;
}

export function mintError(where: string, reason: string, remedy: string, code: ErrorCode = 'ErrAuthKeyMissing', cause = 'mint-failed'): MeshError {
  return new MeshError(code, `tailscale provider: could not mint a pre-auth key on the headscale host ${where}: ${reason}`, { cause, remedy });
}

/** Key-shaped strings out of headscale's output before any of it is shown (48 hex, hskey-…). */
export const scrubKeys = (s: string): string => redactKeys(s).replace(/\b[0-9a-f]{48}\b/g, '[redacted]');

/** Why a headscale command failed, as an error naming the headscale host and what to do. */
export function headscaleFailure(ctx: ProviderContext, what: string, res: RunResult): MeshError {
  const sudo = sudoFailure(ctx, res);
  if (sudo) return sudo;
  const text = scrubKeys(`${res.stderr}\n${res.stdout}`);
  const where = ctx.hostId;
  if (res.code === 127 || /headscale: (command )?not found|headscale: No such file/.test(text)) {
    return mintError(where, 'headscale is not installed there', `set headscale.host to the machine that runs Headscale (\`command -v headscale\` finds nothing on ${where})`, 'ErrAuthKeyMissing', 'headscale-missing');
  }
  const reason = headscaleReason(scrubKeys(res.stderr), scrubKeys(res.stdout)) || `exit ${res.code}`;
  if (/Unable to read\/write to headscale socket|permission denied/i.test(text)) {
    return mintError(where, reason, `the headscale CLI needs root for its socket: log in as root or allow sudo (meshtui prepare ${where})`, 'ErrAuthKeyMissing', 'headscale-socket-denied');
  }
  if (/Could not connect|connection refused|context deadline exceeded|no such file or directory.*sock/i.test(text)) {
    return mintError(where, reason, `ensure Headscale is running on ${where}: sudo systemctl start headscale; sudo systemctl status headscale`, 'ErrAuthKeyMissing', 'headscale-down');
  }
  if (USER_ID_WANTED.test(text)) {
    return mintError(where, reason, `this Headscale wants the user's numeric id: set headscale.user to it (sudo headscale users list on ${where})`, 'ErrConfigInvalid', 'headscale-user-id-wanted');
  }
  if (/user not found/i.test(text)) {
    return mintError(where, reason, 'set headscale.user to an existing Headscale user (headscale users list)', 'ErrConfigInvalid', 'headscale-user-unknown');
  }
  return mintError(where, `${what} failed: ${reason}`, `run 'sudo headscale ${what}' on ${where} by hand to see the whole output`);
}

export interface MintOptions {
  expiration: string;
  reusable: boolean;
  tags: readonly string[];
}

/** The headscale CLI on one host. Every call runs as root. */
export class HeadscaleCli {
  constructor(readonly ctx: ProviderContext) {}

  private async run(args: readonly string[]): Promise<RunResult> {
    await ensureFacts(this.ctx);
    const cmd = asRoot(this.ctx, [HS, ...args]);
    return this.ctx.run(cmd.argv, { stdin: cmd.stdin || undefined });
  }

  /** "0.26.1", or null when the version cannot be told (a dev build). */
  async version(): Promise<string | null> {
    const res = await this.run(['version', '-o', 'json']);
    if (res.code !== 0) throw headscaleFailure(this.ctx, 'version', res);
    return parseHeadscaleVersion(res.stdout);
  }

  async users(): Promise<HsUserInfo[]> {
    const res = await this.run(['users', 'list', '-o', 'json']);
    if (res.code !== 0) throw headscaleFailure(this.ctx, 'users list -o json', res);
    const users = parseUsers(res.stdout);
    if (!users) throw mintError(this.ctx.hostId, '`headscale users list -o json` printed no user list', 'run it by hand on the headscale host');
    return users;
  }

  async nodes(): Promise<HsNodeInfo[]> {
    const res = await this.run(['nodes', 'list', '-o', 'json']);
    if (res.code !== 0) throw headscaleFailure(this.ctx, 'nodes list -o json', res);
    const nodes = parseNodes(res.stdout);
    if (!nodes) {
      throw new MeshError('ErrSSH', `tailscale provider: cannot parse \`headscale nodes list -o json\` on ${this.ctx.hostId}`, {
        cause: 'headscale-nodes-unparseable',
        remedy: `run 'sudo headscale nodes list -o json' on ${this.ctx.hostId} by hand`,
      });
    }
    return nodes;
  }

  /** `--user` as this version wants it: a name (≤0.25) or a numeric id (0.26+). */
  async userArg(user: string, version: string | null): Promise<string> {
    const numeric = /^\d+$/.test(user);
    if (version === null) return user;
    if (versionAtLeast(version, '0.26.0') === numeric) return user;
    const users = await this.users();
    const hit = numeric ? users.find((u) => u.id === user) : users.find((u) => u.name === user);
    if (!hit) {
      const known = users.map((u) => `${u.name} (id ${u.id})`).join(', ') || 'none';
      throw mintError(this.ctx.hostId, `no Headscale user ${numeric ? 'with id' : 'named'} ${user} (users: ${known})`, 'set headscale.user to one of the listed users', 'ErrConfigInvalid', 'headscale-user-unknown');
    }
    return numeric ? hit.name : hit.id;
  }

  /** Mint a key; the secret comes back from stdout and is registered as a secret at once. `user`: the --user value that worked. */
  async createKey(user: string | undefined, version: string | null, o: MintOptions): Promise<{ key: string; user: string | undefined }> {
    const flags = (u: string | undefined) => [
      'preauthkeys', 'create',
      ...(u !== undefined ? ['--user', u] : []),
      ...(o.reusable ? ['--reusable'] : []),
      '--expiration', o.expiration,
      ...(o.tags.length ? ['--tags', o.tags.join(',')] : []),
      '-o', 'json',
    ];
    let u = user === undefined ? undefined : await this.userArg(user, version);
    let res = await this.run(flags(u));
    if (res.code !== 0 && u !== undefined && !/^\d+$/.test(u) && USER_ID_WANTED.test(res.stderr + res.stdout)) {
      // A version we could not tell that wants the numeric id: look it up and try again, once.
      u = await this.userArg(u, '0.26.0');
      res = await this.run(flags(u));
    }
    if (res.code !== 0) throw headscaleFailure(this.ctx, 'preauthkeys create', res);
    const key = parseCreatedKey(res.stdout);
    if (!key || /\s/.test(key)) throw mintError(this.ctx.hostId, '`headscale preauthkeys create -o json` printed no key', 'run it by hand on the headscale host');
    this.ctx.addSecret(key);
    if (!HEADSCALE_KEY.test(key)) this.ctx.note('the minted key has an unfamiliar format; using it as printed');
    return { key, user: u };
  }
}
