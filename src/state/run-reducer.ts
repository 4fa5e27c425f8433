/**
 * Runs and engine events. A host follows exactly one run at a time (host.runId); an event whose runId
 * is not that run, or whose run was cancelled, is dropped. Finished hosts are appended to
 * `finished` (the <Static> log) once. When a run ends (not cancelled), the first of its failures with a
 * known fix opens its prompt, if no prompt is open: the live view is not interrupted while hosts run.
 */
import type { EngineEvent, HostResult } from '../provider/events.js';
import type { RunAction } from './actions.js';
import { FINAL_PHASES, LIVE_PHASES, finishedEntry, foldHost, scrubError } from './host-events.js';
import { remedyFor } from './remedy.js';
import type { DashboardState, FinishedEntry, HostView, Prompt } from './types.js';

interface Draft {
  hosts: Record<string, HostView>;
  finished: FinishedEntry[];
  prompts: Prompt[];
}

function draftOf(s: DashboardState): Draft {
  return { hosts: { ...s.hosts }, finished: s.finished, prompts: s.ui.prompts };
}

function commit(s: DashboardState, d: Draft): DashboardState {
  const ui = d.prompts === s.ui.prompts ? s.ui : { ...s.ui, prompts: d.prompts };
  return { ...s, hosts: d.hosts, finished: d.finished, ui };
}

/** A host reached a final phase in run `runId`: log it once. */
function onFinished(s: DashboardState, d: Draft, h: HostView, runId: string): void {
  d.finished = [...d.finished, finishedEntry(h, runId, s.authKeyEnv)];
}

/** The run ended: offer the fix of its first fixable failure, unless something is already asking. */
function offerFix(s: DashboardState, d: Draft, runId: string): void {
  const run = s.runs[runId];
  if (!run || run.cancelled || d.prompts.length > 0) return;
  for (const id of run.hostIds) {
    const h = d.hosts[id];
    if (!h || h.runId !== runId) continue;
    const remedy = remedyFor(h.error, { authKeyEnv: s.authKeyEnv, planTags: h.tags });
    if (remedy) {
      d.prompts = [{ kind: 'remedy', hostId: h.id, remedy, stage: 'offer' }];
      return;
    }
  }
}

function applyEvents(s: DashboardState, events: EngineEvent[]): DashboardState {
  const d = draftOf(s);
  let touched = false;
  for (const e of events) {
    const h = d.hosts[e.host];
    if (!h || h.runId !== e.runId || FINAL_PHASES.has(h.phase)) continue;
    const run = s.runs[e.runId];
    if (!run || run.cancelled) continue;
    const next = foldHost(h, e);
    d.hosts[e.host] = next;
    touched = true;
    if (e.type === 'host-done') onFinished(s, d, next, e.runId);
  }
  return touched ? commit(s, d) : s;
}

function synthResult(h: HostView, r: HostResult): EngineEvent {
  return { type: 'host-done', runId: h.runId ?? '', host: h.id, at: 0, result: r };
}

/** Close the run's still-live hosts: from results (missed host-done), as failed, or as cancelled. */
function settleRun(s: DashboardState, runId: string, at: number, settle: (h: HostView) => HostView): DashboardState {
  const run = s.runs[runId];
  if (!run || run.finishedAt !== null) return s;
  const d = draftOf(s);
  for (const id of run.hostIds) {
    const h = d.hosts[id];
    if (!h || h.runId !== runId || !LIVE_PHASES.has(h.phase)) continue;
    const next = settle(h);
    d.hosts[id] = next;
    if (FINAL_PHASES.has(next.phase)) onFinished(s, d, next, runId);
  }
  offerFix(s, d, runId);
  const out = commit(s, d);
  return { ...out, runs: { ...out.runs, [runId]: { ...run, finishedAt: at } } };
}

export function runReducer(s: DashboardState, a: RunAction): DashboardState {
  switch (a.type) {
    case 'engine/events':
      return applyEvents(s, a.events);
    case 'run/started': {
      if (s.runs[a.runId]) return s;
      const hosts = { ...s.hosts };
      const ids = a.hostIds.filter((id) => hosts[id]);
      for (const id of ids) {
        hosts[id] = {
          ...hosts[id]!,
          phase: 'queued',
          runId: a.runId,
          mode: a.mode,
          steps: [],
          tail: [],
          partial: '',
          commands: [],
          error: null,
          changed: false,
          startedAt: null,
          durationMs: null,
        };
      }
      const run = { id: a.runId, mode: a.mode, hostIds: ids, startedAt: a.at, finishedAt: null, cancelled: false, error: null };
      const toRun = s.ui.screen === 'hosts';
      const ui = {
        ...s.ui,
        marked: [],
        screen: toRun ? ('run' as const) : s.ui.screen,
        stack: toRun ? ['hosts' as const] : s.ui.stack,
        selectedId: toRun ? (ids[0] ?? s.ui.selectedId) : s.ui.selectedId,
        message: null,
      };
      return { ...s, hosts, runs: { ...s.runs, [a.runId]: run }, runOrder: [...s.runOrder, a.runId], ui };
    }
    case 'run/finished': {
      const byId = new Map(a.results.map((r) => [r.id, r]));
      return settleRun(s, a.runId, a.at, (h) => {
        const r = byId.get(h.id);
        if (r) return foldHost(h, { ...synthResult(h, r), at: a.at });
        return { ...h, phase: 'failed', error: { code: 'ErrSSH', message: 'the engine returned no result for this host' } };
      });
    }
    case 'run/failed':
      return settleRun(
        { ...s, runs: s.runs[a.runId] ? { ...s.runs, [a.runId]: { ...s.runs[a.runId]!, error: a.message } } : s.runs },
        a.runId,
        a.at,
        (h) => ({ ...h, phase: 'failed', error: scrubError({ code: 'ErrSSH', message: a.message }), durationMs: h.startedAt !== null ? a.at - h.startedAt : null }),
      );
    case 'run/cancelled': {
      const run = s.runs[a.runId];
      if (!run || run.finishedAt !== null) return s;
      const marked = { ...s, runs: { ...s.runs, [a.runId]: { ...run, cancelled: true } } };
      return settleRun(marked, a.runId, a.at, (h) => ({
        ...h,
        phase: 'cancelled',
        steps: h.steps.map((st) => (st.status === 'running' ? { ...st, status: 'skipped', durationMs: a.at - st.startedAt } : st)),
        durationMs: h.startedAt !== null ? a.at - h.startedAt : null,
      }));
    }
  }
}
