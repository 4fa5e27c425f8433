/**
 * One host as one line of the host list, precomputed: column widths for a terminal width, the
 * fixed cells, the status label and the last column (FQDN, short reason, or the live step).
 */
import { cell, cpLength, fmtAgo, fmtDuration, truncate } from './format.js';
import { shortReason, tailLines } from './host-events.js';
import type { HostPhase, HostView } from './types.js';

export interface HostLayout {
  id: number;
  address: number;
  os: number;
  role: number;
  tags: number;
  status: number;
  rest: number;
}

export const ROW_PREFIX = 3;

/** Column widths for a terminal width: narrow terminals drop tags, then role, then address and OS. */
export function hostLayout(width: number): HostLayout {
  const w = Math.max(30, width);
  const wide = w >= 100;
  const id = wide ? 16 : w >= 64 ? 12 : 10;
  const address = wide ? 20 : w >= 64 ? 15 : 0;
  const os = w >= 64 ? 7 : 0;
  const role = w >= 90 ? 6 : 0;
  const tags = w >= 120 ? Math.min(30, w - 100) : 0;
  const status = 14;
  const fixed = ROW_PREFIX + id + address + os + role + tags + status;
  const gaps = [id, address, os, role, tags, status].filter((n) => n > 0).length;
  return { id, address, os, role, tags, status, rest: Math.max(0, w - fixed - gaps) };
}

export const PHASE_LABEL: Record<HostPhase, string> = {
  idle: 'idle',
  queued: 'queued',
  running: 'running',
  ok: 'ok',
  unchanged: 'unchanged',
  failed: 'failed',
  'needs-action': 'needs action',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

export const PHASE_ICON: Record<HostPhase, string> = {
  idle: '·',
  queued: '…',
  running: '',
  ok: '✓',
  unchanged: '✓',
  failed: '✗',
  'needs-action': '!',
  skipped: '-',
  cancelled: '×',
};

/** The OS as a short word for the list (the full label is in the selection line and the detail). */
export function shortOs(h: HostView): string {
  const f = h.facts;
  if (f.wsl === 'true') return 'wsl';
  if (/windows/i.test(f.os ?? '') || /^(MINGW|MSYS|CYGWIN)/i.test(f.kernel ?? '')) return 'windows';
  if (/^linux$/i.test(f.kernel ?? '')) return 'linux';
  if (f.os) return f.os.split(/\s+/)[0]!.toLowerCase();
  return h.os;
}

/** id, address, os, role (and tags on wide terminals), padded: the part of a row that rarely changes. */
export function hostLeftText(h: HostView, l: HostLayout): string {
  const parts = [cell(h.id, l.id)];
  if (l.address) parts.push(cell(h.address, l.address));
  if (l.os) parts.push(cell(shortOs(h), l.os));
  if (l.role) parts.push(cell(h.role ?? '-', l.role));
  if (l.tags) parts.push(cell(h.tags.join(',') || '-', l.tags));
  return parts.join(' ') + ' ';
}

/** The last column for a host that is not running. */
export function hostRestText(h: HostView, l: HostLayout, now: number, authKeyEnv: string): string {
  let text = '';
  if (h.phase === 'ok' || h.phase === 'unchanged') {
    const dur = fmtDuration(h.durationMs);
    text = h.fqdn ?? '';
    if (dur && cpLength(text) + 2 + dur.length <= l.rest) text = text ? `${text}  ${dur}` : dur;
  }
  else if (h.phase === 'failed' || h.phase === 'needs-action' || h.phase === 'skipped') text = shortReason(h.error, h.tags, authKeyEnv);
  else if (h.phase === 'queued') text = 'waiting for a slot';
  else if (h.phase === 'idle') {
    const last = h.lastOutcome ? `last: ${h.lastOutcome.status} ${fmtAgo(h.lastOutcome.at, now)}` : '';
    text = [h.fqdn ?? '', last].filter(Boolean).join('  ');
  }
  return truncate(text, l.rest);
}

/** What the operator must do for a running host (the Windows interactive join), or null. */
export function operatorAction(h: HostView): string | null {
  if (h.phase !== 'running' || !h.facts.action) return null;
  const cmd = h.facts.actionCommand;
  return cmd ? `run on ${h.id} (RDP or console): ${cmd}` : `waiting for the operator (${h.facts.action})`;
}

/** The live part for a running host: current step, its elapsed time, the last output line (or what the operator must do). */
export function runningRestText(h: HostView, width: number, now: number): string {
  const step = [...h.steps].reverse().find((s) => s.status === 'running') ?? h.steps[h.steps.length - 1];
  const since = step?.status === 'running' ? step.startedAt : h.startedAt;
  const last = operatorAction(h) ?? tailLines(h).at(-1) ?? '';
  const head = step ? `${step.id} ${fmtDuration(since !== null && since !== undefined ? now - since : null)}` : 'starting';
  return truncate(last ? `${head}  ${last}` : head, width);
}

export function statusText(h: HostView, l: HostLayout): string {
  return cell(`${PHASE_ICON[h.phase]}${PHASE_ICON[h.phase] ? ' ' : ''}${PHASE_LABEL[h.phase]}`, l.status);
}
