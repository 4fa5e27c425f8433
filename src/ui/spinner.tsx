/**
 * One shared tick for every spinner and elapsed-time label: a single interval in a context, running
 * only while something is live. Components that read it re-render on each tick; memoised rows that
 * do not read it do not.
 */
import { Text } from 'ink';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createFrameClock, type FrameClock } from '../state/frame-clock.js';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Tick {
  frame: string;
  now: number;
}

const TickContext = createContext<Tick>({ frame: SPINNER_FRAMES[0]!, now: Date.now() });

export function SpinnerProvider({
  active,
  clock,
  now = Date.now,
  children,
}: {
  active: boolean;
  /** The dashboard's frame clock (shared with the engine-event batcher); default: one of its own. */
  clock?: FrameClock;
  now?: () => number;
  children: ReactNode;
}) {
  const own = useMemo(() => clock ?? createFrameClock(), [clock]);
  const [tick, setTick] = useState<Tick>(() => ({ frame: SPINNER_FRAMES[0]!, now: now() }));
  useEffect(() => {
    setTick((t) => ({ frame: t.frame, now: now() }));
    if (!active) return;
    let i = 0;
    return own.every(() => {
      i = (i + 1) % SPINNER_FRAMES.length;
      setTick({ frame: SPINNER_FRAMES[i]!, now: now() });
    });
  }, [active, own, now]);
  return <TickContext.Provider value={tick}>{children}</TickContext.Provider>;
}

export function useTick(): Tick {
  return useContext(TickContext);
}

export function Spinner({ color }: { color?: string }) {
  const { frame } = useTick();
  return <Text color={color}>{frame}</Text>;
}
