import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher } from './batcher.js';
import { createFrameClock } from './frame-clock.js';

describe('frame clock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers batched events in the same tick as the spinner, so a busy second is ten draws, not twenty', () => {
    const clock = createFrameClock(100);
    const ticks: string[] = [];
    const off = clock.every(() => ticks.push('spin'));
    const b = createBatcher<number>((items) => ticks.push(`events ${items.length}`), { timers: clock.timers });
    // 50 hosts' output: an event every 2 ms for one second, drifting against the spinner's interval.
    for (let t = 0; t < 1000; t += 2) {
      b.push(t);
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(100);
    // Each tick is one task: the spinner and the events of that tick together, in that order.
    const groups = new Map<number, string[]>();
    let n = -1;
    for (const x of ticks) {
      if (x === 'spin') groups.set(++n, []);
      else groups.get(n)!.push(x);
    }
    expect(groups.size).toBe(11);
    expect([...groups.values()].every((g) => g.length <= 1)).toBe(true);
    const delivered = ticks.filter((x) => x.startsWith('events')).map((x) => Number(x.split(' ')[1]));
    expect(delivered.reduce((a, c) => a + c, 0)).toBe(500);
    expect(delivered.length).toBeLessThanOrEqual(11);
    off();
  });

  it('runs its interval only while something listens', () => {
    const intervals = { setInterval: vi.fn(() => 'h'), clearInterval: vi.fn() };
    const clock = createFrameClock(100, intervals);
    const a = clock.every(() => {});
    const b = clock.every(() => {});
    expect(intervals.setInterval).toHaveBeenCalledTimes(1);
    a();
    expect(intervals.clearInterval).not.toHaveBeenCalled();
    b();
    expect(intervals.clearInterval).toHaveBeenCalledWith('h');
    const handle = clock.timers.setTimeout(() => {}, 0);
    expect(intervals.setInterval).toHaveBeenCalledTimes(2);
    clock.timers.clearTimeout(handle);
    expect(intervals.clearInterval).toHaveBeenCalledTimes(2);
  });

  it('fires a batcher timeout once, on the next tick, and a subscriber added twice twice', () => {
    const clock = createFrameClock(100);
    const once = vi.fn();
    clock.timers.setTimeout(once, 5);
    const f = vi.fn();
    const offA = clock.every(f);
    const offB = clock.every(f);
    vi.advanceTimersByTime(99);
    expect(once).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(once).toHaveBeenCalledTimes(1);
    expect(f).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(100);
    expect(once).toHaveBeenCalledTimes(1);
    expect(f).toHaveBeenCalledTimes(4);
    offA();
    vi.advanceTimersByTime(100);
    expect(f).toHaveBeenCalledTimes(5);
    offB();
    vi.advanceTimersByTime(100);
    expect(f).toHaveBeenCalledTimes(5);
  });
});
