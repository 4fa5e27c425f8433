import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemo } from '../demo/index.js';
import { DEMO_KEY } from '../demo/fleet.js';
import { Journal } from '../state/journal.js';
import type { EngineEvent } from '../provider/events.js';
import { dashboardServices } from './services.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'services-'));
  dirs.push(dir);
  const demo = createDemo({ speed: 0.02 });
  const journal = new Journal(join(dir, '.meshtui'));
  const services = dashboardServices(demo.inventory, demo.engine, journal, [DEMO_KEY]);
  return { demo, journal, services };
}

const opts = (events: EngineEvent[], signal = new AbortController().signal) => ({
  runId: 'r1',
  signal,
  emit: (e: EngineEvent) => void events.push(e),
  sudoPasswords: new Map<string, string>(),
  watchSignal: () => new AbortController().signal,
});

describe('dashboardServices over an engine', () => {
  it('provisions through runFleet, journals the run and keeps the last outcome', async () => {
    const { services, journal } = setup();
    const events: EngineEvent[] = [];
    const results = await services.provision(['app-1', 'db-1'], 'provision', opts(events));
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['app-1', 'ok'],
      ['db-1', 'unchanged'],
    ]);
    expect(events.some((e) => e.type === 'host-done')).toBe(true);
    expect(services.lastOutcomes!()).toMatchObject({ 'app-1': { status: 'ok' }, 'db-1': { status: 'unchanged' } });
    const run = journal.latestRun()!;
    expect(run.lines.at(-1)).toMatchObject({ type: 'run-end', outcome: 'completed' });
    expect(services.redact!(`x ${DEMO_KEY}`)).toBe('x [redacted]');
  });

  it('refuses unknown host keys once the prompt is cleared, and asks the prompt when set', async () => {
    const { services } = setup();
    const asked: string[] = [];
    services.setHostKeyPrompt(async (q) => {
      asked.push(q.host);
      return true;
    });
    const ok = await services.provision(['cache-1'], 'provision', opts([]));
    expect(asked).toEqual(['cache-1']);
    expect(ok[0]!.status).toBe('ok');
    const fresh = setup();
    fresh.services.setHostKeyPrompt(null);
    const refused = await fresh.services.provision(['cache-1'], 'provision', opts([]));
    expect(refused[0]!.error?.code).toBe('ErrHostKey');
  });

  it('fetches a host status as JSON text', async () => {
    const { services } = setup();
    const json = await services.fetchStatus('db-1', new AbortController().signal);
    expect(JSON.parse(json).BackendState).toBe('Running');
    await expect(services.fetchStatus('nope', new AbortController().signal)).rejects.toThrow('no host nope');
  });

  it('journals a cancelled run as cancelled', async () => {
    const { services, journal } = setup();
    const ac = new AbortController();
    const p = services.provision(['slow-1'], 'provision', opts([], ac.signal));
    setTimeout(() => ac.abort(), 30);
    const [r] = await p;
    expect(r!.status).toBe('failed');
    expect(journal.latestRun()!.lines.at(-1)).toMatchObject({ type: 'run-end', outcome: 'cancelled' });
  });
});
