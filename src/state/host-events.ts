/**
 * Folding engine events into one host, purely. The reducer calls foldHost for each event of a batch
 * after checking the event's runId against the host's current run (late events are dropped there).
 */
import type { EngineEvent, ErrorInfo, HostResult, StepStatus } from '../provider/events.js';
import { firstLine, sanitizeLine, truncate } from './format.js';
import { remedyFor, remedyTitle } from './remedy.js';
import { scrub } from './scrub.js';
import { LIMITS, type FinishedEntry, type HostPhase, type HostView, type StepView } from './types.js';

export const FINAL_PHASES: ReadonlySet<HostPhase> = new Set(['ok', 'unchanged', 'failed', 'needs-action', 'skipped', 'cancelled']);
export const LIVE_PHASES: ReadonlySet<HostPhase> = new Set(['queued', 'running']);

const cleanLine = (l: string): string => truncate(scrub(sanitizeLine(l)), LIMITS.lineWidth);

function scrubDeep(v: unknown): unknown {
  if (typeof v === 'string') return scrub(v);
  if (Array.isArray(v)) return v.map(scrubDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x)]));
  return v;
}

export function scrubError(e: ErrorInfo | null | undefined): ErrorInfo | null {
  if (!e) return null;
  return {
    code: e.code,
    message: scrub(String(e.message ?? '')),
    ...(e.remedy ? { remedy: scrub(e.remedy) } : {}),
    ...(e.cause ? { cause: e.cause } : {}),
    ...(e.detail ? { detail: scrubDeep(e.detail) as Record<string, unknown> } : {}),
  };
}

/** The line still being written, fit for display (sanitised, scrubbed, after the last \r). */
export function displayPartial(partial: string): string {
  return cleanLine(partial.slice(partial.lastIndexOf('\r') + 1));
}

/** The tail plus the line in progress: what the live panel and the detail show. */
export function tailLines(h: Pick<HostView, 'tail' | 'partial'>): string[] {
  const p = displayPartial(h.partial);
  return p.trim() ? [...h.tail, p].slice(-LIMITS.tailLines) : h.tail;
}

/** Output chunks → bounded tail of complete lines plus the line still being written. */
export function appendOutput(tail: string[], partial: string, text: string): { tail: string[]; partial: string } {
  const raw = (partial + text).slice(-4 * LIMITS.partialWidth);
  const parts = raw.split('\n');
  const rest = parts.pop() ?? '';
  // A carriage return rewrites the line (progress bars): keep what is left after the last one.
  const afterCr = (l: string) => l.slice(l.lastIndexOf('\r', l.length - 2) + 1).replace(/\r$/, '');
  const lines = parts.map((l) => cleanLine(afterCr(l))).filter((l) => l.trim().length > 0);
  const nextTail = lines.length ? [...tail, ...lines].slice(-LIMITS.tailLines) : tail;
  return { tail: nextTail, partial: rest.slice(-LIMITS.partialWidth) };
}

function foldStep(steps: StepView[], e: Extract<EngineEvent, { type: 'step' }>): StepView[] {
  let idx = -1;
  for (let i = steps.length - 1; i >= 0; i -= 1) if (steps[i]!.id === e.step) { idx = i; break; }
  const detail = e.detail !== undefined ? cleanLine(e.detail) : undefined;
  const error = scrubError(e.error) ?? undefined;
  if (e.status === 'running') {
    const step: StepView = { id: e.step, status: 'running', startedAt: e.at, durationMs: null, ...(detail ? { detail } : {}) };
    return idx >= 0 && steps[idx]!.status === 'running' ? steps.map((s, i) => (i === idx ? step : s)) : [...steps, step];
  }
  const prev = idx >= 0 ? steps[idx]! : null;
  const startedAt = prev?.startedAt ?? e.at - (e.durationMs ?? 0);
  const done: StepView = {
    id: e.step,
    status: e.status,
    startedAt,
    durationMs: e.durationMs ?? Math.max(0, e.at - startedAt),
    ...(detail ?? prev?.detail ? { detail: detail ?? prev?.detail } : {}),
    ...(error ? { error } : {}),
  };
  return prev ? steps.map((s, i) => (i === idx ? done : s)) : [...steps, done];
}

/** The short reason of a failure for one-line views: the known cause, else the message's first line. */
export function shortReason(error: ErrorInfo | null, planTags: string[] = [], authKeyEnv = 'TS_AUTHKEY'): string {
  if (!error) return '';
  const r = remedyFor(error, { planTags, authKeyEnv });
  return r ? remedyTitle(r) : firstLine(error.message) || error.code;
}

function finishHost(h: HostView, result: HostResult, at: number): HostView {
  const endStatus: StepStatus = result.status === 'failed' || result.status === 'needs-action' ? result.status : 'ok';
  const flushed = h.partial.trim() ? appendOutput(h.tail, h.partial, '\n') : { tail: h.tail, partial: '' };
  const facts = { ...h.facts };
  if (result.os) facts.os = result.os;
  if (result.version) facts.version = result.version;
  return {
    ...h,
    phase: result.status,
    steps: h.steps.map((s) => (s.status === 'running' ? { ...s, status: endStatus, durationMs: Math.max(0, at - s.startedAt) } : s)),
    tail: flushed.tail,
    partial: '',
    facts,
    fqdn: result.fqdn ?? h.fqdn,
    error: scrubError(result.error),
    changed: result.changed,
    durationMs: result.durationMs ?? (h.startedAt !== null ? Math.max(0, at - h.startedAt) : null),
  };
}

/** Fold one event (already checked to belong to the host's current run). */
export function foldHost(h: HostView, e: EngineEvent): HostView {
  switch (e.type) {
    case 'host-start':
      return { ...h, phase: 'running', startedAt: e.at, steps: [], tail: [], partial: '', commands: [], error: null };
    case 'step': {
      const steps = foldStep(h.steps, e);
      const error = e.status === 'failed' || e.status === 'needs-action' ? (scrubError(e.error) ?? h.error) : h.error;
      const phase = h.phase === 'queued' ? 'running' : h.phase;
      return { ...h, phase, steps, error, startedAt: h.startedAt ?? e.at };
    }
    case 'output': {
      const { tail, partial } = appendOutput(h.tail, h.partial, e.text);
      return { ...h, tail, partial };
    }
    case 'command': {
      const text = truncate(scrub(sanitizeLine(e.argv.join(' '))), 2 * LIMITS.lineWidth);
      const commands = [...h.commands, { step: e.step, text, code: e.code, durationMs: e.durationMs }].slice(-LIMITS.commands);
      return { ...h, commands };
    }
    case 'facts': {
      const facts = { ...h.facts };
      for (const [k, v] of Object.entries(e.facts)) if (typeof v === 'string') facts[k] = truncate(scrub(sanitizeLine(v)), LIMITS.lineWidth);
      return { ...h, facts, fqdn: facts.fqdn ?? h.fqdn };
    }
    case 'host-done':
      return finishHost(h, e.result, e.at);
  }
}

export function finishedEntry(h: HostView, runId: string, authKeyEnv: string): FinishedEntry {
  const ok = h.phase === 'ok' || h.phase === 'unchanged';
  const text = ok ? (h.fqdn ?? '') : h.phase === 'cancelled' ? 'cancelled' : shortReason(h.error, h.tags, authKeyEnv);
  return { key: `${runId}:${h.id}`, runId, hostId: h.id, phase: h.phase, durationMs: h.durationMs, text };
}
