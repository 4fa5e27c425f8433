/**
 * Collects items (engine events) and hands them over in one array at most every `intervalMs`
 * (default 80 ms: ~12 flushes a second), so a chatty fleet costs React one dispatch per frame, not one
 * per output chunk. The first item after a quiet spell is delivered on the next tick of the interval.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Batcher<T> {
  push(item: T): void;
  /** Deliver whatever is pending now (before a run/finished action, on exit). */
  flush(): void;
  /** Drop pending items and stop the timer; later pushes are ignored. */
  dispose(): void;
  readonly pending: number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export function createBatcher<T>(deliver: (items: T[]) => void, opts: { intervalMs?: number; timers?: Timers } = {}): Batcher<T> {
  const intervalMs = opts.intervalMs ?? 80;
  const timers = opts.timers ?? realTimers;
  let queue: T[] = [];
  let handle: unknown = null;
  let disposed = false;

  const flush = () => {
    if (handle !== null) {
      timers.clearTimeout(handle);
      handle = null;
    }
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    deliver(items);
  };

  return {
    push(item) {
      if (disposed) return;
      queue.push(item);
      if (handle === null) handle = timers.setTimeout(flush, intervalMs);
    },
    flush,
    dispose() {
      disposed = true;
      queue = [];
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    get pending() {
      return queue.length;
    },
  };
}
