/** `tailscale up` flags (Linux, v1.102) and the prefs they map to. */
import type { FlagSpec } from './flags.js';

export const DEFAULT_CONTROL = 'https://controlplane.tailscale.com';

export const UP_FLAGS: readonly FlagSpec[] = [
  { name: 'accept-dns', kind: 'bool', def: 'true', usage: 'accept DNS configuration from the admin panel' },
  { name: 'accept-risk', kind: 'string', usage: 'accept risk and skip confirmation for risk types: lose-ssh,all' },
  { name: 'accept-routes', kind: 'bool', def: 'false', usage: 'accept routes advertised by other Tailscale nodes' },
  { name: 'advertise-connector', kind: 'bool', def: 'false', usage: 'advertise this node as an app connector' },
  { name: 'advertise-exit-node', kind: 'bool', def: 'false', usage: 'offer to be an exit node for internet traffic for the tailnet' },
  { name: 'advertise-routes', kind: 'string', usage: 'routes to advertise to other nodes (comma-separated, e.g. "10.0.0.0/8,192.168.0.0/24") or empty string to not advertise routes' },
  { name: 'advertise-tags', kind: 'string', usage: 'comma-separated ACL tags to request; each must start with "tag:" (e.g. "tag:eng,tag:montreal,tag:ssh")' },
  { name: 'auth-key', kind: 'string', usage: 'node authorization key; if it begins with "file:", then it\'s a path to a file containing the authkey' },
  { name: 'exit-node', kind: 'string', usage: 'Tailscale exit node (IP or base name) for internet traffic, or empty string to not use an exit node' },
  { name: 'exit-node-allow-lan-access', kind: 'bool', def: 'false', usage: 'Allow direct access to the local network when routing traffic via an exit node' },
  { name: 'force-reauth', kind: 'bool', def: 'false', usage: 'force reauthentication' },
  { name: 'host-routes', kind: 'bool', usage: 'install host routes to other Tailscale nodes (must be true as of Tailscale 1.67+)' },
  { name: 'hostname', kind: 'string', usage: 'hostname to use instead of the one provided by the OS' },
  { name: 'json', kind: 'bool', def: 'false', usage: 'output in JSON format (WARNING: format subject to change)' },
  { name: 'login-server', kind: 'string', def: DEFAULT_CONTROL, usage: 'base URL of control server' },
  { name: 'netfilter-mode', kind: 'string', def: 'on', usage: 'netfilter mode (one of on, nodivert, off)' },
  { name: 'operator', kind: 'string', usage: 'Unix username to allow to operate on tailscaled without sudo' },
  { name: 'qr', kind: 'bool', def: 'false', usage: 'show QR code for login URLs' },
  { name: 'reset', kind: 'bool', def: 'false', usage: 'reset unspecified settings to their default values' },
  { name: 'shields-up', kind: 'bool', def: 'false', usage: "don't allow incoming connections" },
  { name: 'snat-subnet-routes', kind: 'bool', def: 'true', usage: 'source NAT traffic to local routes advertised with --advertise-routes' },
  { name: 'ssh', kind: 'bool', def: 'false', usage: "run an SSH server, permitting access per tailnet admin's declared policy" },
  { name: 'stateful-filtering', kind: 'bool', def: 'false', usage: 'apply stateful filtering to forwarded packets (subnet routers, exit nodes, etc.)' },
  { name: 'timeout', kind: 'duration', def: '0s', usage: 'maximum amount of time to wait for tailscaled to enter a Running state; default (0s) blocks forever' },
];

const PREFLESS = new Set(['auth-key', 'force-reauth', 'reset', 'qr', 'json', 'timeout', 'accept-risk', 'host-routes']);

export const PREF_FLAGS = UP_FLAGS.filter((f) => !PREFLESS.has(f.name));

export const isPrefless = (name: string): boolean => PREFLESS.has(name);

export const isBoolFlag = (name: string): boolean => UP_FLAGS.some((f) => f.name === name && f.kind === 'bool');

/** Every pref flag's default, as the canonical string the simulator stores. */
export const PREF_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  PREF_FLAGS.map((f) => [f.name, f.def ?? '']),
);

export function isLoginServerSynonym(url: string): boolean {
  const u = url.replace(/\/+$/, '');
  return u === DEFAULT_CONTROL || u === 'https://login.tailscale.com';
}

/** Stored prefs of a node that ran `up --hostname=H --advertise-tags=T [--login-server=L]`. */
export function prefsFor(hostname: string, tags: readonly string[], loginServer: string | null): Record<string, string> {
  const p: Record<string, string> = { 'login-server': loginServer ?? DEFAULT_CONTROL };
  if (hostname) p.hostname = hostname;
  if (tags.length > 0) p['advertise-tags'] = tags.join(',');
  return p;
}

function shellQuote(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** up.go fmtFlagValueArg. */
export function fmtFlagValueArg(name: string, value: string): string {
  if (isBoolFlag(name)) return value === 'true' ? `--${name}` : `--${name}=${value}`;
  if (value === '') return `--${name}=`;
  return `--${name}=${shellQuote(value)}`;
}
