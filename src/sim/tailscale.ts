/** The `tailscale` CLI: argv in, the real texts and exit codes out. Pure: no IO, no clock. */
import { FlagError, parseFlags, usageText, type FlagSpec } from './flags.js';
import { identity } from './node.js';
import { simPing } from './ping.js';
import { failure, result } from './result.js';
import { statusJson, statusTable } from './status.js';
import * as T from './texts.js';
import type { SimCtx, SimHost, SimResult } from './types.js';
import { simUp } from './up.js';
import { longVersion, versionJson, versionText } from './version.js';

const VERSION_FLAGS: readonly FlagSpec[] = [
  { name: 'daemon', kind: 'bool', def: 'false', usage: 'also print local node\'s daemon version' },
  { name: 'json', kind: 'bool', def: 'false', usage: 'output in JSON format' },
  { name: 'upstream', kind: 'bool', def: 'false', usage: 'fetch and print the latest upstream release version from pkgs.tailscale.com' },
];
const STATUS_FLAGS: readonly FlagSpec[] = [
  { name: 'active', kind: 'bool', def: 'false', usage: 'filter output to only peers with active sessions (not applicable to web mode)' },
  { name: 'json', kind: 'bool', def: 'false', usage: 'output in JSON format (WARNING: format subject to change)' },
  { name: 'peers', kind: 'bool', def: 'true', usage: 'show status of peers' },
  { name: 'self', kind: 'bool', def: 'true', usage: 'show status of local machine' },
];
const NO_FLAGS: readonly FlagSpec[] = [];
const IP_FLAGS: readonly FlagSpec[] = [
  { name: '1', kind: 'bool', def: 'false', usage: 'only print one IP address' },
  { name: '4', kind: 'bool', def: 'false', usage: 'only print IPv4 address' },
  { name: '6', kind: 'bool', def: 'false', usage: 'only print IPv6 address' },
];

function flagsOr(h: SimHost, cmd: string, specs: readonly FlagSpec[], args: readonly string[]) {
  try {
    return parseFlags(specs, args);
  } catch (e) {
    return failure(h, `${(e as FlagError).message}\n${usageText(cmd, specs)}`, 2);
  }
}

function version(args: readonly string[], h: SimHost): SimResult {
  const p = flagsOr(h, 'version', VERSION_FLAGS, args);
  if ('state' in p) return p;
  const daemon = p.values.get('daemon') === 'true';
  if (daemon && !h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  if (p.values.get('json') === 'true') return result(h, { stdout: versionJson(h.version, daemon ? longVersion(h.version) : undefined) });
  const text = versionText(h.version);
  return result(h, { stdout: daemon ? `Client: ${text}Daemon: ${longVersion(h.version)}\n` : text });
}

function status(args: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const p = flagsOr(h, 'status', STATUS_FLAGS, args);
  if ('state' in p) return p;
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  const v = p.values;
  if (v.get('json') === 'true') {
    return result(h, { stdout: statusJson(h, ctx.now(), { peers: v.get('peers') !== 'false', active: v.get('active') === 'true' }) });
  }
  if (h.backendState !== 'Running' && h.backendState !== 'Starting') {
    return result(h, { stdout: T.notRunningText(h.backendState, ''), code: 1 });
  }
  return result(h, { stdout: statusTable(h) });
}

function logout(args: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const p = flagsOr(h, 'logout', NO_FLAGS, args);
  if ('state' in p) return p;
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  if (ctx.uid !== 0) return failure(h, T.accessDenied('logout', ['logout', ...args]));
  return result({
    ...h,
    loggedIn: false,
    backendState: 'NeedsLogin',
    tailnet: null,
    tags: [],
    prefs: {},
    loginServer: null,
    hostname: h.osHostname,
    createdAt: null,
  });
}

function down(args: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const p = flagsOr(h, 'down', NO_FLAGS, args);
  if ('state' in p) return p;
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  if (ctx.uid !== 0) return failure(h, T.accessDenied('prefs', ['down', ...args]));
  return result(h.loggedIn ? { ...h, backendState: 'Stopped' } : h);
}

function ip(args: readonly string[], h: SimHost): SimResult {
  const p = flagsOr(h, 'ip', IP_FLAGS, args);
  if ('state' in p) return p;
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  if (!h.loggedIn || !h.tailnet) return failure(h, `no current Tailscale IPs; state: ${h.backendState}\n`);
  const me = identity(h, h.tailnet);
  const v = p.values;
  let ips = [me.ipv4, me.ipv6];
  if (v.get('4') === 'true') ips = [me.ipv4];
  else if (v.get('6') === 'true') ips = [me.ipv6];
  else if (v.get('1') === 'true') ips = [me.ipv4];
  return result(h, { stdout: ips.join('\n') + '\n' });
}

/** Runs `tailscale ARGV...` (argv without the program name) on ctx.host. */
export function simTailscale(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  if (!h.installed) {
    return ctx.viaSudo ? failure(h, T.NOT_FOUND_SUDO('tailscale'), 1) : failure(h, T.NOT_FOUND_SH('tailscale'), 127);
  }
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'version':
      return version(rest, h);
    case '--version':
    case '-version':
    case '-V':
      return version([], h);
    case 'status':
      return status(rest, ctx);
    case 'up':
      return simUp(rest, ctx);
    case 'logout':
      return logout(rest, ctx);
    case 'down':
      return down(rest, ctx);
    case 'ping':
      return simPing(rest, ctx);
    case 'ip':
      return ip(rest, h);
    case undefined:
      return failure(h, 'USAGE\n  tailscale [flags] <subcommand> [command flags]\n', 0);
    default:
      return failure(h, `tailscale: unknown subcommand: ${cmd}\n`, 1);
  }
}
