/**
 * Validated raw config → the typed Inventory: camelCase, defaults filled in, paths expanded, and
 * the checks that span fields (duplicate ids, headscale.host naming a host).
 */
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, PROVIDER_PREFIX } from './errors.js';
import type { RawConfig, RawHost, RawTailscale } from './schema.js';
import { show } from './show.js';
import type { HeadscaleConfig, HostConfig, Inventory, SshSettings, TailscaleConfig } from './types.js';

export const DEFAULTS = {
  scriptUrl: 'https://tailscale.com/install.sh',
  knownHosts: '~/.ssh/known_hosts',
  hostKeyPolicy: 'ask',
  connectTimeoutMs: 10_000,
  commandTimeoutMs: 120_000,
  concurrency: 8,
  headscaleExpiration: '24h',
} as const;

export interface BuildContext {
  file: string;
  format: Inventory['format'];
  /** Relative identity_file / known_hosts paths resolve against this (the config's directory). */
  baseDir: string;
  home: string;
}

export function contextFor(file: string, format: Inventory['format'], home = homedir()): BuildContext {
  return { file, format, baseDir: dirname(resolve(file)), home };
}

/** `~` and `~/x` → the home directory; relative paths → against the config's directory. */
export function expandPath(p: string, ctx: Pick<BuildContext, 'baseDir' | 'home'>): string {
  if (p === '~') return ctx.home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(ctx.home, p.slice(2));
  return isAbsolute(p) ? p : resolve(ctx.baseDir, p);
}

function host(raw: RawHost, ctx: BuildContext): HostConfig {
  const h: HostConfig = { id: raw.id, address: raw.address ?? raw.id, tags: raw.tags ?? [], os: raw.os ?? 'auto' };
  if (raw.port !== undefined) h.port = raw.port;
  if (raw.user !== undefined) h.user = raw.user;
  if (raw.role !== undefined) h.role = raw.role;
  if (raw.identity_file !== undefined) h.identityFile = expandPath(raw.identity_file, ctx);
  if (raw.syncthing !== undefined) h.syncthing = raw.syncthing;
  return h;
}

function headscale(raw: NonNullable<RawTailscale['headscale']>, ctx: BuildContext): HeadscaleConfig {
  let target: HeadscaleConfig['host'];
  if (typeof raw.host === 'string') target = raw.host;
  else {
    target = { address: raw.host.address };
    if (raw.host.user !== undefined) target.user = raw.host.user;
    if (raw.host.port !== undefined) target.port = raw.host.port;
    if (raw.host.identity_file !== undefined) target.identityFile = expandPath(raw.host.identity_file, ctx);
  }
  const out: HeadscaleConfig = {
    host: target,
    expiration: raw.expiration ?? DEFAULTS.headscaleExpiration,
    reusable: raw.reusable ?? true,
  };
  if (raw.user !== undefined) out.user = raw.user;
  return out;
}

function tailscale(raw: RawTailscale, ctx: BuildContext): TailscaleConfig {
  const out: TailscaleConfig = {
    authKeyEnv: raw.auth_key_env,
    tailnetDomain: raw.tailnet_domain,
    defaultTags: raw.default_tags ?? [],
    // Null prototype: a role named `constructor` must not find Object.prototype.constructor.
    roleTags: Object.assign(Object.create(null) as Record<string, string[]>, raw.role_tags ?? {}),
    install: { method: raw.install?.method ?? 'auto', scriptUrl: raw.install?.script_url ?? DEFAULTS.scriptUrl },
  };
  if (raw.install?.min_version !== undefined) out.install.minVersion = raw.install.min_version;
  if (raw.login_server !== undefined) out.loginServer = raw.login_server;
  if (raw.headscale !== undefined) out.headscale = headscale(raw.headscale, ctx);
  if (raw.verify?.ping !== undefined) out.verify = { ping: raw.verify.ping };
  if (raw.windows_watch !== undefined) out.windowsWatchMs = raw.windows_watch;
  return out;
}

function ssh(raw: RawConfig['ssh'], ctx: BuildContext): SshSettings {
  return {
    knownHosts: expandPath(raw?.known_hosts ?? DEFAULTS.knownHosts, ctx),
    hostKeyPolicy: raw?.host_key_policy ?? DEFAULTS.hostKeyPolicy,
    connectTimeoutMs: raw?.connect_timeout ?? DEFAULTS.connectTimeoutMs,
    commandTimeoutMs: raw?.command_timeout ?? DEFAULTS.commandTimeoutMs,
  };
}

/** Checks across fields; throws the first problem as a ConfigError. */
function crossCheck(inv: Inventory, file: string): void {
  const seen = new Map<string, number>();
  inv.hosts.forEach((h, i) => {
    const first = seen.get(h.id);
    if (first !== undefined) {
      throw new ConfigError(`hosts[${i}].id: duplicate id ${show(h.id)} (also hosts[${first}])`, { file, path: `hosts[${i}].id` });
    }
    seen.set(h.id, i);
  });
  const hs = inv.tailscale.headscale;
  if (hs && typeof hs.host === 'string' && !seen.has(hs.host)) {
    throw new ConfigError(
      `${PROVIDER_PREFIX}headscale.host: ${show(hs.host)} is not a host id from hosts: (add it there, or give {address, user, port})`,
      { file, path: 'network.providers.tailscale.headscale.host' },
    );
  }
  if (hs && inv.tailscale.loginServer === undefined) {
    throw new ConfigError(`${PROVIDER_PREFIX}headscale: needs login_server (the Headscale URL the hosts join)`, {
      file,
      path: 'network.providers.tailscale.login_server',
    });
  }
}

export function buildInventory(raw: RawConfig, ctx: BuildContext): Inventory {
  const inv: Inventory = {
    path: ctx.file,
    format: ctx.format,
    provider: 'tailscale',
    tailscale: tailscale(raw.network.providers.tailscale, ctx),
    hosts: (raw.hosts ?? []).map((h) => host(h, ctx)),
    ssh: ssh(raw.ssh, ctx),
    concurrency: raw.concurrency ?? DEFAULTS.concurrency,
    syncthing: raw.syncthing ?? false,
  };
  crossCheck(inv, ctx.file);
  return inv;
}
