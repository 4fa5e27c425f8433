import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher } from './batcher.js';

describe('batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers one array per interval, at most ~12 times a second', () => {
    const got: number[][] = [];
    const b = createBatcher<number>((items) => got.push(items));
    for (let i = 0; i < 1000; i += 1) {
      b.push(i);
      vi.advanceTimersByTime(1); // 1,000 events over one second
    }
    vi.advanceTimersByTime(100);
    expect(got.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(got.length).toBeGreaterThanOrEqual(11);
    expect(got.length).toBeLessThanOrEqual(14);
  });

  it('waits for the interval, flushes on demand, and is quiet when idle', () => {
    const deliver = vi.fn();
    const b = createBatcher<string>(deliver, { intervalMs: 50 });
    b.push('a');
    b.push('b');
    vi.advanceTimersByTime(49);
    expect(deliver).not.toHaveBeenCalled();
    expect(b.pending).toBe(2);
    b.flush();
    expect(deliver).toHaveBeenCalledWith(['a', 'b']);
    vi.advanceTimersByTime(1000);
    expect(deliver).toHaveBeenCalledTimes(1);
    b.flush();
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('drops everything after dispose', () => {
    const deliver = vi.fn();
    const b = createBatcher<number>(deliver);
    b.push(1);
    b.dispose();
    b.push(2);
    vi.advanceTimersByTime(1000);
    expect(deliver).not.toHaveBeenCalled();
  });
});
