/**
 * The host detail as lines (pure, wrapped to a width), so the view only windows and colours them:
 * who/where, status, each step with duration and outcome, the commands run, the full error, the
 * remedy, and the output tail.
 */
import { fmtDuration, wrapText } from './format.js';
import { tailLines } from './host-events.js';
import { remedyFor, remedyTitle } from './remedy.js';
import type { HostView, StepView } from './types.js';

export type Tone = 'title' | 'ok' | 'bad' | 'warn' | 'dim' | 'plain';
export interface Line {
  text: string;
  tone: Tone;
}

export const STEP_ICON: Record<string, string> = {
  running: '…',
  ok: '✓',
  changed: '✓',
  skipped: '-',
  failed: '✗',
  'needs-action': '!',
};

export function stepTone(s: StepView['status']): Tone {
  return s === 'failed' ? 'bad' : s === 'needs-action' ? 'warn' : s === 'skipped' ? 'dim' : s === 'running' ? 'plain' : 'ok';
}

export function target(h: HostView): string {
  return `${h.user ? `${h.user}@` : ''}${h.address}${h.port ? `:${h.port}` : ''}`;
}

export function hostDetailLines(h: HostView, width: number, now: number, authKeyEnv: string): Line[] {
  const w = Math.max(20, width);
  const out: Line[] = [];
  const push = (text: string, tone: Tone = 'plain', indent = 0) => {
    for (const l of wrapText(text, w - indent)) out.push({ text: ' '.repeat(indent) + l, tone });
  };
  const os = h.facts.os ? `${h.facts.os}${h.os !== 'auto' ? ` (config: ${h.os})` : ''}` : h.os;
  push(`${h.id}  ${target(h)}  os ${os}${h.role ? `  role ${h.role}` : ''}`, 'title');
  push(`tags ${h.tags.join(', ') || '-'}`, 'dim', 2);
  const elapsed = h.durationMs ?? (h.startedAt !== null && h.phase === 'running' ? now - h.startedAt : null);
  const mode = h.mode ? `  (${h.mode})` : '';
  push(`status ${h.phase}${h.changed ? ', changed' : ''}${elapsed !== null ? `  ${fmtDuration(elapsed)}` : ''}${mode}`, 'plain', 2);
  if (h.fqdn) push(`fqdn ${h.fqdn}`, 'ok', 2);
  if (h.facts.version) push(`tailscale ${h.facts.version}`, 'dim', 2);
  if (h.lastOutcome && h.phase === 'idle') push(`last run: ${h.lastOutcome.status} at ${new Date(h.lastOutcome.at).toISOString()}`, 'dim', 2);

  if (h.steps.length) {
    out.push({ text: 'Steps', tone: 'title' });
    const idw = Math.max(...h.steps.map((s) => s.id.length));
    for (const s of h.steps) {
      const dur = s.status === 'running' ? fmtDuration(now - s.startedAt) : fmtDuration(s.durationMs);
      const what = s.error ? `${s.error.code}: ${s.error.message}` : (s.detail ?? '');
      push(`${STEP_ICON[s.status] ?? '?'} ${s.id.padEnd(idw)} ${s.status.padEnd(12)} ${dur.padStart(6)}  ${what}`.trimEnd(), stepTone(s.status), 2);
    }
  }
  if (h.commands.length) {
    out.push({ text: `Commands (${h.commands.length})`, tone: 'title' });
    for (const c of h.commands) push(`$ ${c.text}   → ${c.code}, ${fmtDuration(c.durationMs)}`, c.code === 0 ? 'dim' : 'warn', 2);
  }
  if (h.error) {
    out.push({ text: 'Error', tone: 'title' });
    push(`${h.error.code}${h.error.cause ? ` (${h.error.cause})` : ''}: ${h.error.message}`, 'bad', 2);
    const remedy = remedyFor(h.error, { authKeyEnv, planTags: h.tags });
    if (h.error.remedy || remedy) {
      out.push({ text: 'Remedy', tone: 'title' });
      if (remedy) push(`${remedyTitle(remedy)}  (press f)`, 'warn', 2);
      if (h.error.remedy) push(h.error.remedy, 'plain', 2);
    }
  }
  const tail = tailLines(h);
  if (tail.length) {
    out.push({ text: 'Output (last lines)', tone: 'title' });
    for (const l of tail) push(l, 'dim', 2);
  }
  return out;
}
