import type { SimHost, SimResult } from './types.js';

export interface ResultInit {
  stdout?: string;
  stderr?: string;
  code?: number;
  /** Extra time beyond the host's per-command delay; Infinity: never returns. */
  delayMs?: number;
  saveStateFirst?: boolean;
}

/** A command's result; every command costs the host's perCommandMs on top of its own delay. */
export function result(state: SimHost, r: ResultInit = {}): SimResult {
  return {
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    code: r.code ?? 0,
    delayMs: state.delays.perCommandMs + (r.delayMs ?? 0),
    state,
    ...(r.saveStateFirst ? { saveStateFirst: true } : {}),
  };
}

export const failure = (state: SimHost, stderr: string, code = 1): SimResult => result(state, { stderr, code });
