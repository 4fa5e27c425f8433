/**
 * Which slice of a long list is on screen. Stateless callers pass the previous start; the window
 * moves only as far as needed to keep the cursor visible (no jumping by pages), and never shows
 * empty rows past the end.
 */
export interface Window {
  start: number;
  end: number;
}

export function scrollWindow(prevStart: number, cursor: number, total: number, height: number): Window {
  const h = Math.max(1, Math.floor(height));
  if (total <= h) return { start: 0, end: total };
  const c = Math.max(0, Math.min(total - 1, cursor));
  let start = Math.max(0, Math.min(prevStart, total - h));
  if (c < start) start = c;
  else if (c >= start + h) start = c - h + 1;
  return { start, end: start + h };
}

/** The visible slice of scrollable text: clamps the offset and reports the largest useful one. */
export function scrollText<T>(lines: readonly T[], offset: number, height: number): { lines: T[]; offset: number; max: number } {
  const h = Math.max(1, height);
  const max = Math.max(0, lines.length - h);
  const o = Math.max(0, Math.min(offset, max));
  return { lines: lines.slice(o, o + h), offset: o, max };
}

/** The largest scroll offset of a page of `height` lines that keeps one line for "↓ N more". */
export function pagedMax(total: number, height: number): number {
  return total > height && height >= 2 ? total - (height - 1) : 0;
}
