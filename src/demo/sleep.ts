import { MeshError } from '../provider/errors.js';

/** setTimeout as a promise that rejects with ErrCancelled when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MeshError('ErrCancelled', 'cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    const onAbort = () => {
      clearTimeout(t);
      reject(new MeshError('ErrCancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
