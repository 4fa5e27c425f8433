/**
 * One clock for everything that redraws the dashboard on its own: the spinner/elapsed-time tick and
 * the engine-event batcher both run on it, so while a fleet runs React commits (and Ink draws) once
 * per tick. With a timer each they drifted apart and could cost two draws a tick (Ink throttles to
 * 20 a second, so measured on 50 hosts it saved little: ~0.1 s of ~3 s CPU; the Ink fast paths in
 * src/ui/styled-chars.ts did the rest).
 *
 * The interval runs only while something is subscribed. Subscribers of one tick are called in the
 * same task, so React batches their updates into one render.
 */
import type { Timers } from './batcher.js';

export interface FrameClock {
  /** fn on every tick until the returned function is called. */
  every(fn: () => void): () => void;
  /** A Timers for createBatcher: its timeouts end on the clock's next tick (the delay is the clock's). */
  readonly timers: Timers;
}

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realIntervals: IntervalTimers = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof globalThis.setInterval>),
};

export function createFrameClock(intervalMs = 100, intervals: IntervalTimers = realIntervals): FrameClock {
  const subs = new Set<() => void>();
  let handle: unknown = null;
  const tick = () => {
    for (const fn of [...subs]) if (subs.has(fn)) fn();
  };
  const every = (fn: () => void) => {
    // A wrapper per subscription: the same function may subscribe twice.
    const sub = () => fn();
    subs.add(sub);
    if (handle === null) handle = intervals.setInterval(tick, intervalMs);
    return () => {
      subs.delete(sub);
      if (subs.size === 0 && handle !== null) {
        intervals.clearInterval(handle);
        handle = null;
      }
    };
  };
  const timers: Timers = {
    setTimeout(fn) {
      const off = every(() => {
        off();
        fn();
      });
      return off;
    },
    clearTimeout(h) {
      (h as () => void)();
    },
  };
  return { every, timers };
}
