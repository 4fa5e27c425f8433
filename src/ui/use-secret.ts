/**
 * A masked text field's value (the sudo password): held in a ref, never in reducer state, never
 * rendered. Only its length reaches the view (as bullets). `take()` hands it over once and forgets it.
 */
import { useMemo, useRef, useState } from 'react';

export interface Secret {
  length: number;
  append(text: string): void;
  erase(): void;
  take(): string;
  clear(): void;
}

export function useSecret(): Secret {
  const value = useRef('');
  const [length, setLength] = useState(0);
  return useMemo<Secret>(
    () => ({
      length,
      append(text) {
        value.current = (value.current + text).slice(0, 1024);
        setLength([...value.current].length);
      },
      erase() {
        value.current = [...value.current].slice(0, -1).join('');
        setLength([...value.current].length);
      },
      take() {
        const v = value.current;
        value.current = '';
        setLength(0);
        return v;
      },
      clear() {
        value.current = '';
        setLength(0);
      },
    }),
    [length],
  );
}
