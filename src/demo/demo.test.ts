import { describe, expect, it } from 'vitest';
import { createDemo } from './index.js';
import { DEMO_CONFIG_PATH, DEMO_KEY, DEMO_SUDO_PASSWORD, demoConfigYaml, demoHosts, demoInventory } from './fleet.js';
import { parseConfig } from '../config/index.js';
import { runFleet } from '../provider/index.js';
import type { EngineEvent } from '../provider/events.js';

async function run(o: { accept: boolean; passwords?: Map<string, string> }) {
  const demo = createDemo({ speed: 0.02 });
  const asked: string[] = [];
  const engine = await demo.engine.open({
    askHostKey: async (q) => {
      asked.push(`${q.host} ${q.fingerprint}`);
      return o.accept;
    },
    sudoPasswords: o.passwords ?? new Map(),
  });
  const events: EngineEvent[] = [];
  const results = await runFleet(demo.inventory, demo.inventory.hosts, engine.deps, {
    runId: 'demo',
    mode: 'provision',
    signal: new AbortController().signal,
    concurrency: 12,
    emit: (e) => events.push(e),
  });
  return { demo, results: new Map(results.map((r) => [r.id, r])), events, asked, engine };
}

describe('meshtui --demo fleet (the real engine over the in-process simulator)', () => {
  it('its inventory is exactly what its meshtui.yml parses to (built directly only to start faster)', () => {
    const hosts = demoHosts();
    const parsed = parseConfig(demoConfigYaml(hosts), DEMO_CONFIG_PATH);
    expect(demoInventory(hosts)).toStrictEqual(JSON.parse(JSON.stringify(parsed)));
    expect(demoInventory(hosts).hosts.map((h) => h.id)).toEqual(hosts.map((h) => h.id));
    expect(createDemo().inventory).toStrictEqual(demoInventory(hosts));
  });

  it('shows each kind of outcome', async () => {
    const { results, asked } = await run({ accept: true });
    const summary = Object.fromEntries([...results].map(([id, r]) => [id, r.error ? `${r.status} ${r.error.code}` : r.status]));
    expect(summary).toEqual({
      'app-1': 'ok',
      'app-2': 'ok',
      'db-1': 'unchanged',
      'db-2': 'ok',
      'edge-1': 'failed ErrTagMismatch',
      'ci-1': 'needs-action ErrSudoPassword',
      'legacy-1': 'failed ErrInstallFailed',
      'lab-7': 'failed ErrSSH',
      'slow-1': 'ok',
      'mon-1': 'failed ErrTailnetMismatch',
      'cache-1': 'ok',
      'kiosk-3': 'failed ErrUnsupportedOS',
      'win-1': 'ok',
    });
    expect(results.get('app-1')!.fqdn).toBe('app-1.example.ts.net');
    expect(results.get('mon-1')!.error!.message).toBe('tailscale provider: host is in tailnet othercorp, expected example');
    expect(asked).toEqual(['cache-1 SHA256:q3V9pZk2bX7h1YtN0cWm4sLr8fGd6jKa5uEo2iHvTnQ']);
  });

  it('Windows: needs action with the script and the command, then joins by itself (the demo has no operator)', async () => {
    const { results, events } = await run({ accept: true });
    const trail = events.flatMap((e) => (e.type === 'step' && e.host === 'win-1' && e.status !== 'running' ? [`${e.step}:${e.status}`] : []));
    expect(trail).toEqual(['connect:ok', 'detect-os:ok', 'check-version:ok', 'install:skipped', 'join:needs-action', 'operator:changed', 'fqdn:ok']);
    const join = events.find((e) => e.type === 'step' && e.host === 'win-1' && e.step === 'join' && e.status === 'needs-action');
    expect(join).toMatchObject({ error: { code: 'ErrWindowsInteractive', detail: { command: 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1' } } });
    expect(results.get('win-1')).toMatchObject({ status: 'ok', fqdn: 'win-1.example.ts.net', changed: true });
    expect(JSON.stringify(events)).not.toContain(DEMO_KEY);
  });

  it('refuses the host whose key the operator rejects', async () => {
    const { results } = await run({ accept: false });
    expect(results.get('cache-1')).toMatchObject({ status: 'failed', error: { code: 'ErrHostKey' } });
  });

  it('joins the sudo host once the password is typed, and never shows the key or password', async () => {
    const { results, events } = await run({ accept: true, passwords: new Map([['ci-1', DEMO_SUDO_PASSWORD]]) });
    expect(results.get('ci-1')).toMatchObject({ status: 'ok', changed: true });
    const text = JSON.stringify(events);
    expect(text).not.toContain(DEMO_KEY);
    expect(text).not.toContain(DEMO_SUDO_PASSWORD);
  });

  it('is idempotent: a second run reports every joined host unchanged', async () => {
    const { demo, engine } = await run({ accept: true });
    const again = await runFleet(demo.inventory, demo.inventory.hosts.filter((h) => ['app-1', 'app-2', 'db-2', 'slow-1'].includes(h.id)), engine.deps, {
      runId: 'demo-2',
      mode: 'provision',
      signal: new AbortController().signal,
      concurrency: 4,
      emit: () => {},
    });
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });
});
