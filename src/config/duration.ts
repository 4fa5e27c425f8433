/**
 * Durations in config: `10s`, `500ms`, `2m`, `1h`, `1m30s`, `1.5s`, or a bare number of seconds.
 * Units go from largest to smallest, each at most once (as Go's time.ParseDuration reads them).
 */
import { kindOf, show } from './show.js';

const NUM = '(\\d+(?:\\.\\d+)?)';
const DURATION = new RegExp(`^(?:${NUM}h)?(?:${NUM}m(?!s))?(?:${NUM}s)?(?:${NUM}ms)?$`);
const UNIT_MS = [3_600_000, 60_000, 1_000, 1];
const DAY_MS = 86_400_000;

export const DURATION_HELP = 'like 10s, 500ms, 2m, 1h, 1m30s, or a number of seconds';

/** Parse a duration to whole milliseconds; a string result is the reason it is not one. */
export function parseDurationMs(v: unknown, maxMs = DAY_MS): number | string {
  let ms: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return `${show(v)} is not a duration (${DURATION_HELP})`;
    ms = v * 1000;
  } else if (typeof v === 'string') {
    const s = v.trim();
    const m = s === '' ? null : /^\d+(?:\.\d+)?$/.test(s) ? ['', null, null, s, null] : DURATION.exec(s);
    if (!m) return `${show(v)} is not a duration (${DURATION_HELP})`;
    ms = 0;
    for (let i = 0; i < 4; i++) {
      const part = m[i + 1];
      if (part) ms += Number(part) * UNIT_MS[i]!;
    }
  } else {
    return `expected a duration (${DURATION_HELP}), got ${kindOf(v)}`;
  }
  ms = Math.round(ms);
  if (ms <= 0) return 'must be longer than 0';
  if (ms > maxMs) return `must be at most ${formatDuration(maxMs)}`;
  return ms;
}

/** Milliseconds as a short duration string: 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let rest = Math.round(ms / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

const EXPIRATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+s)?(?:\d+ms)?$/;

/**
 * A Headscale pre-auth key expiration, passed to `headscale preauthkeys create --expiration`,
 * which reads Prometheus durations (integers; y, w, d, h, m, s, ms). A bare number is seconds.
 */
export function parseExpiration(v: unknown): { value: string } | string {
  const help = 'like 24h, 90m, 7d';
  let s: string;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) s = `${v}s`;
  else if (typeof v === 'string' && /^\d+$/.test(v)) s = `${v}s`;
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number') return `${show(v)} is not a duration (${help})`;
  else return `expected a duration (${help}), got ${kindOf(v)}`;
  if (s === '' || s.length > 40 || !EXPIRATION.test(s)) return `${show(v)} is not a duration (${help})`;
  if (!/[1-9]/.test(s)) return 'must be longer than 0';
  return { value: s };
}
