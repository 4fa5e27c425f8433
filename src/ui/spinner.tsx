/**
 * One shared tick for every spinner and elapsed-time label: a single interval in a context, running
 * only while something is live. Components that read it re-render on each tick; memoised rows that
 * do not read it do not.
 */
import { Text } from 'ink';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Tick {
  frame: string;
  now: number;
}

const TickContext = createContext<Tick>({ frame: SPINNER_FRAMES[0]!, now: Date.now() });

export function SpinnerProvider({
  active,
  intervalMs = 100,
  now = Date.now,
  children,
}: {
  active: boolean;
  intervalMs?: number;
  now?: () => number;
  children: ReactNode;
}) {
  const [tick, setTick] = useState<Tick>(() => ({ frame: SPINNER_FRAMES[0]!, now: now() }));
  useEffect(() => {
    setTick((t) => ({ frame: t.frame, now: now() }));
    if (!active) return;
    let i = 0;
    const id = setInterval(() => {
      i = (i + 1) % SPINNER_FRAMES.length;
      setTick({ frame: SPINNER_FRAMES[i]!, now: now() });
    }, intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs, now]);
  return <TickContext.Provider value={tick}>{children}</TickContext.Provider>;
}

export function useTick(): Tick {
  return useContext(TickContext);
}

export function Spinner({ color }: { color?: string }) {
  const { frame } = useTick();
  return <Text color={color}>{frame}</Text>;
}
