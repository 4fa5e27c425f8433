/**
 * Provider config parsing (spec §3.3). src/config validates the file with zod and hands us a typed
 * TailscaleConfig; the provider still validates what it is given (spec: "Validation occurs during
 * provider config parsing, before any remote operations"), and also accepts the raw YAML block
 * (snake_case keys) or YAML text, so it can be used on its own as the spec's `Config any`.
 */
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import type { TailscaleConfig } from '../config/types.js';
import { parseDurationMs } from '../config/duration.js';
import { MeshError } from './errors.js';

export const DEFAULT_SCRIPT_URL = 'https://tailscale.com/install.sh';
const PREFIX = 'tailscale provider: invalid config';

export function configError(reason: string): MeshError {
  return new MeshError('ErrConfigInvalid', `${PREFIX}: ${reason}`, {
    remedy: 'fix network.providers.tailscale in the config file (meshtui validate checks it without touching hosts)',
  });
}

type Raw = Record<string, unknown>;

function pick(o: Raw, camel: string, snake: string): unknown {
  return o[camel] !== undefined ? o[camel] : o[snake];
}

function str(o: Raw, camel: string, snake: string): string | undefined {
  const v = pick(o, camel, snake);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw configError(`${snake} must be a string`);
  return v.trim();
}

function tagList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw configError(`${field} must be a list of tags`);
  return v.map((t) => validateTag(t));
}

/** Spec §3.3: every tag must start with `tag:`. */
export function validateTag(t: unknown): string {
  if (typeof t !== 'string' || !t.startsWith('tag:') || t.length <= 4) {
    throw configError(`tag ${String(t)} must start with tag: prefix`);
  }
  return t;
}

/** Parse and validate the provider config; throws ErrConfigInvalid with the spec's texts. */
export function parseProviderConfig(input: unknown): TailscaleConfig {
  let raw: unknown = input;
  if (typeof raw === 'string') {
    try {
      raw = parseYaml(raw);
    } catch (e) {
      throw configError(firstLine((e as Error).message));
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError('expected a mapping');
  const o = raw as Raw;

  const authKeyEnv = str(o, 'authKeyEnv', 'auth_key_env');
  if (!authKeyEnv) throw configError('auth_key_env is required');
  const tailnetDomain = str(o, 'tailnetDomain', 'tailnet_domain')?.replace(/\.$/, '');
  if (!tailnetDomain) throw configError('tailnet_domain is required');
  if (/[\s/:@]/.test(tailnetDomain)) throw configError(`tailnet_domain ${tailnetDomain} is not a domain name`);

  const loginServer = str(o, 'loginServer', 'login_server') || undefined;
  if (loginServer !== undefined && !/^https?:\/\/[^\s]+$/.test(loginServer)) {
    throw configError(`login_server ${loginServer} must be an http(s) URL`);
  }

  const defaultTags = tagList(pick(o, 'defaultTags', 'default_tags'), 'default_tags');
  const rolesRaw = pick(o, 'roleTags', 'role_tags') ?? {};
  if (typeof rolesRaw !== 'object' || Array.isArray(rolesRaw)) throw configError('role_tags must be a mapping');
  const roleTags: Record<string, string[]> = {};
  for (const [role, tags] of Object.entries(rolesRaw as Raw)) roleTags[role] = tagList(tags, `role_tags.${role}`);

  const inst = (pick(o, 'install', 'install') ?? {}) as Raw;
  if (typeof inst !== 'object' || Array.isArray(inst)) throw configError('install must be a mapping');
  const method = str(inst, 'method', 'method') ?? 'auto';
  if (method !== 'auto' && method !== 'skip') throw configError(`install.method must be auto or skip, not ${method}`);
  const minRaw = pick(inst, 'minVersion', 'min_version');
  const minVersion = minRaw === undefined || minRaw === null || minRaw === '' ? undefined : String(minRaw).trim();
  if (minVersion !== undefined && !semver.valid(minVersion)) {
    throw configError(`install.min_version ${minVersion} is not a semantic version (want X.Y.Z)`);
  }
  const scriptUrl = str(inst, 'scriptUrl', 'script_url') || DEFAULT_SCRIPT_URL;
  if (!/^https?:\/\/[^\s]+$/.test(scriptUrl)) throw configError(`install.script_url ${scriptUrl} must be an http(s) URL`);

  const cfg: TailscaleConfig = {
    authKeyEnv,
    tailnetDomain,
    defaultTags,
    roleTags,
    install: { method, scriptUrl, ...(minVersion ? { minVersion } : {}) },
  };
  if (loginServer) cfg.loginServer = loginServer;
  const hs = pick(o, 'headscale', 'headscale');
  if (hs && typeof hs === 'object') cfg.headscale = hs as TailscaleConfig['headscale'];
  const verify = pick(o, 'verify', 'verify');
  if (verify !== undefined && verify !== null) {
    if (typeof verify !== 'object' || Array.isArray(verify)) throw configError('verify must be a mapping');
    const ping = str(verify as Raw, 'ping', 'ping');
    if (ping) cfg.verify = { ping };
  }
  const watch = windowsWatchMs(o);
  if (watch !== undefined) cfg.windowsWatchMs = watch;
  return cfg;
}

/** `windowsWatchMs` (ms), or the file's `windows_watch` duration; 0 turns the watch off. */
function windowsWatchMs(o: Raw): number | undefined {
  if (typeof o.windowsWatchMs === 'number' && Number.isFinite(o.windowsWatchMs) && o.windowsWatchMs >= 0) return o.windowsWatchMs;
  const v = o.windows_watch;
  if (v === undefined || v === null) return undefined;
  if (v === 0 || v === '0' || v === '0s') return 0;
  const ms = parseDurationMs(v);
  if (typeof ms === 'string') throw configError(`windows_watch: ${ms}`);
  return ms;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
