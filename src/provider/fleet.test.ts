import { describe, expect, it } from 'vitest';
import { fakeHost, fixture } from '../../test/fake-commander.js';
import type { HostConfig, Inventory } from '../config/types.js';
import type { FleetRun, HostDeps } from './api.js';
import { MeshError } from './errors.js';
import type { EngineEvent } from './events.js';
import { runFleet } from './fleet.js';

const inv: Inventory = {
  path: 'meshtui.yml',
  format: 'meshtui',
  provider: 'tailscale',
  tailscale: { authKeyEnv: 'TS_AUTHKEY', tailnetDomain: 'tail4f2a9c.ts.net', defaultTags: ['tag:server'], roleTags: {}, install: { method: 'auto', scriptUrl: 'https://tailscale.com/install.sh' } },
  hosts: [],
  ssh: { knownHosts: '', hostKeyPolicy: 'strict', connectTimeoutMs: 1000, commandTimeoutMs: 120_000 },
  concurrency: 3,
  syncthing: false,
};
const hosts: HostConfig[] = Array.from({ length: 12 }, (_, i) => ({ id: `h-${String(i).padStart(2, '0')}`, address: `10.0.0.${i}`, tags: [], os: 'auto' }));

function fleetRun(concurrency: number, signal = new AbortController().signal) {
  const events: EngineEvent[] = [];
  const run: FleetRun = { runId: 'r', mode: 'provision', signal, concurrency, emit: (e) => events.push(e) };
  return { run, events };
}

/** Every host is a fake whose status answers after a host-specific delay; tracks hosts in flight. */
function fleetDeps(failing = new Set<string>()) {
  let inFlight = 0;
  const stats = { max: 0, connects: 0 };
  const deps: HostDeps = {
    env: () => 'tskey-auth-x',
    now: () => Date.now(),
    async connect(h) {
      stats.connects += 1;
      inFlight += 1;
      stats.max = Math.max(stats.max, inFlight);
      if (failing.has(h.id)) {
        inFlight -= 1;
        throw new MeshError('ErrSSH', `ssh: connect ECONNREFUSED ${h.address}:22`);
      }
      const fake = fakeHost({ status: [{ stdout: fixture('status-running.json'), delayMs: 5 + ((Number(h.id.slice(2)) * 7) % 20) }] });
      const close = fake.close.bind(fake);
      fake.close = async () => {
        inFlight -= 1;
        await close();
      };
      return fake;
    },
  };
  return { deps, stats };
}

describe('runFleet', () => {
  it('at most `concurrency` hosts in flight; results in input order', async () => {
    const { deps, stats } = fleetDeps();
    const { run } = fleetRun(3);
    const results = await runFleet(inv, hosts, deps, run);
    expect(stats.max).toBeLessThanOrEqual(3);
    expect(stats.max).toBe(3);
    expect(results.map((r) => r.id)).toEqual(hosts.map((h) => h.id));
    expect(results.every((r) => r.status === 'unchanged')).toBe(true);
  });

  it("one host's failure never stops another", async () => {
    const { deps } = fleetDeps(new Set(['h-01', 'h-07']));
    const { run, events } = fleetRun(4);
    const results = await runFleet(inv, hosts, deps, run);
    expect(results.filter((r) => r.status === 'failed').map((r) => r.id)).toEqual(['h-01', 'h-07']);
    expect(results.filter((r) => r.status === 'unchanged')).toHaveLength(10);
    expect(events.filter((e) => e.type === 'host-done')).toHaveLength(12);
  });

  it.each([0, -2, Number.NaN, 1.7])('concurrency %s behaves as at least 1', async (c) => {
    const { deps, stats } = fleetDeps();
    const { run } = fleetRun(c);
    const results = await runFleet(inv, hosts.slice(0, 3), deps, run);
    expect(results).toHaveLength(3);
    expect(stats.max).toBe(1);
  });

  it('cancel mid-run: running hosts end cancelled, queued ones never connect', async () => {
    const ac = new AbortController();
    const { deps, stats } = fleetDeps();
    const { run } = fleetRun(2, ac.signal);
    setTimeout(() => ac.abort(), 3);
    const results = await runFleet(inv, hosts, deps, run);
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.status === 'failed' || r.status === 'unchanged')).toBe(true);
    expect(results.filter((r) => r.error?.code === 'ErrCancelled').length).toBeGreaterThan(8);
    expect(stats.connects).toBeLessThanOrEqual(4);
  });
});
