/** The dashboard's services over the real engine: the same runFleet the headless commands use. */
import type { HostConfig, Inventory } from '../config/types.js';
import type { HostDeps } from '../provider/api.js';
import { makeRedactor } from '../redact.js';
import type { Journal } from '../state/journal.js';
import type { DashboardServices, HostKeyPrompt } from '../ui/index.js';

// The engine loads on first use, not before the dashboard's first frame.
const provider = () => import('../provider/index.js');

export interface EngineFactory {
  /** Fresh deps for one run (the SSH connector, or the demo's simulated fleet). */
  open(o: { askHostKey: HostKeyPrompt; sudoPasswords: ReadonlyMap<string, string> }): Promise<{ deps: HostDeps; closeAll(): Promise<void> }>;
}

/** The env as the engine sees it, without one variable (a forced Headscale mint). */
export function withoutEnv(env: HostDeps['env'], name: string): HostDeps['env'] {
  return (n) => (n === name ? undefined : env(n));
}

export function dashboardServices(inv: Inventory, engine: EngineFactory, journal: Journal | null, secrets: string[]): DashboardServices {
  let prompt: HostKeyPrompt | null = null;
  const askHostKey: HostKeyPrompt = (q) => (prompt ? prompt(q) : Promise.resolve(false));
  const byId = new Map(inv.hosts.map((h) => [h.id, h]));
  const pick = (ids: string[]): HostConfig[] => ids.map((id) => byId.get(id)).filter((h): h is HostConfig => h !== undefined);
  return {
    inventory: inv,
    async provision(ids, mode, opts) {
      const hosts = pick(ids);
      const engine$ = await engine.open({ askHostKey, sudoPasswords: opts.sudoPasswords });
      journal?.start(opts.runId, mode, hosts.map((h) => h.id), inv.path);
      try {
        // The dashboard's `x` (stop waiting for the Windows operator) aborts this host's watch only.
        const deps: HostDeps = { ...engine$.deps, watchSignal: (id) => opts.watchSignal(id) };
        // "Mint a new key": the env var reads as unset for this run, so mint-key mints on the Headscale host.
        if (opts.mintKey && inv.tailscale.headscale) deps.env = withoutEnv(engine$.deps.env, inv.tailscale.authKeyEnv);
        const { runFleet } = await provider();
        const results = await runFleet(inv, hosts, deps, {
          runId: opts.runId,
          mode,
          signal: opts.signal,
          concurrency: inv.concurrency,
          emit: (e) => {
            journal?.record(e);
            opts.emit(e);
          },
        });
        journal?.end(opts.runId, opts.signal.aborted ? 'cancelled' : 'completed');
        return results;
      } finally {
        await engine$.closeAll();
      }
    },
    async fetchStatus(hostId, signal) {
      const host = byId.get(hostId);
      if (!host) throw new Error(`no host ${hostId}`);
      const engine$ = await engine.open({ askHostKey, sudoPasswords: new Map() });
      try {
        const commander = await engine$.deps.connect(host, signal);
        const { fetchStatus } = await provider();
        return await fetchStatus(commander, { hostId, signal });
      } finally {
        await engine$.closeAll();
      }
    },
    setHostKeyPrompt(fn) {
      prompt = fn;
    },
    async windowsScript(hostId, mode, tags) {
      const { windowsJoinScript } = await provider();
      const s = windowsJoinScript(inv, hostId, mode, tags);
      return { path: s.path, command: s.command, text: s.text };
    },
    async prepare(hostId, password, signal) {
      const host = byId.get(hostId);
      if (!host) throw new Error(`no host ${hostId}`);
      const { prepareOnHost } = await import('./prepare.js');
      const engine$ = await engine.open({ askHostKey, sudoPasswords: new Map() });
      try {
        const r = await prepareOnHost(inv, host, (h, s) => engine$.deps.connect(h, s), { password, undo: false, signal });
        return { ok: r.verified, detail: r.detail };
      } finally {
        await engine$.closeAll();
      }
    },
    canMintKeys: Boolean(inv.tailscale.headscale),
    lastOutcomes: journal ? () => journal.lastOutcomes() : undefined,
    redact: makeRedactor(secrets),
  };
}
