/**
 * A masked text field's value (the sudo password): held in a ref, never in reducer state, never
 * rendered. Only its length reaches the view (as bullets). `take()` hands it over once and forgets it.
 * The object is stable and `length` reads the ref, so a key handler that runs right after typing (a
 * paste ending in Enter arrives as one chunk) sees what was typed, not the last render's value.
 */
import { useMemo, useReducer, useRef } from 'react';

export interface Secret {
  readonly length: number;
  append(text: string): void;
  erase(): void;
  take(): string;
  clear(): void;
}

export function useSecret(): Secret {
  const value = useRef('');
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  return useMemo<Secret>(() => {
    const set = (v: string) => {
      value.current = v;
      rerender();
    };
    return {
      get length() {
        return [...value.current].length;
      },
      append(text) {
        set((value.current + text).slice(0, 1024));
      },
      erase() {
        set([...value.current].slice(0, -1).join(''));
      },
      take() {
        const v = value.current;
        set('');
        return v;
      },
      clear() {
        set('');
      },
    };
  }, []);
}
