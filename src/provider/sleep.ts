/** An abortable sleep (the Windows settle delay and the operator watch's poll interval). */
import { cancelledError } from './context.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise; rejects with ErrCancelled as soon as the signal aborts. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelledError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
