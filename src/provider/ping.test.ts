import { describe, expect, it } from 'vitest';
import { FakeCommander, fixture } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { MeshError } from './errors.js';
import { describePong, goDurationMs, parsePing, verifyPing } from './ping.js';
import { parseStatus } from './status.js';

const f = (name: string) => fixture(name);

describe('parsePing on every ping fixture', () => {
  it('direct after DERP: the last pong counts', () => {
    const p = parsePing(f('ping-derp-then-direct.txt'), '', 0);
    expect(p).toMatchObject({ kind: 'pong', node: 'db-1', ip: '100.72.220.5', path: 'direct', via: '198.51.100.61:41641', latency: '3ms', latencyMs: 3, directEstablished: true, pongs: 3 });
    expect(describePong(p as Extract<typeof p, { kind: 'pong' }>)).toBe('3ms direct');
  });

  it('DERP only: a pong with directEstablished false (a warning)', () => {
    const p = parsePing(f('ping-derp-only.stdout.txt'), f('ping-derp-only.stderr.txt'), 1);
    expect(p).toMatchObject({ kind: 'pong', path: 'derp', region: 'nyc', latency: '90ms', directEstablished: false, pongs: 10 });
    expect(describePong(p as Extract<typeof p, { kind: 'pong' }>)).toBe('90ms via DERP(nyc)');
  });

  it('IPv6 endpoint, sub-millisecond (0s), peer relay, TSMP (with peerapi port), ICMP', () => {
    expect(parsePing(f('ping-direct-ipv6-endpoint.txt'), '', 0)).toMatchObject({ path: 'direct', via: '[2001:db8:77::12]:41641', latencyMs: 12 });
    expect(parsePing(f('ping-direct-submillisecond.txt'), '', 0)).toMatchObject({ path: 'direct', latency: '0s', latencyMs: 0 });
    const relay = parsePing(f('ping-peer-relay.txt'), '', 0);
    expect(relay).toMatchObject({ path: 'peer-relay', latencyMs: 18 });
    expect(describePong(relay as Extract<typeof relay, { kind: 'pong' }>)).toBe('18ms via peer-relay');
    expect(parsePing(f('ping-tsmp.txt'), '', 0)).toMatchObject({ path: 'tsmp', ip: '100.72.220.5', latencyMs: 2 });
    expect(parsePing(f('ping-icmp.txt'), '', 0)).toMatchObject({ path: 'icmp', latencyMs: 4 });
  });

  it('failures: no reply, no matching peer, unknown host, local, not running', () => {
    expect(parsePing(f('ping-timeout.stdout.txt'), f('ping-timeout.stderr.txt'), 1)).toEqual({ kind: 'no-reply', timeouts: 10 });
    expect(parsePing('', f('ping-no-matching-peer.stderr.txt'), 1)).toEqual({ kind: 'no-peer' });
    expect(parsePing('', f('ping-unknown-host.stderr.txt'), 1)).toEqual({ kind: 'lookup', name: 'nosuchhost', reason: 'lookup nosuchhost on 100.100.100.100:53: no such host' });
    expect(parsePing(f('ping-self.txt'), '', 0)).toEqual({ kind: 'local', ip: '100.101.42.17' });
    expect(parsePing(f('ping-or-status-when-needslogin.txt'), '', 1)).toEqual({ kind: 'not-running', text: 'Logged out.' });
    expect(parsePing(f('ping-or-status-when-stopped.txt'), '', 1)).toEqual({ kind: 'not-running', text: 'Tailscale is stopped.' });
    expect(parsePing('', 'something else\n', 1)).toEqual({ kind: 'unknown', text: 'something else' });
  });

  it('Go durations', () => {
    expect(goDurationMs('1.2s')).toBe(1200);
    expect(goDurationMs('1m2.5s')).toBe(62_500);
    expect(goDurationMs('800µs')).toBeCloseTo(0.8);
    expect(goDurationMs('fast')).toBeNaN();
  });
});

describe('verifyPing', () => {
  const ctxWith = (fake: FakeCommander) => createContext({ commander: fake, hostId: 'app-1' });
  const st = parseStatus(fixture('status-running.json'));

  it('runs `tailscale ping -c 3 TARGET` and reports latency and path', async () => {
    const fake = new FakeCommander().on('tailscale ping -c 3 db-1', { stdout: f('ping-derp-then-direct.txt') });
    expect(await verifyPing(ctxWith(fake), 'db-1')).toEqual({ detail: 'ping db-1: 3ms direct', fact: '3ms direct' });
  });

  it('DERP only is a warning, not a failure', async () => {
    const fake = new FakeCommander().on(/tailscale ping/, { stdout: f('ping-derp-only.stdout.txt'), stderr: f('ping-derp-only.stderr.txt'), code: 1 });
    const r = await verifyPing(ctxWith(fake), '100.115.3.88');
    expect(r.fact).toBe('90ms via DERP(nyc)');
    expect(r.detail).toMatch(/warning: direct connection not established/);
  });

  it('no reply fails with ErrTimeout naming the target', async () => {
    const fake = new FakeCommander().on(/tailscale ping/, { stdout: f('ping-timeout.stdout.txt'), stderr: f('ping-timeout.stderr.txt'), code: 1 });
    const e = await verifyPing(ctxWith(fake), 'ctl').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MeshError);
    expect(e).toMatchObject({ code: 'ErrTimeout', causeId: 'ping-no-reply', message: 'tailscale provider: app-1 joined but gets no reply from ctl (tailscale ping -c 3)' });
  });

  it('a target not in the tailnet is a warning', async () => {
    const fake = new FakeCommander()
      .on('tailscale ping -c 3 100.99.0.1', { stderr: f('ping-no-matching-peer.stderr.txt'), code: 1 })
      .on('tailscale ping -c 3 nosuchhost', { stderr: f('ping-unknown-host.stderr.txt'), code: 1 });
    expect((await verifyPing(ctxWith(fake), '100.99.0.1')).fact).toBe('no matching peer');
    expect((await verifyPing(ctxWith(fake), 'nosuchhost')).detail).toMatch(/cannot look up nosuchhost .*\(warning\)$/);
  });

  it('skips pinging itself and a peer the status shows offline, without running anything', async () => {
    const fake = new FakeCommander();
    expect((await verifyPing(ctxWith(fake), 'app-1')).fact).toBe('self');
    const offline = st.peers.find((p) => !p.online)!;
    const label = offline.dnsName.split('.')[0]!;
    expect((await verifyPing(ctxWith(fake), label, st)).detail).toBe(`ping ${label}: skipped, the tailnet shows it offline (warning)`);
    expect((await verifyPing(ctxWith(fake), st.self.tailscaleIPs[0]!, st)).fact).toBe('self');
    expect(fake.calls).toHaveLength(0);
  });
});
