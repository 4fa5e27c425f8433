/** Derived views of DashboardState. Pure; the list-shaped ones are memoised on their inputs. */
import { FINAL_PHASES, LIVE_PHASES } from './host-events.js';
import { PHASES, type DashboardState, type HostPhase, type HostView, type RunView } from './types.js';

export function activeRuns(s: DashboardState): RunView[] {
  return s.runOrder.map((id) => s.runs[id]!).filter((r) => r && r.finishedAt === null);
}

export function isRunning(s: DashboardState): boolean {
  return s.runOrder.some((id) => s.runs[id]?.finishedAt === null);
}

export function lastRun(s: DashboardState): RunView | null {
  const id = s.runOrder[s.runOrder.length - 1];
  return id ? (s.runs[id] ?? null) : null;
}

export function countPhases(hosts: Iterable<HostView>): Record<HostPhase, number> {
  const out = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<HostPhase, number>;
  for (const h of hosts) out[h.phase] += 1;
  return out;
}

export function counts(s: DashboardState): Record<HostPhase, number> {
  return countPhases(s.hostOrder.map((id) => s.hosts[id]!));
}

/** Case-insensitive substring over id, address, user, role, tags, OS, status, FQDN. */
export function hostMatches(h: HostView, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  const hay = [h.id, h.address, h.user ?? '', h.role ?? '', h.tags.join(' '), h.os, h.facts.os ?? '', h.phase, h.fqdn ?? '']
    .join(' ')
    .toLowerCase();
  return f.split(/\s+/).every((word) => hay.includes(word));
}

let memo: { hosts: unknown; order: unknown; filter: string; ids: string[] } | null = null;

/** The host list after the filter; recomputed only when hosts, order or filter change. */
export function filteredHostIds(s: DashboardState): string[] {
  if (!s.ui.filter.trim()) return s.hostOrder;
  if (memo && memo.hosts === s.hosts && memo.order === s.hostOrder && memo.filter === s.ui.filter) return memo.ids;
  const ids = s.hostOrder.filter((id) => s.hosts[id] && hostMatches(s.hosts[id]!, s.ui.filter));
  memo = { hosts: s.hosts, order: s.hostOrder, filter: s.ui.filter, ids };
  return ids;
}

/** Hosts queued or running in any active run, in config order (the run view's live panels). */
export function liveHostIds(s: DashboardState): string[] {
  return s.hostOrder.filter((id) => {
    const h = s.hosts[id]!;
    return LIVE_PHASES.has(h.phase) && h.runId !== null && s.runs[h.runId]?.finishedAt === null;
  });
}

/** What ↑/↓ walk over on the current screen. */
export function cursorIds(s: DashboardState): string[] {
  if (s.ui.screen === 'run') {
    const live = liveHostIds(s).filter((id) => s.hosts[id]!.phase === 'running');
    if (live.length) return live;
    return lastRun(s)?.hostIds ?? s.hostOrder;
  }
  return filteredHostIds(s);
}

export function selectedHost(s: DashboardState): HostView | null {
  return s.ui.selectedId ? (s.hosts[s.ui.selectedId] ?? null) : null;
}

/** `p`: the marked hosts, else the selected one; hosts already in a live run are left out. */
export function provisionTargets(s: DashboardState): string[] {
  const ids = s.ui.marked.length ? s.hostOrder.filter((id) => s.ui.marked.includes(id)) : s.ui.selectedId ? [s.ui.selectedId] : [];
  return ids.filter((id) => s.hosts[id] && !LIVE_PHASES.has(s.hosts[id]!.phase));
}

export function idleTargets(s: DashboardState): string[] {
  return s.hostOrder.filter((id) => !LIVE_PHASES.has(s.hosts[id]!.phase));
}

export interface RunSummary {
  run: RunView;
  total: number;
  done: number;
  counts: Record<HostPhase, number>;
  elapsedMs: number;
}

export function runSummary(s: DashboardState, now: number): RunSummary | null {
  const run = lastRun(s);
  if (!run) return null;
  const hosts = run.hostIds.map((id) => s.hosts[id]!).filter((h) => h.runId === run.id);
  const c = countPhases(hosts);
  const done = hosts.filter((h) => FINAL_PHASES.has(h.phase)).length;
  return { run, total: run.hostIds.length, done, counts: c, elapsedMs: (run.finishedAt ?? now) - run.startedAt };
}

/** CONTRACT.md: 0 when every host that ran is ok; 1 when one failed, needs action or was cancelled. */
export function exitCode(s: DashboardState): number {
  return s.hostOrder.some((id) => {
    const p = s.hosts[id]!.phase;
    return p === 'failed' || p === 'needs-action' || p === 'cancelled';
  })
    ? 1
    : 0;
}

export function currentPrompt(s: DashboardState) {
  return s.ui.prompts[0] ?? null;
}
