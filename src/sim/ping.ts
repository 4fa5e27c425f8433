/** `tailscale ping` (cmd/tailscale/cli/ping.go; FORMATS.md §7). */
import { FlagError, parseFlags, usageText, type FlagSpec } from './flags.js';
import { dnsLabel, identity } from './node.js';
import { int } from './rand.js';
import { failure, result } from './result.js';
import * as T from './texts.js';
import type { SimCtx, SimPeer, SimResult } from './types.js';

const PING_FLAGS: readonly FlagSpec[] = [
  { name: 'c', kind: 'int', def: '10', usage: 'max number of pings to send. 0 for infinity.' },
  { name: 'icmp', kind: 'bool', def: 'false', usage: 'do a ICMP-level ping (through WireGuard, but not the local host OS stack)' },
  { name: 'peerapi', kind: 'bool', def: 'false', usage: 'try hitting the peer\'s peerapi HTTP server' },
  { name: 'size', kind: 'int', def: '0', usage: 'size of the ping message (disco pings only). 0 for minimum size.' },
  { name: 'timeout', kind: 'duration', def: '5s', usage: 'timeout before giving up on a ping' },
  { name: 'tsmp', kind: 'bool', def: 'false', usage: 'do a TSMP-level ping (through WireGuard, but not either host OS stack)' },
  { name: 'until-direct', kind: 'bool', def: 'true', usage: 'stop once a direct path is established' },
  { name: 'verbose', kind: 'bool', def: 'false', usage: 'verbose output' },
];

const looksLikeIp = (s: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(s) || s.includes(':');

function findPeer(peers: readonly SimPeer[], target: string, suffix: string): SimPeer | undefined {
  const t = target.toLowerCase().replace(/\.$/, '');
  return peers.find((p) => {
    const label = dnsLabel(p.hostName);
    return p.ip === target || label === t || `${label}.${suffix}` === t;
  });
}

export function simPing(args: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  let parsed;
  try {
    parsed = parseFlags(PING_FLAGS, args);
  } catch (e) {
    return failure(h, `${(e as FlagError).message}\n${usageText('ping', PING_FLAGS)}`, 2);
  }
  if (parsed.positional.length !== 1) return failure(h, 'usage: tailscale ping <hostname-or-IP>\n');
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);
  if (h.backendState !== 'Running' || !h.tailnet) {
    return result(h, { stdout: T.notRunningText(h.backendState, ''), code: 1 });
  }
  const target = parsed.positional[0]!;
  const me = identity(h, h.tailnet);
  const selfNames = [me.ipv4, me.ipv6, dnsLabel(h.hostname), `${dnsLabel(h.hostname)}.${h.tailnet.magicDNSSuffix}`];
  if (selfNames.includes(target.toLowerCase().replace(/\.$/, ''))) {
    return result(h, { stdout: `${looksLikeIp(target) ? target : me.ipv4} is local Tailscale IP\n` });
  }
  const peer = findPeer(h.peers, target, h.tailnet.magicDNSSuffix);
  if (!peer) {
    if (looksLikeIp(target)) return failure(h, 'no matching peer\n');
    return failure(h, `error looking up IP of ${JSON.stringify(target)}: lookup ${target} on 100.100.100.100:53: no such host\n`);
  }
  const v = parsed.values;
  const count = Number(v.get('c') ?? '10') || 10;
  const name = dnsLabel(peer.hostName);
  if (!peer.online) {
    return result(h, { stdout: `ping "${peer.ip}" timed out\n`.repeat(count), stderr: 'no reply\n', code: 1 });
  }
  const ms = (i: number, lo: number, hi: number) => `${int(`${peer.hostName} ping ${i}`, lo, hi)}ms`;
  if (v.get('tsmp') === 'true') {
    return result(h, { stdout: `pong from ${name} (${peer.ip}, ${int(`${peer.hostName} papi4`, 32768, 60999)}) via TSMP in ${ms(0, 1, 9)}\n` });
  }
  if (v.get('icmp') === 'true') return result(h, { stdout: `pong from ${name} (${peer.ip}) via ICMP in ${ms(0, 1, 9)}\n` });
  const untilDirect = v.get('until-direct') !== 'false';
  if (peer.curAddr && untilDirect) {
    return result(h, { stdout: `pong from ${name} (${peer.ip}) via ${peer.curAddr} in ${ms(0, 1, 9)}\n` });
  }
  let stdout = '';
  for (let i = 0; i < count; i++) stdout += `pong from ${name} (${peer.ip}) via DERP(${peer.relay}) in ${ms(i, 20, 90)}\n`;
  if (!untilDirect) return result(h, { stdout });
  return result(h, { stdout, stderr: 'direct connection not established\n', code: 1 });
}
