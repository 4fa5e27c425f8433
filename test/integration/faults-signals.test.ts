/**
 * Interrupting the real CLI mid-run (issue "Prove it" §3, §2): SIGINT closes the connections, the
 * hosts under way end cancelled, the journal says `cancelled` and the remote key file is gone;
 * SIGKILL leaves a journal that still parses, and `provision --resume` finishes the unfinished
 * hosts, reading each host's status before any `up` and never joining a host twice.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimHost } from '../../src/sim/index.js';
import { readJournal } from '../../src/state/journal.js';
import { byHost, runCli, startCli, tsCalls } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { TEST_AUTH_KEY } from '../harness/paths.js';

/** Installed, logged out, valid keys; `tailscale up` takes 1.5 s. */
const slow: Partial<SimHost> = { validKeys: [TEST_AUTH_KEY], reusableKeys: [TEST_AUTH_KEY], delays: { perCommandMs: 0, installMs: 0, upMs: 1500 } };
const SLOW = ['int-a', 'kill-a', 'kill-b', 'kill-c', 'kill-d'];
/** int-a's `up` takes 3 s: ample time to interrupt it even on a loaded machine. */
const slower: Partial<SimHost> = { ...slow, delays: { perCommandMs: 0, installMs: 0, upMs: 3000 } };

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ hosts: ['joined', ...SLOW.map((id) => ({ id, template: 'badkey', sim: id === 'int-a' ? slower : slow }))] });
});
afterAll(async () => {
  await fleet?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const runsDir = () => join(fleet.dir, '.meshtui', 'runs');
const runFile = (runId: string) => join(runsDir(), `${runId}.jsonl`);
const keyFileOf = (id: string) => /^--auth-key=file:(.+)$/.exec(tsCalls(fleet, id, 'up')[0]?.argv.at(-1) ?? '')?.[1];

describe('SIGINT mid-run', () => {
  it('cancels the host under way, closes its connection, exits 1 with a summary and a `cancelled` journal', async () => {
    const cli = startCli(['provision', 'joined', 'int-a', '--json', '--config', fleet.configPath], { fleet });
    const running = await cli.waitFor((e) => e.type === 'step' && e.host === 'int-a' && e.step === 'join' && e.status === 'running');
    await until('the remote `tailscale up`', () => tsCalls(fleet, 'int-a', 'up').length === 1);
    const t0 = Date.now();
    cli.proc.kill('SIGINT');
    const r = await cli.result;
    expect(Date.now() - t0).toBeLessThan(4500);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^meshtui: interrupted: cancelling every host and closing connections/m);
    const got = byHost(r);
    expect(got.joined).toMatchObject({ status: 'unchanged', error: null });
    expect(got['int-a']).toMatchObject({ status: 'failed', error: { code: 'ErrCancelled', message: 'cancelled during join' } });
    expect(got['int-a']!.error!.remedy).toMatch(/may have completed on the host: re-run provision/);

    const journal = readJournal(runFile(running.runId));
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', runId: running.runId, outcome: 'cancelled' });
    expect(journal.filter((l) => l.type === 'host-done').length).toBe(2);

    // The CLI ended its SSH session itself (a disconnect message, not a dropped socket).
    await until('sshd to log the disconnect', () => /Received disconnect from 127\.0\.0\.1/.test(fleet.sshdLog('int-a')), 3000);
    expect(fleet.connections('int-a')).toBe(1);
    // The join script's EXIT trap removes the key file when the interrupted `up` ends.
    const keyFile = keyFileOf('int-a')!;
    expect(keyFile).toMatch(/^\/tmp\/meshtui-key\.[A-Za-z0-9]{8}$/);
    await until(`${keyFile} to be removed`, () => !existsSync(keyFile), 6000);
    expect(readFileSync(runFile(running.runId), 'utf8')).not.toContain(TEST_AUTH_KEY);
  });
});

describe('SIGKILL mid-run, then provision --resume', () => {
  let killedRun = '';

  it('leaves a journal that still parses, with the unfinished hosts in it', async () => {
    const ids = ['kill-a', 'kill-b', 'kill-c', 'kill-d'];
    const cli = startCli(['provision', ...ids, '--concurrency', '1', '--json', '--config', fleet.configPath], { fleet });
    await cli.waitFor((e) => e.type === 'step' && e.host === 'kill-b' && e.step === 'join' && e.status === 'running', 20_000);
    await until('the remote `tailscale up` on kill-b', () => tsCalls(fleet, 'kill-b', 'up').length === 1);
    cli.proc.kill('SIGKILL');
    const r = await cli.result;
    expect(r.signal).toBe('SIGKILL');
    killedRun = cli.events[0]!.runId;
    expect(fleet.state('kill-a').backendState).toBe('Running');

    const raw = readFileSync(runFile(killedRun), 'utf8');
    const lines = raw.split('\n').filter(Boolean);
    for (const l of lines.slice(0, -1)) expect(() => JSON.parse(l)).not.toThrow();
    const journal = readJournal(runFile(killedRun));
    expect(journal[0]).toMatchObject({ type: 'run-start', runId: killedRun, hosts: ids });
    expect(journal.some((l) => l.type === 'run-end')).toBe(false);
    expect(journal.filter((l) => l.type === 'host-done').map((l) => (l as { host: string }).host)).toEqual(['kill-a']);
    expect(raw).not.toContain(TEST_AUTH_KEY);
  });

  it('--resume continues only the unfinished hosts, reads status before any `up`, and joins nobody twice', async () => {
    // The killed run's `up` on kill-b still runs to its end on the host.
    await until('kill-b’s interrupted `up` to finish on the host', () => fleet.state('kill-b').backendState === 'Running', 8000);
    const upsBefore = Object.fromEntries(['kill-a', 'kill-b', 'kill-c', 'kill-d'].map((id) => [id, tsCalls(fleet, id, 'up').length]));
    expect(upsBefore).toEqual({ 'kill-a': 1, 'kill-b': 1, 'kill-c': 0, 'kill-d': 0 });
    const logFrom = Object.fromEntries(['kill-b', 'kill-c', 'kill-d'].map((id) => [id, fleet.argvLog(id).length]));

    const r = await runCli(['provision', '--resume', '--json', '--config', fleet.configPath], { fleet });
    expect(r.stderr).toBe(`meshtui: resuming run ${killedRun}: kill-b, kill-c, kill-d (status is re-read before any join)\n`);
    expect(r.code).toBe(0);
    expect(r.summary!.hosts.map((h) => [h.id, h.status])).toEqual([['kill-b', 'unchanged'], ['kill-c', 'ok'], ['kill-d', 'ok']]);
    for (const id of ['kill-b', 'kill-c', 'kill-d']) {
      const since = fleet.argvLog(id).slice(logFrom[id]).filter((e) => e.cmd === 'tailscale');
      const firstStatus = since.findIndex((e) => e.argv[0] === 'status');
      const firstUp = since.findIndex((e) => e.argv[0] === 'up');
      expect({ id, firstStatus: firstStatus >= 0 }).toEqual({ id, firstStatus: true });
      if (firstUp >= 0) expect(firstStatus).toBeLessThan(firstUp);
    }
    for (const id of ['kill-a', 'kill-b', 'kill-c', 'kill-d']) expect({ id, ups: tsCalls(fleet, id, 'up').length }).toEqual({ id, ups: 1 });
    expect(fleet.connections('kill-a')).toBe(1); // finished hosts are not touched again
  });

  it('a second --resume has nothing left to do', async () => {
    const r = await runCli(['provision', '--resume', '--config', fleet.configPath], { fleet });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^meshtui: nothing to resume: run \S+ finished every host\n$/);
    for (const f of readdirSync(runsDir())) expect(readFileSync(join(runsDir(), f), 'utf8')).not.toContain(TEST_AUTH_KEY);
  });
});
