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
import { checkInstalled, installTailscale } from './install.js';
import { describeJoined } from './checks.js';
import { joinOnce, verifyJoin, type JoinResult } from './join.js';
import { assertLinux, detectOs, windowsNotYet } from './os.js';
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

export async function provisionHost(inv: Inventory, host: HostConfig, deps: HostDeps, run: ProvisionRun): Promise<HostResult> {
  const started = deps.now();
  const steps = new StepRunner(run, host.id, deps.now);
  const result: HostResult = { id: host.id, status: 'unchanged', fqdn: null, changed: false, error: null };
  const facts = (f: Record<string, string>) => steps.emit({ type: 'facts', facts: f });
  let commander: Commander | undefined;
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
    });
    steps.redact = (s) => ctx.redact(s);

    await steps.step('detect-os', async () => {
      if (host.os === 'windows') throw windowsNotYet(host.id);
      const os = await detectOs(ctx);
      assertLinux(host.id, os);
      result.os = os.label;
      facts({ os: os.label, kernel: os.kernel, wsl: String(os.wsl) });
      const extra = [os.wsl ? 'WSL' : '', os.uid === 0 ? 'root' : ''].filter(Boolean).join(', ');
      return { status: 'ok', detail: extra ? `${os.label} (${extra})` : os.label };
    });

    const skip = cfg.install.method === 'skip';
    let installed: InstalledVersion | null = null;
    await steps.step('check-version', async () => {
      if (skip) return { status: 'skipped', detail: 'install.method: skip' };
      installed = await checkInstalled(ctx);
      if (!installed) return { status: 'ok', detail: 'not installed' };
      assertMinVersion(installed, cfg.install.minVersion);
      result.version = installed.version;
      facts({ version: installed.version });
      return { status: 'ok', detail: `tailscale ${installed.version}` };
    });

    await steps.step('install', async () => {
      if (skip) return { status: 'skipped', detail: 'install.method: skip' };
      if (installed) return { status: 'skipped', detail: 'already installed' };
      const v = await installTailscale(ctx, cfg);
      result.changed = true;
      result.version = v.version;
      facts({ version: v.version });
      return { status: 'changed', detail: `installed tailscale ${v.version}` };
    });

    let joined: JoinResult | undefined;
    await steps.step('join', async () => {
      joined = await joinOnce(ctx, cfg, host.id, tags);
      if (joined.outcome === 'unchanged') return { status: 'ok', detail: joined.detail };
      result.changed = true;
      return { status: 'changed', detail: joined.detail };
    });

    let fqdnSeen = '';
    await steps.step('verify', async () => {
      const st = await verifyJoin(ctx, cfg, tags, joined);
      fqdnSeen = st.self.dnsName;
      facts({ tailnet: st.tailnet?.magicDNSSuffix || st.magicDNSSuffix, backendState: st.backendState });
      return { status: 'ok', detail: describeJoined(st) };
    });

    await steps.step('fqdn', () => {
      const fqdn = provider.nodeFQDN(host.id, cfg);
      result.fqdn = fqdn;
      facts({ fqdn });
      // Tailscale renames a node whose hostname is taken (app-1 → app-1-1): NodeFQDN would not resolve.
      const warn = fqdnSeen && fqdnSeen.toLowerCase() !== fqdn.toLowerCase() ? ` (warning: tailscale calls this node ${fqdnSeen})` : '';
      return { status: 'ok', detail: fqdn + warn };
    });
    result.status = result.changed ? 'ok' : 'unchanged';
  } catch (e) {
    const err = run.signal.aborted && !(e instanceof MeshError && e.code === 'ErrCancelled') ? new MeshError('ErrCancelled', 'cancelled') : toMeshError(e, 'ErrSSH');
    result.status = err.needsAction ? 'needs-action' : 'failed';
    result.error = errorInfo(err, steps.redact);
    result.fqdn = null;
  } finally {
    if (commander) await commander.close().catch(() => {});
  }
  result.durationMs = deps.now() - started;
  steps.emit({ type: 'host-done', result });
  return result;
}
