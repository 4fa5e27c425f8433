/**
 * Colours by meaning, and NO_COLOR (https://no-color.org): Ink's chalk does not read NO_COLOR (only
 * FORCE_COLOR and --no-color), so the dashboard drops every colour and dim attribute itself when it is
 * set. Nothing is conveyed by colour alone: each status also has its symbol and word.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Tone } from '../state/detail.js';
import type { HostPhase } from '../state/types.js';

export interface Theme {
  color: boolean;
}

export interface ToneProps {
  color?: string;
  dimColor?: boolean;
  bold?: boolean;
}

export function makeTheme(env: Record<string, string | undefined> = process.env): Theme {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: !noColor };
}

const COLORS: Record<Tone, ToneProps> = {
  title: { bold: true },
  ok: { color: 'green' },
  bad: { color: 'red' },
  warn: { color: 'yellow' },
  dim: { dimColor: true },
  plain: {},
};

export function toneProps(theme: Theme, tone: Tone): ToneProps {
  const p = COLORS[tone];
  if (theme.color) return p;
  return p.bold ? { bold: true } : {};
}

export function phaseTone(p: HostPhase): Tone {
  switch (p) {
    case 'ok':
    case 'unchanged':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'needs-action':
    case 'cancelled':
      return 'warn';
    case 'running':
      return 'title';
    default:
      return 'dim';
  }
}

const ThemeContext = createContext<Theme>({ color: true });

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
