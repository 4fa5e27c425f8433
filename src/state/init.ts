/** The dashboard's first state, from the inventory and (optionally) the journal's last outcomes. */
import type { HostConfig, Inventory } from '../config/types.js';
import type { DashboardState, Features, HostView, LastOutcomeView } from './types.js';

export function planTags(inv: Inventory, h: HostConfig): string[] {
  const role = h.role ? (inv.tailscale.roleTags[h.role] ?? []) : [];
  return [...new Set([...inv.tailscale.defaultTags, ...role, ...h.tags])];
}

export function tailnetLabel(inv: Inventory): string {
  const server = inv.tailscale.loginServer;
  if (!server) return inv.tailscale.tailnetDomain;
  let host = server;
  try {
    host = new URL(server).host;
  } catch {
    // keep it as written
  }
  return `${inv.tailscale.tailnetDomain} via ${host}`;
}

export function emptyHost(inv: Inventory, h: HostConfig, last: LastOutcomeView | null): HostView {
  return {
    id: h.id,
    address: h.address,
    port: h.port,
    user: h.user,
    role: h.role,
    tags: planTags(inv, h),
    os: h.os,
    phase: 'idle',
    runId: null,
    mode: null,
    steps: [],
    tail: [],
    partial: '',
    commands: [],
    facts: {},
    fqdn: null,
    error: null,
    changed: false,
    startedAt: null,
    durationMs: null,
    lastOutcome: last,
  };
}

export function initialState(
  inv: Inventory,
  opts: { configPath?: string; lastOutcomes?: Record<string, { status: string; at: number; fqdn?: string | null }>; features?: Partial<Features> } = {},
): DashboardState {
  const hosts: Record<string, HostView> = {};
  for (const h of inv.hosts) {
    const last = opts.lastOutcomes?.[h.id];
    const valid = last && typeof last.status === 'string' && typeof last.at === 'number';
    hosts[h.id] = emptyHost(inv, h, valid ? { status: last.status, at: last.at } : null);
    if (valid && (last.status === 'ok' || last.status === 'unchanged') && typeof last.fqdn === 'string' && last.fqdn) {
      hosts[h.id]!.fqdn = last.fqdn;
    }
  }
  return {
    configPath: opts.configPath ?? inv.path,
    tailnet: tailnetLabel(inv),
    authKeyEnv: inv.tailscale.authKeyEnv,
    features: { script: false, prepare: false, mint: false, ...opts.features },
    hostOrder: inv.hosts.map((h) => h.id),
    hosts,
    runs: {},
    runOrder: [],
    finished: [],
    ui: {
      screen: 'hosts',
      stack: [],
      selectedId: inv.hosts[0]?.id ?? null,
      marked: [],
      filter: '',
      filterEditing: false,
      scroll: 0,
      prompts: [],
      message: null,
      nodes: null,
      script: null,
    },
  };
}
