/**
 * Where to connect, pure: a HostConfig plus the text of ~/.ssh/config (ssh_config(5)) give the
 * hostname to dial, port, user and identity files. Explicit config fields win over ssh_config;
 * ssh_config wins over the defaults (local user, port 22, ~/.ssh/id_{ed25519,ecdsa,rsa}).
 */
import SSHConfig from 'ssh-config';
import path from 'node:path';
import type { HostConfig } from '../config/types.js';
import { MeshError } from '../provider/errors.js';

export interface SshTarget {
  /** The host id from the config, for messages and the host-key prompt. */
  hostId: string;
  /** What the config said to connect to (an address or an ssh_config Host alias). */
  alias: string;
  /** The name or IP actually dialled (ssh_config HostName, else the alias). */
  hostname: string;
  port: number;
  user: string;
  /** Absolute paths of the identity files to offer, in order. */
  identityFiles: string[];
  /** True when identityFiles came from the config or ssh_config (a missing file is worth a note). */
  identityExplicit: boolean;
  /** ssh_config HostKeyAlias: the name the host key is filed under instead of [hostname]:port. */
  hostKeyAlias?: string;
}

export interface TargetEnv {
  homedir: string;
  /** The local user name (the default remote user). */
  localUser: string;
}

export const DEFAULT_IDENTITY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'] as const;

export function defaultIdentityFiles(homedir: string): string[] {
  return DEFAULT_IDENTITY_NAMES.map((n) => path.join(homedir, '.ssh', n));
}

/** `~` and `~/x` → the home directory; relative paths are taken from the home directory, as ssh does. */
export function expandHome(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/')) return path.join(homedir, p.slice(2));
  return path.isAbsolute(p) ? p : path.join(homedir, p);
}

/** A path for messages: the home directory shown as `~`. */
export function displayPath(p: string, homedir: string): string {
  if (p === homedir) return '~';
  return p.startsWith(homedir + path.sep) ? `~${p.slice(homedir.length)}` : p;
}

/** ssh_config percent tokens: %% %d %u %h %r %p %n. Unknown tokens are left as they are. */
export function expandTokens(s: string, tokens: Record<string, string>): string {
  return s.replace(/%(.)/g, (whole, c: string) => (c === '%' ? '%' : (tokens[c] ?? whole)));
}

function first(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The computed ssh_config options for an alias, keys lowercased (first value wins, as in ssh). */
export function computeSshConfig(text: string | undefined, alias: string): Record<string, string | string[]> {
  if (!text) return {};
  // Match exec is skipped: meshtui runs no local shell on the strength of a config file.
  return SSHConfig.parse(text).compute(alias, { ignoreCase: true, matchExec: false });
}

export function resolveTarget(host: HostConfig, sshConfigText: string | undefined, env: TargetEnv): SshTarget {
  const alias = host.address || host.id;
  const c = computeSshConfig(sshConfigText, alias);

  const proxy = first(c['proxyjump']) ?? first(c['proxycommand']);
  if (proxy !== undefined && proxy.toLowerCase() !== 'none') {
    throw new MeshError(
      'ErrSSH',
      `ssh: ${alias} uses ${c['proxyjump'] !== undefined ? 'ProxyJump' : 'ProxyCommand'} in ~/.ssh/config, which meshtui does not support`,
      { remedy: 'give the host an address meshtui can reach directly', detail: { host: host.id } },
    );
  }

  const hostname = expandTokens(first(c['hostname']) ?? alias, { h: alias });

  let port = host.port;
  const cfgPort = first(c['port']);
  if (port === undefined && cfgPort !== undefined) {
    port = /^\d+$/.test(cfgPort) ? Number(cfgPort) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new MeshError('ErrSSH', `ssh: ~/.ssh/config gives ${alias} an invalid Port '${cfgPort}'`, {
        detail: { host: host.id },
      });
    }
  }
  port ??= 22;

  const user = host.user ?? first(c['user']) ?? env.localUser;

  const tokens = { d: env.homedir, u: env.localUser, h: hostname, r: user, p: String(port), n: alias };
  // A relative identity_file from meshtui.yml is relative to the working directory (the config
  // layer may already have made it absolute); a relative ssh_config IdentityFile to the home directory.
  const fromConfig = host.identityFile
    ? [host.identityFile.startsWith('~') ? expandHome(host.identityFile, env.homedir) : path.resolve(host.identityFile)]
    : [];
  const fromSshConfig = list(c['identityfile'])
    .filter((f) => f.toLowerCase() !== 'none')
    .map((f) => expandHome(expandTokens(f, tokens), env.homedir));
  const explicit = fromConfig.length ? fromConfig : fromSshConfig;
  const identityFiles = explicit.length ? explicit : defaultIdentityFiles(env.homedir);

  const target: SshTarget = {
    hostId: host.id,
    alias,
    hostname,
    port,
    user,
    identityFiles: [...new Set(identityFiles)],
    identityExplicit: explicit.length > 0,
  };
  const hka = first(c['hostkeyalias']);
  if (hka) target.hostKeyAlias = hka;
  return target;
}
