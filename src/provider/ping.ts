/**
 * `tailscale ping -c 3 TARGET` after a join (FORMATS.md §7): latency and path. By default ping stops
 * at the first direct pong, so "DERP, DERP, direct" is three lines and exit 0; three DERP pongs end
 * with `direct connection not established` (exit 1), which is a warning here: the mesh works, via
 * a relay. `no reply` means the target is known and online but unreachable: a failure. A target
 * the tailnet does not know (`no matching peer`, a MagicDNS lookup failure) is a warning: it may
 * be a host provisioned later in the same run.
 */
import type { ProviderContext } from './context.js';
import { MeshError } from './errors.js';
import type { TailscaleStatus } from './status.js';

export type PingPath = 'direct' | 'derp' | 'peer-relay' | 'tsmp' | 'icmp';

export type PingOutcome =
  | { kind: 'pong'; node: string; ip: string; path: PingPath; via: string; region?: string; latency: string; latencyMs: number; directEstablished: boolean; pongs: number }
  | { kind: 'local'; ip: string }
  | { kind: 'no-reply'; timeouts: number }
  | { kind: 'no-peer' }
  | { kind: 'lookup'; name: string; reason: string }
  | { kind: 'not-running'; text: string }
  | { kind: 'unknown'; text: string };

const PONG = /^pong from (\S+) \(([^,)]+)(?:, \d+)?\) via (.+) in (\S+)$/;
const NOT_RUNNING = /^(Tailscale is stopped\.|Logged out\.|Machine is not yet approved by tailnet admin\.|unexpected state: \S+)/m;

/** A Go time.Duration as printed (`24ms`, `0s`, `1.2s`, `1m2.5s`, `800µs`) in ms; NaN when not one. */
export function goDurationMs(s: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(s)) return Number.NaN;
  let total = 0;
  for (const p of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(p[1]) * units[p[2]!]!;
  return total;
}

function pathOf(via: string): { path: PingPath; region?: string } {
  const derp = /^DERP\(([^)]*)\)$/.exec(via);
  if (derp) return { path: 'derp', region: derp[1] };
  if (/^peer-relay\(/.test(via)) return { path: 'peer-relay' };
  if (via === 'TSMP') return { path: 'tsmp' };
  if (via === 'ICMP') return { path: 'icmp' };
  return { path: 'direct' };
}

export function parsePing(stdout: string, stderr: string, code: number): PingOutcome {
  const out = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const err = stderr.trim();
  const pongs = out.flatMap((l) => {
    const m = PONG.exec(l);
    return m ? [m] : [];
  });
  const last = pongs.at(-1);
  if (last) {
    const { path, region } = pathOf(last[3]!);
    const directEstablished = !/direct connection not established/.test(err) && (path !== 'derp' || code === 0);
    return { kind: 'pong', node: last[1]!, ip: last[2]!, path, via: last[3]!, ...(region !== undefined ? { region } : {}), latency: last[4]!, latencyMs: goDurationMs(last[4]!), directEstablished, pongs: pongs.length };
  }
  const local = /^(\S+) is local Tailscale IP$/m.exec(stdout);
  if (local) return { kind: 'local', ip: local[1]! };
  if (/^no reply$/m.test(err)) return { kind: 'no-reply', timeouts: out.filter((l) => /^ping ".*" timed out$/.test(l)).length };
  if (/no matching peer/.test(err + stdout)) return { kind: 'no-peer' };
  const lookup = /error looking up IP of "([^"]*)": (.*)/.exec(`${err}\n${stdout}`);
  if (lookup) return { kind: 'lookup', name: lookup[1]!, reason: lookup[2]!.trim() };
  const nr = NOT_RUNNING.exec(stdout) ?? NOT_RUNNING.exec(err);
  if (nr) return { kind: 'not-running', text: nr[1]! };
  return { kind: 'unknown', text: (err || stdout.trim() || `exit ${code}`).split('\n')[0]!.slice(0, 200) };
}

/** For the host list: `12ms direct`, `48ms via DERP(fra)`, `18ms via peer-relay`. */
export function describePong(p: Extract<PingOutcome, { kind: 'pong' }>): string {
  if (p.path === 'direct') return `${p.latency} direct`;
  if (p.path === 'peer-relay') return `${p.latency} via peer-relay`;
  return `${p.latency} via ${p.via}`;
}

export const pingArgv = (target: string): string[] => ['tailscale', 'ping', '-c', '3', target];

export interface PingReport {
  /** For the verify step's detail, e.g. `ping ctl: 3ms direct`. */
  detail: string;
  /** For the host's facts (`ping`). */
  fact: string;
}

const labelOf = (s: string) => s.toLowerCase().replace(/\.$/, '').split('.')[0] ?? '';

/** Is `target` this host, or a peer that status already shows offline? */
function fromStatus(st: TailscaleStatus | undefined, hostId: string, target: string): 'self' | 'offline' | null {
  const t = target.toLowerCase().replace(/\.$/, '');
  const is = (n: TailscaleStatus['self']) => n.tailscaleIPs.includes(target) || n.dnsName.toLowerCase() === t || labelOf(n.dnsName) === t;
  if (t === hostId.toLowerCase() || (st && is(st.self))) return 'self';
  const peer = st?.peers.find(is);
  return peer && !peer.online ? 'offline' : null;
}

/** Ping `target` from the host; a warning goes in the detail, only `no reply` fails. */
export async function verifyPing(ctx: ProviderContext, target: string, st?: TailscaleStatus): Promise<PingReport> {
  const pre = fromStatus(st, ctx.hostId, target);
  if (pre === 'self') return { detail: `ping: skipped (${target} is this host)`, fact: 'self' };
  if (pre === 'offline') return { detail: `ping ${target}: skipped, the tailnet shows it offline (warning)`, fact: `${target} offline` };
  const res = await ctx.run(pingArgv(target), { timeoutMs: Math.max(45_000, Math.min(ctx.commandTimeoutMs, 120_000)) });
  const p = parsePing(res.stdout, res.stderr, res.code);
  switch (p.kind) {
    case 'pong': {
      const fact = describePong(p);
      const warn = p.directEstablished ? '' : ' (warning: direct connection not established, traffic goes through the relay)';
      return { detail: `ping ${target}: ${fact}${warn}`, fact };
    }
    case 'local':
      return { detail: `ping: skipped (${target} is this host)`, fact: 'self' };
    case 'no-reply':
      throw new MeshError('ErrTimeout', `tailscale provider: ${ctx.hostId} joined but gets no reply from ${target} (tailscale ping -c 3)`, {
        cause: 'ping-no-reply',
        remedy: `${target} is in the tailnet but unreachable from ${ctx.hostId}: check that it is up (tailscale status), that UDP 41641 or a DERP relay is reachable, and the tailnet's ACLs`,
        detail: { target },
      });
    case 'no-peer':
      return { detail: `ping ${target}: no matching peer, ${target} is not in ${ctx.hostId}'s tailnet (yet) (warning)`, fact: 'no matching peer' };
    case 'lookup':
      return { detail: `ping ${target}: cannot look up ${p.name} (${p.reason}): not a node of this tailnet (yet)? (warning)`, fact: `cannot resolve ${p.name}` };
    case 'not-running':
      return { detail: `ping ${target}: not run, tailscale says "${p.text}" (warning)`, fact: 'not running' };
    default:
      return { detail: `ping ${target}: ${p.text} (warning)`, fact: 'failed' };
  }
}
