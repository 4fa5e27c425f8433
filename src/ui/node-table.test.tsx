import { describe, expect, it } from 'vitest';
import { fixture, largeStatus } from '../state/testing/fixtures.js';
import { fakeServices, makeInventory } from './testing/fake-services.js';
import { mountDashboard, mountNodeTable } from './testing/mount.js';
import { KEY, overWide, waitFor, waitForFrame } from './testing/term.js';

/** Host names of the visible rows, top to bottom. */
const rowsOf = (f: string) =>
  f
    .split('\n')
    .filter((l) => /^(›| ) /.test(l) && !l.includes('HOST'))
    .map((l) => {
      const [a, b] = l.slice(2).trim().split(/\s+/);
      return a === '*' ? `*${b}` : a!;
    });

describe('node table (meshtui status --file)', () => {
  it('shows Self and every peer within 80 columns, with a footer of keys', async () => {
    const m = mountNodeTable(fixture('status-running.json'));
    const f = await waitForFrame(m.frame, 'Bobs-MacBook-Pro');
    expect(f).toContain('status.json · tailnet example.com · Running · v1.102.3 · 4 nodes, 3 online');
    expect(f).toMatch(/HOST▲/);
    expect(f).toContain('direct 203.0.113.77');
    expect(f).toContain('relay fra');
    expect(f).toMatch(/Bobs-MacBook-Pro +100\.115\.3\.88 +\d+d ago/);
    expect(f).toMatch(/<> sort {2}o order {2}\/ filter {2}\? help {2}q quit/);
    expect(overWide(f, 80)).toEqual([]);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    m.stdin.write('q');
    expect(await m.done).toBe(0);
  });

  it('sorts by column (number keys, < >) and flips the order with o', async () => {
    const m = mountNodeTable(fixture('status-running.json'));
    let f = await waitForFrame(m.frame, 'HOST▲');
    expect(rowsOf(f)).toEqual(['*srv-web-01', 'Bobs-MacBook-Pro', 'db-1', 'DESKTOP-8J4QK2M']);
    m.stdin.write('o');
    f = await waitForFrame(m.frame, 'HOST▼');
    expect(rowsOf(f)).toEqual(['*srv-web-01', 'DESKTOP-8J4QK2M', 'db-1', 'Bobs-MacBook-Pro']);
    m.stdin.write('3');
    f = await waitForFrame(m.frame, 'IP▲');
    expect(rowsOf(f)).toEqual(['*srv-web-01', 'db-1', 'DESKTOP-8J4QK2M', 'Bobs-MacBook-Pro']);
    m.stdin.write('9');
    f = await waitForFrame(m.frame, 'EXPIRY▲');
    expect(f).toMatch(/2026-11-01|expired/);
    m.stdin.write('>');
    await waitForFrame(m.frame, 'HOST▲');
    m.stdin.write('<');
    await waitForFrame(m.frame, 'EXPIRY▲');
    m.stdin.write('q');
    await m.done;
  });

  it('filters with /, opens a node with Enter, Esc back', async () => {
    const m = mountNodeTable(fixture('status-running.json'));
    await waitForFrame(m.frame, 'HOST▲');
    m.stdin.write('/');
    m.stdin.write('tag:server');
    let f = await waitForFrame(m.frame, '2 of 4');
    expect(rowsOf(f)).toEqual(['*srv-web-01', 'db-1']);
    m.stdin.write(KEY.enter);
    m.stdin.write('j');
    m.stdin.write(KEY.enter);
    f = await waitForFrame(m.frame, 'node db-1');
    expect(f).toMatch(/Key expiry +none \(tagged node\)/);
    expect(f).toMatch(/Connection +DERP relay fra/);
    expect(f).toMatch(/Owner +tagged-devices/);
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, '2 of 4');
    m.stdin.write(KEY.esc);
    f = await waitForFrame(m.frame, (x) => !x.includes('of 4') && x.includes('Bobs'));
    m.stdin.write('q');
    await m.done;
  });

  it('a file that is not a status document is a one-line error, not a crash', async () => {
    const m = mountNodeTable('{"oops": tru');
    const f = await waitForFrame(m.frame, 'cannot read the status');
    expect(f).toContain('not valid JSON');
    m.stdin.write('q');
    expect(await m.done).toBe(1);
  });

  it('stays smooth with 5,000 peers: only the visible rows are drawn', async () => {
    const json = largeStatus();
    const t0 = performance.now();
    const m = mountNodeTable(json, { rows: 30 });
    let f = await waitForFrame(m.frame, '5001 nodes', 10_000);
    const firstFrameMs = performance.now() - t0;
    expect(f.split('\n').length).toBeLessThanOrEqual(29);
    expect(overWide(f, 80)).toEqual([]);
    const keys = ['G', 'g', '5', 'o', KEY.pageDown, KEY.pageDown, 'k', 'j'];
    const t1 = performance.now();
    for (const k of keys) {
      const before = m.stdout.frames.length;
      m.stdin.write(k);
      await waitFor(() => m.stdout.frames.length > before, `a frame after ${JSON.stringify(k)}`);
    }
    const perKeyMs = (performance.now() - t1) / keys.length;
    f = m.frame();
    expect(f).toContain('SEEN▼');
    expect(f.split('\n').length).toBeLessThanOrEqual(29);
    m.stdin.write('/');
    m.stdin.write('DESKTOP');
    f = await waitForFrame(m.frame, / \d+ of 5001/);
    expect(firstFrameMs).toBeLessThan(5000);
    expect(perKeyMs).toBeLessThan(250);
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, (x) => !x.includes('of 5001'));
    m.stdin.write('q');
    await m.done;
  });
});

describe('node table in the dashboard (s)', () => {
  it('reads the selected host’s status, shows the table, Esc goes back', async () => {
    const svc = fakeServices({ inventory: makeInventory(['app-1', 'app-2']), status: async () => fixture('status-running-headscale.json') });
    const m = mountDashboard(svc);
    await waitForFrame(m.frame, 'app-2');
    m.stdin.write('j');
    m.stdin.write('s');
    const f = await waitForFrame(m.frame, 'tailnet hs.example.net');
    expect(svc.statusCalls).toEqual(['app-2']);
    expect(f).toContain('app-2 · tailnet hs.example.net');
    expect(f).toContain('laptop-alice');
    expect(f).toMatch(/Esc back {2}\? help {2}q quit$/);
    expect(overWide(f, 80)).toEqual([]);
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, 'FQDN / REASON');
    m.stdin.write('q');
    expect(await m.done).toBe(0);
  });

  it('shows a failed read as one line', async () => {
    const svc = fakeServices({ inventory: makeInventory(['app-1']), status: async () => Promise.reject(new Error('ssh: connect ECONNREFUSED 203.0.113.10:22')) });
    const m = mountDashboard(svc);
    await waitForFrame(m.frame, 'app-1');
    m.stdin.write('s');
    await waitForFrame(m.frame, 'app-1: cannot read the status: ssh: connect ECONNREFUSED');
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, 'FQDN / REASON');
    m.stdin.write('q');
    await m.done;
  });
});
