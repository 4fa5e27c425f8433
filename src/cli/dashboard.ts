/** `meshtui` and `meshtui --demo`: the dashboard on a TTY, plain lines otherwise. */
import type { Inventory } from '../config/types.js';
import { createEngineServices } from './engine.js';
import { dashboardServices, type EngineFactory } from './services.js';
import { makeRedactor } from '../redact.js';
import type { Io } from './main.js';
import { renderLiveOnThisTerminal } from './tty.js';

// headless.js brings the whole engine: loaded when needed, so `--demo` draws its first frame without it.
const headless = () => import('./headless.js');

export interface DashboardCommand {
  config?: string;
  demo: boolean;
  io: Io;
  loadInventory(): Promise<Inventory>;
}

export async function runDashboardCommand(c: DashboardCommand): Promise<number> {
  const tty = Boolean(c.io.stdout.isTTY && c.io.stdin.isTTY);
  // Start loading the UI (Ink, React, yoga's WebAssembly, compiled off the main thread) now, while the
  // demo or the config loads: the first frame comes ~50 ms sooner than loading them one after the other.
  const ui = tty ? (renderLiveOnThisTerminal(), import('../ui/index.js')) : null;
  ui?.catch(() => {});
  if (c.demo) {
    const { createDemo } = await import('../demo/index.js');
    const demo = createDemo();
    if (!tty) return (await (await headless()).runHeadless({ inv: demo.inventory, hosts: demo.inventory.hosts, mode: 'provision', concurrency: demo.inventory.concurrency, json: false, stdout: c.io.stdout, stderr: c.io.stderr, engine: demo.engine, journal: null })).code;
    const { renderDashboard } = await ui!;
    return renderDashboard(dashboardServices(demo.inventory, demo.engine, null, []), { stdout: c.io.stdout, stdin: c.io.stdin, stderr: c.io.stderr, configPath: 'built-in demo fleet' });
  }
  const inv = await c.loadInventory();
  const secret = process.env[inv.tailscale.authKeyEnv];
  const { journalFor } = await headless();
  const journal = journalFor(inv, makeRedactor([secret]));
  if (!tty) {
    // Plain output: the host list with each host's last outcome from the journal.
    const last = journal.lastOutcomes();
    for (const h of inv.hosts) {
      const o = last[h.id];
      const seen = o ? `${o.status} at ${new Date(o.at).toISOString()}${o.error ? ` ${o.error.code}: ${o.error.message}` : ''}` : 'idle (never provisioned)';
      c.io.stdout.write(`${h.id} ${h.address}${h.port ? `:${h.port}` : ''} ${seen}\n`);
    }
    return 0;
  }
  const engine: EngineFactory = { open: (o) => createEngineServices(inv, o) };
  const { renderDashboard } = await ui!;
  return renderDashboard(dashboardServices(inv, engine, journal, secret ? [secret] : []), {
    stdout: c.io.stdout,
    stdin: c.io.stdin,
    stderr: c.io.stderr,
    configPath: inv.path,
  });
}
