import { describe, expect, it } from 'vitest';
import { fakeHost, fixture } from '../../../test/fake-commander.js';
import { fakeWindowsHost } from '../../../test/fake-windows.js';
import { factsOf, KEY_SHAPED, trail, WIN_HOST, WIN_KEY, winDeps, winInventory, winRun } from '../../../test/windows-kit.js';
import type { HostConfig } from '../../config/types.js';
import { installedWindowsHost, type IpnBehaviour, type SimWindowsHost } from '../../sim/windows.js';
import { MeshError } from '../errors.js';
import type { EngineEvent } from '../events.js';
import { runFleet } from '../fleet.js';
import { provisionHost } from '../provision.js';
import { JOIN_KEY_PATH, JOIN_SCRIPT_PATH, OPERATOR_COMMAND } from './scripts.js';

const KEYS = { validKeys: [WIN_KEY], reusableKeys: [WIN_KEY] };
const host = (ipn: IpnBehaviour = 'drops-after-up', over: Partial<SimWindowsHost> = {}) => installedWindowsHost('win-1', { ...KEYS, ...over }, { ipn });

describe('watching a Windows host for its operator', () => {
  it('the operator runs the script → the watch sees the join and the host ends ok', async () => {
    const fw = fakeWindowsHost(host());
    const { run, events } = winRun();
    // sleep 1 is the settle after `up`; 2 and 3 are polls: the operator acts during the third.
    const deps = winDeps(async () => fw.fake, { onSleep: (n) => void (n === 3 && fw.operatorRuns()) });
    const r = await provisionHost(winInventory(), WIN_HOST, deps, run);
    expect(r).toMatchObject({ status: 'ok', changed: true, error: null, fqdn: 'win-1.example.ts.net' });
    expect(trail(events).slice(-5)).toEqual(['join:running', 'join:needs-action', 'operator:running', 'operator:changed', 'fqdn:ok']);
    const waiting = events.find((e) => e.type === 'step' && e.step === 'operator' && e.status === 'running');
    expect(waiting).toMatchObject({ detail: `waiting for the operator to run ${JOIN_SCRIPT_PATH} on win-1 in an interactive session (RDP or console): ${OPERATOR_COMMAND}` });
    expect(factsOf(events)).toMatchObject({ actionCommand: OPERATOR_COMMAND, actionScript: JOIN_SCRIPT_PATH, fqdn: 'win-1.example.ts.net' });
    expect(events.at(-1)).toMatchObject({ type: 'host-done', result: { status: 'ok' } });
    expect(events.filter((e) => e.type === 'host-done')).toHaveLength(1);
    expect(deps.clock.sleeps).toEqual([5_000, 5_000, 5_000]);
    // Polls are quiet: no command events after the join step.
    const afterJoin = events.slice(events.findIndex((e) => e.type === 'step' && e.step === 'operator'));
    expect(afterJoin.some((e) => e.type === 'command')).toBe(false);
    expect(fw.state().windows.files[JOIN_KEY_PATH]).toBeUndefined();
    expect(fw.state().windows.operatorRuns).toBe(1);
    expect(JSON.stringify(events)).not.toMatch(KEY_SHAPED);
    expect(fw.fake.closed).toBe(1);
    expect(r.durationMs).toBe(deps.clock.t - 1_000_000);
  });

  it('the operator gives up (the run is aborted) → stays needs-action, the script still in place, and says so', async () => {
    const fw = fakeWindowsHost(host('hang'));
    const ac = new AbortController();
    const { run, events } = winRun('provision', ac.signal);
    const deps = winDeps(async () => fw.fake, { onSleep: (n) => void (n === 2 && ac.abort()) });
    const r = await provisionHost(winInventory(), WIN_HOST, deps, run);
    expect(r.status).toBe('needs-action');
    expect(r.error).toMatchObject({ code: 'ErrWindowsInteractive', cause: 'windows-up-timeout' });
    expect(r.error!.remedy).toMatch(/^meshtui stopped watching: the watch was stopped\. C:\\temp\\join-mesh\.ps1 is still on win-1: run powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh\.ps1 there/);
    expect(r.error!.remedy).toContain(`The key file ${JOIN_KEY_PATH} stays until the script runs: delete it if you give up`);
    expect(trail(events).slice(-2)).toEqual(['operator:running', 'operator:needs-action']);
    expect(events.at(-1)).toMatchObject({ type: 'host-done', result: { status: 'needs-action' } });
    expect(fw.state().windows.files[JOIN_SCRIPT_PATH]).toBeDefined();
    expect(fw.fake.closed).toBe(1);
  });

  it('windows_watch bounds the watch', async () => {
    const fw = fakeWindowsHost(host('ipn-not-connected'));
    const { run } = winRun();
    const deps = winDeps(async () => fw.fake);
    const r = await provisionHost(winInventory({ windowsWatchMs: 12_000 }), WIN_HOST, deps, run);
    expect(r.status).toBe('needs-action');
    expect(r.error!.remedy).toContain('no join within 12s (windows_watch)');
    expect(deps.clock.sleeps).toEqual([5_000, 5_000, 2_000]);
  });

  it("the UI's per-host watchSignal stops one watch without cancelling the run", async () => {
    const fw = fakeWindowsHost(host());
    const stop = new AbortController();
    const { run } = winRun();
    const deps = { ...winDeps(async () => fw.fake, { onSleep: (n) => void (n === 2 && stop.abort()) }), watchSignal: (id: string) => (id === 'win-1' ? stop.signal : undefined) };
    const r = await provisionHost(winInventory(), WIN_HOST, deps, run);
    expect(r.status).toBe('needs-action');
    expect(run.signal.aborted).toBe(false);
  });

  it('the node comes up with the wrong tags → failed with the tag mismatch', async () => {
    const fw = fakeWindowsHost(host());
    const { run } = winRun();
    const deps = winDeps(async () => fw.fake, {
      onSleep: (n) => {
        if (n !== 2) return;
        fw.operatorRuns();
        fw.set({ tags: ['tag:other'] });
      },
    });
    const r = await provisionHost(winInventory(), WIN_HOST, deps, run);
    expect(r).toMatchObject({ status: 'failed', error: { code: 'ErrTagMismatch' } });
  });

  it('a dropped connection during the watch: reconnects and keeps watching', async () => {
    const fw = fakeWindowsHost(host());
    let connects = 0;
    let drop = false;
    fw.fake.override(() => drop, () => ((drop = false), { throws: new MeshError('ErrSSH', 'ssh: connection to win-1 lost during: Invoke-Expression') }));
    const { run } = winRun();
    const deps = winDeps(async () => (connects++, fw.fake), {
      onSleep: (n) => {
        if (n === 2) drop = true;
        if (n === 3) fw.operatorRuns();
      },
    });
    const r = await provisionHost(winInventory(), WIN_HOST, deps, run);
    expect(r.status).toBe('ok');
    expect(connects).toBe(2);
  });

  it('windows_watch: 0 → no watch: needs-action at once', async () => {
    const fw = fakeWindowsHost(host());
    const { run, events } = winRun();
    const r = await provisionHost(winInventory({ windowsWatchMs: 0 }), WIN_HOST, winDeps(async () => fw.fake), run);
    expect(r.status).toBe('needs-action');
    expect(trail(events).some((s) => s.startsWith('operator'))).toBe(false);
  });
});

describe('runFleet: a watching host releases its concurrency slot', () => {
  it('with concurrency 1, a Linux host queued behind the watching Windows host finishes first, unaffected', async () => {
    const fw = fakeWindowsHost(host());
    const linux = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    const LINUX: HostConfig = { id: 'srv-web-01', address: '192.0.2.30', user: 'deploy', tags: [], os: 'auto' };
    let linuxDone!: () => void;
    const linuxFinished = new Promise<void>((r) => (linuxDone = r));
    const events: EngineEvent[] = [];
    const base = winDeps(async (h) => (h.id === 'win-1' ? fw.fake : linux));
    // The watch's polls wait until the Linux host is done: if the watch held the only slot, this would never end.
    const deps = {
      ...base,
      async sleep(ms: number) {
        base.clock.t += ms;
        base.clock.sleeps.push(ms);
        if (base.clock.sleeps.length >= 2) await linuxFinished;
        if (base.clock.sleeps.length === 3) fw.operatorRuns();
      },
    };
    // status-running.json: tailnet tail4f2a9c.ts.net, tags tag:server and tag:web.
    const inv = winInventory({ tailnetDomain: 'tail4f2a9c.ts.net', defaultTags: ['tag:server'] });
    fw.set({ targetTailnet: { name: 'example.com', magicDNSSuffix: 'tail4f2a9c.ts.net' } });
    const results = await runFleet(inv, [WIN_HOST, LINUX], deps, {
      runId: 'run-f',
      mode: 'provision',
      signal: new AbortController().signal,
      concurrency: 1,
      emit: (e) => {
        events.push(e);
        if (e.type === 'host-done' && e.host === 'srv-web-01') linuxDone();
      },
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([['win-1', 'ok'], ['srv-web-01', 'ok']]);
    const done = events.filter((e) => e.type === 'host-done').map((e) => e.host);
    expect(done).toEqual(['srv-web-01', 'win-1']);
    expect(trail(events, 'srv-web-01').at(-1)).toBe('fqdn:ok');
  });
});
