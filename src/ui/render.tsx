/**
 * Entry points for src/cli.ts: mount the dashboard or the stand-alone node table on the given
 * streams and resolve with the exit code once the user quits. Ctrl-C is handled as a key (cancel
 * every host, then exit); Ink restores the terminal (raw mode off, cursor shown) on unmount, and
 * also on SIGINT/SIGTERM/exit through its signal-exit hook.
 */
import { render, useApp } from 'ink';
import React from 'react';
import { setFlagsFromString } from 'node:v8';
import { parseStatus, type NodeTable as NodeTableData } from '../state/nodes.js';
import { Dashboard } from './dashboard.js';
import { NodeTable } from './node-table.js';
import type { DashboardServices } from './services.js';
import { useTerminalSize } from './terminal-size.js';
import { makeTheme, ThemeProvider } from './theme.js';

export interface RenderStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Environment for NO_COLOR; process.env when absent. */
  env?: Record<string, string | undefined>;
  /** Ink's debug mode (every frame written whole): for tests. */
  debug?: boolean;
}

function mount(node: React.ReactElement, o: RenderStreams) {
  return render(<ThemeProvider theme={makeTheme(o.env ?? process.env)}>{node}</ThemeProvider>, {
    stdout: o.stdout,
    stdin: o.stdin,
    ...(o.stderr ? { stderr: o.stderr } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
    debug: o.debug ?? false,
    maxFps: 20,
  });
}

/** The interactive dashboard. Resolves 0 when every host that ran is ok, 1 otherwise (CONTRACT.md). */
export async function renderDashboard(services: DashboardServices, o: RenderStreams & { configPath?: string }): Promise<number> {
  // A streaming fleet redraws many times a second, and some of each frame's garbage outlives a
  // scavenge, so the old generation fills with it: by default V8 lets that space grow 2-4× past what
  // the last major GC found live (+30 MiB of peak RSS in a 50-host run, ~20 MiB live at the end).
  // Growing it by 25% collects that garbage sooner: peak RSS 132-156 → 125-127 MiB in bench/'s
  // 50-host dashboard run, for maybe 0.2 s more CPU (more major GCs). V8 reads this flag at every
  // major GC (heap limits), so setting it at run time works, unlike the heap-size flags (read at
  // startup only; `node dist/meshtui.js` takes no flags). Only the dashboard: headless runs and
  // `status` keep V8's defaults.
  setFlagsFromString('--heap-growing-percent=25');
  let code = 0;
  const app = mount(<Dashboard services={services} configPath={o.configPath} onExit={(c) => (code = c)} />, o);
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
  }
  return code;
}

function NodeTableApp({ table, title, onExit }: { table: NodeTableData; title: string; onExit(): void }) {
  const size = useTerminalSize();
  const { exit } = useApp();
  const quit = () => {
    onExit();
    exit();
  };
  return (
    <NodeTable json={table} title={title} width={size.columns} height={size.rows - 1} isActive embedded={false} onClose={quit} onQuit={quit} />
  );
}

/** `meshtui status --file F`: the node table alone (from the text or the table already parsed from it). Resolves 0, or 1 when the file is not a status document. */
export async function renderNodeTable(status: string | NodeTableData, o: RenderStreams & { title: string }): Promise<number> {
  const table = typeof status === 'string' ? parseStatus(status) : status;
  const app = mount(<NodeTableApp table={table} title={o.title} onExit={() => undefined} />, o);
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
  }
  return table.ok ? 0 : 1;
}
