/**
 * One host, start to finish: connect → detect-os → check-version → install → join → verify → fqdn.
 * One SSH connection per host, closed at the end whatever happens. Never throws: every failure
 * becomes a HostResult with status failed | needs-action and a structured error.
 */
import type { HostConfig, Inventory } from '../config/types.js';
import type { HostDeps, ProvisionRun } from './api.js';
import type { Commander } from './commander.js';
import { parseProviderConfig } from './config.js';
import { createContext, raceAbort, type ProviderContext } from './context.js';
import { MeshError, toMeshError } from './errors.js';
import type { HostResult } from './events.js';
import { describeJoined } from './checks.js';
import type { JoinOptions, JoinResult } from './join.js';
import { createFleetShared, mintKeyStep, syncthingStep, verifyExtras, wantsSyncthing, type FleetShared } from './extras.js';
import type { HeadscaleRequester } from './headscale-session.js';
import { assertLinux } from './os.js';
import { platformOps } from './platform.js';
import { awaitsOperator } from './windows/action.js';
import { detectTarget } from './windows/detect.js';
import { DEFAULT_WINDOWS_WATCH_MS, watchOperator } from './windows/watch.js';
import { wslNotes } from './wsl.js';
import { get } from './registry.js';
import { errorInfo, StepRunner } from './steps.js';
import { computeHostTags } from './tags.js';
import { assertMinVersion, type InstalledVersion } from './version.js';
import { PROVIDER_ID } from './tailscale.js';
import './tailscale.js';

export { fetchStatus } from './daemon.js';

function target(host: HostConfig): string {
  return `${host.user ? `${host.user}@` : ''}${host.address}${host.port ? `:${host.port}` : ''}`;
}

/** One host, start to finish (a Windows host waiting for its operator included). */
export async function provisionHost(inv: Inventory, host: HostConfig, deps: HostDeps, run: ProvisionRun, shared?: FleetShared): Promise<HostResult> {
  const first = await startHost(inv, host, deps, run, shared);
  return first.watch ? first.watch() : first.result;
}

export interface HostStart {
  result: HostResult;
  /**
   * Set when a Windows host ended needs-action with the join script in place: watching it for the
   * operator's interactive join (cheap: a status poll every few seconds). runFleet calls it after
   * releasing the host's concurrency slot. It never throws and emits the host's `host-done`.
   */
  watch?: () => Promise<HostResult>;
}

/** The host's active work; see HostStart.watch for what may follow. Never throws. */
export async function startHost(inv: Inventory, host: HostConfig, deps: HostDeps, run: ProvisionRun, shared?: FleetShared): Promise<HostStart> {
  const started = deps.now();
  // What the fleet's hosts share (the Headscale session); a lone host gets its own, closed at its end.
  const own = shared ? undefined : createFleetShared(inv, deps, run);
  const fleet = shared ?? own!;
  const steps = new StepRunner(run, host.id, deps.now);
  const result: HostResult = { id: host.id, status: 'unchanged', fqdn: null, changed: false, error: null };
  const facts = (f: Record<string, string>) => steps.emit({ type: 'facts', facts: f });
  let commander: Commander | undefined;
  let watch: HostStart['watch'];
  steps.emit({ type: 'host-start' });
  try {
    if (run.signal.aborted) throw new MeshError('ErrCancelled', 'cancelled before start', { cause: 'cancelled' });
    // Config errors surface before anything is contacted.
    const cfg = parseProviderConfig(inv.tailscale);
    const tags = computeHostTags(cfg, host);
    const provider = get(inv.provider ?? PROVIDER_ID);

    await steps.step('connect', async () => {
      const pending = deps.connect(host, run.signal);
      // If cancellation wins the race, close the connection once it arrives anyway.
      pending.then((c) => (run.signal.aborted && c !== commander ? void c.close().catch(() => {}) : undefined), () => {});
      commander = await raceAbort(pending, run.signal);
      return { status: 'ok', detail: target(host) };
    });

    const sudoPassword = deps.sudoPassword?.(host.id);
    const ctx: ProviderContext = createContext({
      commander: commander!,
      hostId: host.id,
      mode: run.mode,
      signal: run.signal,
      env: (n) => deps.env(n),
      sudoPassword,
      commandTimeoutMs: inv.ssh?.commandTimeoutMs,
      now: deps.now,
      hooks: {
        onCommand: (argv, code, durationMs) => steps.emit({ type: 'command', step: steps.current ?? 'connect', argv, code, durationMs }),
        onOutput: (text, stream) => steps.emit({ type: 'output', step: steps.current ?? 'connect', stream, text }),
        note: (text) => steps.note(text),
      },
      // After a reset: a new connection (ctx.run retries read-only commands once on it, never `up`).
      reconnect: async () => {
        const pending = deps.connect(host, run.signal);
        pending.then((c) => (run.signal.aborted && c !== commander ? void c.close().catch(() => {}) : undefined), () => {});
        const next = await raceAbort(pending, run.signal);
        const old = commander;
        commander = next;
        await old?.close().catch(() => {});
        return next;
      },
    });
    steps.redact = (s) => ctx.redact(s);
    const requester: HeadscaleRequester = {
      hostId: host.id,
      hooks: {
        onCommand: (argv, code, durationMs) => steps.emit({ type: 'command', step: steps.current ?? 'mint-key', argv: argv.map((a) => ctx.redact(a)), code, durationMs }),
        note: (text) => steps.note(ctx.redact(text)),
      },
      addSecret: (s) => ctx.addSecret(s),
    };

    await steps.step('detect-os', async () => {
      const os = await detectTarget(ctx, host.os);
      if (os.family !== 'windows') assertLinux(host.id, os);
      result.os = os.label;
      facts({ os: os.label, kernel: os.kernel, wsl: String(os.wsl) });
      const notes = wslNotes(os);
      if (notes.length) {
        result.notes = notes;
        facts({ note: notes.join(' ') });
        for (const n of notes) steps.note(n);
      }
      const extra = [os.wsl ? 'WSL' : '', os.uid === 0 ? 'root' : ''].filter(Boolean).join(', ');
      return { status: 'ok', detail: extra ? `${os.label} (${extra})` : os.label };
    });

    const ops = platformOps(ctx, { sleep: deps.sleep });
    const skip = cfg.install.method === 'skip';
    let installed: InstalledVersion | null = null;
    await steps.step('check-version', async () => {
      if (skip) return { status: 'skipped', detail: 'install.method: skip' };
      installed = await ops.checkInstalled(ctx);
      if (!installed) return { status: 'ok', detail: 'not installed' };
      assertMinVersion(installed, cfg.install.minVersion);
      result.version = installed.version;
      facts({ version: installed.version });
      return { status: 'ok', detail: `tailscale ${installed.version}` };
    });

    await steps.step('install', async () => {
      if (skip) return { status: 'skipped', detail: 'install.method: skip' };
      if (installed) return { status: 'skipped', detail: 'already installed' };
      const v = await ops.install(ctx, cfg);
      result.changed = true;
      result.version = v.version;
      facts({ version: v.version });
      return { status: 'changed', detail: `installed tailscale ${v.version}` };
    });

    let joinOpts: JoinOptions = {};
    if (cfg.headscale) {
      await steps.step('mint-key', async () => {
        const m = await mintKeyStep(ctx, cfg, tags, fleet, requester, ops.readStatus);
        joinOpts = m.join;
        return m.outcome;
      });
    }

    let joined: JoinResult | undefined;
    await steps.step('join', async () => {
      joined = await ops.joinOnce(ctx, cfg, host.id, tags, joinOpts);
      if (joined.outcome === 'unchanged') return { status: 'ok', detail: joined.detail };
      result.changed = true;
      return { status: 'changed', detail: joined.detail };
    });

    let fqdnSeen = '';
    await steps.step('verify', async () => {
      const st = await ops.verifyJoin(ctx, cfg, tags, joined);
      fqdnSeen = st.self.dnsName;
      facts({ tailnet: st.tailnet?.magicDNSSuffix || st.magicDNSSuffix, backendState: st.backendState });
      const extra = await verifyExtras(ctx, cfg, host, tags, joined, st, fleet, requester);
      if (Object.keys(extra.facts).length) facts(extra.facts);
      return { status: 'ok', detail: [describeJoined(st), ...extra.details].join('; ') };
    });

    await steps.step('fqdn', () => {
      const fqdn = provider.nodeFQDN(host.id, cfg);
      result.fqdn = fqdn;
      facts({ fqdn });
      // Tailscale renames a node whose hostname is taken (app-1 → app-1-1): NodeFQDN would not resolve.
      const warn = fqdnSeen && fqdnSeen.toLowerCase() !== fqdn.toLowerCase() ? ` (warning: tailscale calls this node ${fqdnSeen})` : '';
      return { status: 'ok', detail: fqdn + warn };
    });

    const sync = wantsSyncthing(inv, host);
    if (sync) {
      await steps.step('syncthing', async () => {
        if (sync === 'off-for-host') return { status: 'skipped', detail: `syncthing: false for ${host.id}` };
        const s = await syncthingStep(ctx, host, facts);
        if (s.changed) result.changed = true;
        return { status: s.status, detail: s.detail };
      });
    }
    result.status = result.changed ? 'ok' : 'unchanged';
  } catch (e) {
    const err = run.signal.aborted && !(e instanceof MeshError && e.code === 'ErrCancelled') ? new MeshError('ErrCancelled', 'cancelled') : toMeshError(e, 'ErrSSH');
    result.status = err.needsAction ? 'needs-action' : 'failed';
    result.error = errorInfo(err, steps.redact);
    result.fqdn = null;
    const watchMs = inv.tailscale?.windowsWatchMs ?? DEFAULT_WINDOWS_WATCH_MS;
    if (awaitsOperator(err) && commander && watchMs > 0 && !run.signal.aborted) {
      const c = commander;
      const cfg = parseProviderConfig(inv.tailscale);
      const tags = computeHostTags(cfg, host);
      const fqdn = () => get(inv.provider ?? PROVIDER_ID).nodeFQDN(host.id, cfg);
      // The connection stays open for the watch, which closes it.
      watch = () => watchOperator({ host, cfg, tags, commander: c, deps, run, steps, result, started, watchMs, commandTimeoutMs: inv.ssh?.commandTimeoutMs, fqdn });
    }
  } finally {
    if (commander && !watch) await commander.close().catch(() => {});
    if (own) await own.close().catch(() => {});
  }
  if (watch) return { result, watch };
  result.durationMs = deps.now() - started;
  steps.emit({ type: 'host-done', result });
  return { result };
}
