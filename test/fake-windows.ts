/**
 * A FakeCommander whose host is the Windows simulator (src/sim/windows.ts): every command is rendered
 * exactly as the SSH Commander would send it (src/quote.ts renderCommand, so `shell: 'powershell'`
 * becomes an -EncodedCommand line) and answered as cmd.exe / PowerShell would. Delays are skipped.
 * Calls are recorded by FakeCommander (argv, stdin, opts) for assertions.
 */
import type { RunOptions } from '../src/provider/commander.js';
import { renderCommand } from '../src/quote.js';
import { runJoinScriptInteractively, simWindowsShell, type SimWindowsHost } from '../src/sim/windows.js';
import type { SimResult } from '../src/sim/types.js';
import { FakeCommander } from './fake-commander.js';

export const WIN_NOW = Date.parse('2026-08-22T14:04:00Z');

export interface FakeWindows {
  fake: FakeCommander;
  /** Every exec line sent, as cmd.exe received it. */
  lines: string[];
  state(): SimWindowsHost;
  set(patch: Partial<SimWindowsHost>): void;
  /** The operator runs C:\temp\join-mesh.ps1 in an interactive session. */
  operatorRuns(): SimResult;
}

export function fakeWindowsHost(initial: SimWindowsHost, now: () => number = () => WIN_NOW): FakeWindows {
  let state = initial;
  const lines: string[] = [];
  const fake = new FakeCommander().on(
    () => true,
    (argv, opts: RunOptions) => {
      const line = renderCommand(argv, opts.shell ?? 'posix');
      lines.push(line);
      const r = simWindowsShell(line, { host: state, stdin: opts.stdin ?? '', now });
      state = r.state as SimWindowsHost;
      return { stdout: r.stdout, stderr: r.stderr, code: r.code };
    },
  );
  return {
    fake,
    lines,
    state: () => state,
    set(patch) {
      state = { ...state, ...patch };
    },
    operatorRuns() {
      const r = runJoinScriptInteractively(state, now);
      state = r.state as SimWindowsHost;
      return r;
    },
  };
}
