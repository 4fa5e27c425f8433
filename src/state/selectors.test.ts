import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import { initialState } from './init.js';
import { reducer } from './reducer.js';
import { counts, cursorIds, exitCode, filteredHostIds, hostMatches, idleTargets, liveHostIds, provisionTargets, runSummary } from './selectors.js';
import { ev, inventory } from './testing/fixtures.js';
import type { DashboardState } from './types.js';

const reduce = (s: DashboardState, ...a: Action[]) => a.reduce(reducer, s);
const e = ev('r1');

describe('selectors', () => {
  const s0 = initialState(inventory(['app-1', 'app-2', 'db-1', 'db-2']));
  it('counts hosts per status', () => {
    const s = reduce(s0, { type: 'run/started', runId: 'r1', mode: 'provision', hostIds: ['app-1', 'db-1'], at: 0 }, { type: 'engine/events', events: [e.start('app-1')] });
    expect(counts(s)).toMatchObject({ idle: 2, running: 1, queued: 1, ok: 0 });
    expect(liveHostIds(s)).toEqual(['app-1', 'db-1']);
    expect(cursorIds(s)).toEqual(['app-1']); // the run view walks the running hosts
    expect(idleTargets(s)).toEqual(['app-2', 'db-2']);
    const sum = runSummary(s, 5000)!;
    expect(sum).toMatchObject({ total: 2, done: 0, elapsedMs: 5000 });
    expect(sum.counts.running).toBe(1);
  });
  it('filters by id, address, role, tags, status; memoised', () => {
    const s = reduce(s0, { type: 'ui/filter-type', text: 'stagecraft-db' });
    expect(filteredHostIds(s)).toEqual(['db-1', 'db-2']);
    expect(filteredHostIds(s)).toBe(filteredHostIds(s));
    expect(filteredHostIds(reduce(s0, { type: 'ui/filter-type', text: '203.0.113.11' }))).toEqual(['app-2']);
    expect(filteredHostIds(reduce(s0, { type: 'ui/filter-type', text: 'app idle' }))).toEqual(['app-1', 'app-2']);
    expect(hostMatches(s0.hosts['app-1']!, '')).toBe(true);
  });
  it('targets the marked hosts, else the selected one, never a live one', () => {
    expect(provisionTargets(s0)).toEqual(['app-1']);
    let s = reduce(s0, { type: 'ui/select', hostId: 'db-2' }, { type: 'ui/toggle-mark' }, { type: 'ui/select', hostId: 'app-2' }, { type: 'ui/toggle-mark' });
    expect(provisionTargets(s)).toEqual(['app-2', 'db-2']);
    s = reduce(s, { type: 'run/started', runId: 'r2', mode: 'provision', hostIds: ['app-2'], at: 0 });
    expect(s.ui.marked).toEqual([]);
    expect(provisionTargets(reduce(s, { type: 'ui/select', hostId: 'app-2' }))).toEqual([]);
  });
  it('exit code: 0 unless a host failed, needs action or was cancelled', () => {
    expect(exitCode(s0)).toBe(0);
    const s = reduce(s0, { type: 'run/started', runId: 'r1', mode: 'provision', hostIds: ['app-1'], at: 0 }, { type: 'engine/events', events: [e.start('app-1'), e.done('app-1', { status: 'needs-action' })] });
    expect(exitCode(s)).toBe(1);
  });
});
