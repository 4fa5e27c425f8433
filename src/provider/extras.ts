/**
 * The steps around the spec's core that the operator's procedure adds: minting a Headscale key
 * when none is in the environment (`mint-key`), confirming the node on the Headscale server and
 * pinging a peer after the join (part of `verify`), and Syncthing (`syncthing`). provision.ts
 * calls these; what a whole fleet run shares (the Headscale session) is a FleetShared.
 */
import type { HostConfig, Inventory, TailscaleConfig } from '../config/types.js';
import type { HostDeps, ProvisionMode } from './api.js';
import { joinState } from './checks.js';
import type { ProviderContext } from './context.js';
import { readStatus } from './daemon.js';
import { MeshError, toMeshError } from './errors.js';
import { findNode } from './headscale-parse.js';
import { HeadscaleSession, type HeadscaleRequester } from './headscale-session.js';
import type { JoinOptions, JoinResult } from './join.js';
import { verifyPing } from './ping.js';
import type { StepOutcome } from './steps.js';
import type { TailscaleStatus } from './status.js';
import { ensureSyncthing } from './syncthing.js';
import { formatTags, missingTags } from './tags.js';

/** What the hosts of one run share. runFleet makes one; provisionHost alone makes its own. */
export interface FleetShared {
  headscale?: HeadscaleSession;
  /** Why there is no session although headscale: is configured. */
  headscaleError?: MeshError;
  close(): Promise<void>;
}

export function createFleetShared(inv: Inventory, deps: HostDeps, run: { signal: AbortSignal; mode: ProvisionMode }): FleetShared {
  const hs = inv.tailscale.headscale;
  let headscale: HeadscaleSession | undefined;
  let headscaleError: MeshError | undefined;
  try {
    headscale = hs ? new HeadscaleSession(inv, hs, deps, { ...run, commandTimeoutMs: inv.ssh?.commandTimeoutMs }) : undefined;
  } catch (e) {
    headscaleError = toMeshError(e, 'ErrConfigInvalid'); // reported by the hosts' mint-key steps
  }
  return { headscale, headscaleError, close: async () => headscale?.close() };
}

export interface MintOutcome {
  outcome: StepOutcome;
  join: JoinOptions;
}

/**
 * `mint-key`: only when headscale: is configured and the key's env var is empty, and only when the
 * host needs `up` (a joined host needs no key). The status read here is handed on to join.
 */
export async function mintKeyStep(
  ctx: ProviderContext,
  cfg: TailscaleConfig,
  tags: readonly string[],
  shared: FleetShared,
  req: HeadscaleRequester,
  read: (ctx: ProviderContext, step: string) => Promise<TailscaleStatus | null> = (c, step) => readStatus(c, { startDaemon: true, step }),
): Promise<MintOutcome> {
  if (ctx.env(cfg.authKeyEnv)?.trim()) return { outcome: { status: 'skipped', detail: `using the key in ${cfg.authKeyEnv}` }, join: {} };
  if (!shared.headscale) {
    throw shared.headscaleError ?? new MeshError('ErrConfigInvalid', 'tailscale provider: invalid config: headscale: is not usable', { remedy: 'set headscale.host to a host id from hosts: or {address, user, port}' });
  }
  // The platform's own status read (POSIX or PowerShell); null when it cannot be read: mint, join decides.
  const status = (await read(ctx, 'mint-key')) ?? undefined;
  if (status && ctx.mode !== 'rejoin') {
    const state = joinState(status, cfg, tags, ctx.hostId);
    if (state.kind === 'ok') return { outcome: { status: 'skipped', detail: 'already joined: no key needed' }, join: { status } };
    if (state.kind === 'needs-approval' || state.kind === 'other-tailnet') return { outcome: { status: 'skipped', detail: 'no key: join decides' }, join: { status } };
  }
  const grant = await shared.headscale.grant(req, tags);
  return { outcome: { status: 'ok', detail: grant.detail }, join: { status, key: grant.key, advertiseTags: grant.advertiseTags } };
}

/** verify.ping, else the Headscale host when it is one of the fleet's hosts; undefined: no ping. */
export function pingTargetFor(cfg: TailscaleConfig): string | undefined {
  if (cfg.verify?.ping) return cfg.verify.ping;
  const h = cfg.headscale?.host;
  return typeof h === 'string' ? h : undefined;
}

export interface VerifyExtras {
  details: string[];
  facts: Record<string, string>;
}

/** After verifyJoin: the node on the Headscale server (after a join), then the ping. */
export async function verifyExtras(
  ctx: ProviderContext,
  cfg: TailscaleConfig,
  host: HostConfig,
  tags: readonly string[],
  joined: JoinResult | undefined,
  st: TailscaleStatus,
  shared: FleetShared,
  req: HeadscaleRequester,
): Promise<VerifyExtras> {
  const out: VerifyExtras = { details: [], facts: {} };
  const hs = shared.headscale;
  if (hs && joined?.outcome === 'joined') {
    const nodes = await hs.nodes(req);
    const node = findNode(nodes, host.id);
    if (!node) {
      const seen = nodes.map((n) => n.givenName || n.name).slice(0, 10).join(', ') || 'none';
      throw new MeshError('ErrTailnetMismatch', `tailscale provider: the headscale server on ${hs.label} lists no node ${host.id} after the join`, {
        cause: 'headscale-node-missing',
        remedy: `\`headscale nodes list\` on ${hs.label} shows: ${seen}; is login_server (${cfg.loginServer ?? 'unset'}) the Headscale running on ${hs.label}?`,
      });
    }
    const missing = missingTags(node.tags, tags);
    if (missing.length > 0) {
      throw new MeshError('ErrTagMismatch', `tailscale provider: headscale on ${hs.label} lists ${host.id} with tags ${formatTags(node.tags)}, missing ${formatTags(missing)}`, {
        cause: 'headscale-node-tags',
        remedy: `Headscale ≥0.28 takes tags from the pre-auth key (preauthkeys create --tags); older versions need the policy's tagOwners to allow ${formatTags(missing)}`,
        detail: { node: node.id, tags: node.tags, missing },
      });
    }
    out.details.push(`headscale ${hs.label} lists node ${node.givenName} (id ${node.id}${node.user ? `, user ${node.user}` : ''})`);
    out.facts.headscaleNode = node.id;
  }
  const target = pingTargetFor(cfg);
  if (!target) {
    out.details.push('ping: skipped (no target: set network.providers.tailscale.verify.ping)');
    return out;
  }
  if (ctx.os?.family === 'windows') {
    // verifyPing speaks POSIX argv; on Windows the CLI lives outside PATH (Program Files) and the
    // join was already verified from status: say so rather than run a command that cannot work.
    out.details.push(`ping: skipped on Windows (verified from status; try: tailscale ping ${target})`);
    return out;
  }
  const p = await verifyPing(ctx, target, st);
  out.details.push(p.detail);
  out.facts.ping = p.fact;
  return out;
}

/** `syncthing: true` at the top or for the host (the host's own value wins). */
export function wantsSyncthing(inv: Inventory, host: HostConfig): boolean | 'off-for-host' {
  if (host.syncthing === false && inv.syncthing) return 'off-for-host';
  return host.syncthing ?? inv.syncthing ?? false;
}

export async function syncthingStep(ctx: ProviderContext, host: HostConfig, facts: (f: Record<string, string>) => void): Promise<StepOutcome & { changed: boolean }> {
  if (host.os === 'windows' || (ctx.os && ctx.os.family !== 'linux')) {
    return { status: 'skipped', detail: 'syncthing is set up on Linux hosts only', changed: false };
  }
  const r = await ensureSyncthing(ctx);
  facts({ syncthing: r.deviceId });
  return { status: r.changed ? 'changed' : 'ok', detail: r.detail, changed: r.changed };
}
