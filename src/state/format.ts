/**
 * Small pure string helpers shared by the reducer, the node table and the views: durations, relative
 * times, one-line sanitising (remote output may carry escape sequences), truncation and wrapping.
 * Widths count code points; every view also renders with `wrap="truncate"` as a safety net.
 */

/** 0.4s · 12.3s · 2m05s · 1h02m */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "3m ago", "2h ago", "5d ago" (coarse, for last-seen and last-outcome cells). */
export function fmtAgo(thenMs: number, nowMs: number): string {
  const d = Math.max(0, nowMs - thenMs);
  if (d < 60_000) return 'just now';
  if (d < 3_600_000) return `${Math.floor(d / 60_000)}m ago`;
  if (d < 86_400_000) return `${Math.floor(d / 3_600_000)}h ago`;
  return `${Math.floor(d / 86_400_000)}d ago`;
}

// CSI / OSC / other ESC sequences, then remaining C0/C1 controls except tab.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Any C0/C1 control (ESC, CSI and tab included): when there is none, the line is already clean. */
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One printable line: escape sequences and control characters removed, tabs expanded. */
export function sanitizeLine(s: string): string {
  // Fast path: a 5,000-peer status has ~100k strings and almost none need the three replaces.
  if (!ANY_CONTROL.test(s)) return s;
  return s.replace(ANSI, '').replace(CONTROL, '').replace(/\t/g, '  ');
}

/** Truncate to `width` code points, ending in … when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  const cps = [...s];
  if (cps.length <= width) return s;
  if (width === 1) return '…';
  return cps.slice(0, width - 1).join('') + '…';
}

/** Truncate, then pad with spaces to exactly `width` code points. */
export function cell(s: string, width: number): string {
  const t = truncate(s, width);
  const len = [...t].length;
  return len >= width ? t : t + ' '.repeat(width - len);
}

export function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** Hard-wrap text to `width` (word-aware where possible); keeps blank lines. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let line = sanitizeLine(raw);
    if (line.length === 0) {
      out.push('');
      continue;
    }
    while ([...line].length > w) {
      const cps = [...line];
      let cut = cps.slice(0, w + 1).join('').lastIndexOf(' ');
      if (cut <= 0) cut = w;
      out.push(cps.slice(0, cut).join('').trimEnd());
      line = cps.slice(cut).join('').trimStart();
    }
    out.push(line);
  }
  return out;
}

/** The first line of a message, without the provider's prefix, for one-line reasons. */
export function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim().length > 0) ?? '';
  return sanitizeLine(line).replace(/^tailscale provider:\s*/, '').trim();
}
