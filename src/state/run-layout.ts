/**
 * Fitting a running fleet into the live region: how many lines each running host gets (a header,
 * its step chain, a tail of output), falling back to one line per host and "+N more" so the live
 * region never grows past the terminal.
 */
import { truncate } from './format.js';
import { STEP_ICON } from './detail.js';
import { LIMITS, type StepView } from './types.js';

export interface PanelPlan {
  /** Hosts drawn (the rest are summarised in one "+N more" line). */
  shown: number;
  /** Lines per host: 1 = compact, 2 = header + steps, 2 + t = with t tail lines. */
  linesPerHost: number;
  tail: number;
  more: number;
}

export function planPanels(running: number, available: number): PanelPlan {
  if (running <= 0 || available <= 0) return { shown: 0, linesPerHost: 0, tail: 0, more: running };
  for (let tail = LIMITS.tailLines; tail >= 0; tail -= 1) {
    const per = 2 + tail;
    if (per * running <= available) return { shown: running, linesPerHost: per, tail, more: 0 };
  }
  if (running <= available) return { shown: running, linesPerHost: 1, tail: 0, more: 0 };
  const shown = Math.max(0, available - 1);
  return { shown, linesPerHost: 1, tail: 0, more: running - shown };
}

/** "✓ connect ✓ detect-os ⠋ install", dropping the oldest steps (with "… ") to fit `width`. */
export function stepChain(steps: readonly StepView[], width: number, spinner: string): string {
  const parts = steps.map((s) => `${s.status === 'running' ? spinner : (STEP_ICON[s.status] ?? '?')} ${s.id}`);
  let start = 0;
  const text = (from: number) => (from > 0 ? '… ' : '') + parts.slice(from).join(' ');
  while (start < parts.length - 1 && [...text(start)].length > width) start += 1;
  return truncate(text(start), width);
}
