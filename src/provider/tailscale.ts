/**
 * The Tailscale NetworkProvider (spec §2): ID, EnsureInstalled, EnsureJoined, NodeFQDN.
 * It registers itself when imported. The per-host engine (provision.ts) calls the same pieces
 * one by one so that it can report each step; these methods are the spec's API around them.
 */
import type { TailscaleConfig } from '../config/types.js';
import { configError, parseProviderConfig } from './config.js';
import type { ProviderContext } from './context.js';
import { checkVersion, installTailscale } from './install.js';
import { joinOnce, verifyJoin } from './join.js';
import { register, type EnsureInstalledOptions, type EnsureJoinedOptions, type NetworkProvider } from './registry.js';
import { normalizeTags } from './tags.js';

export const PROVIDER_ID = 'tailscale';

/** Spec §2.4: `{host}.{tailnet_domain}`; pure and deterministic. */
export function nodeFQDNFor(cfg: Pick<TailscaleConfig, 'tailnetDomain'> | undefined, host: string): string {
  const domain = cfg?.tailnetDomain?.trim().replace(/\.$/, '');
  if (!domain) throw configError('tailnet_domain is required');
  if (!host) throw configError('host is required');
  return `${host}.${domain}`;
}

export class TailscaleProvider implements NetworkProvider {
  private cfg?: TailscaleConfig;

  ID(): string {
    return PROVIDER_ID;
  }

  private load(config: unknown): TailscaleConfig {
    this.cfg = parseProviderConfig(config);
    return this.cfg;
  }

  async ensureInstalled(ctx: ProviderContext, opts: EnsureInstalledOptions): Promise<'unchanged' | 'installed'> {
    const cfg = this.load(opts.config); // validation errors happen before any remote command
    if (cfg.install.method === 'skip') return 'unchanged';
    if (await checkVersion(ctx, cfg)) return 'unchanged';
    await installTailscale(ctx, cfg);
    return 'installed';
  }

  async ensureJoined(ctx: ProviderContext, opts: EnsureJoinedOptions): Promise<'unchanged' | 'joined'> {
    const cfg = this.load(opts.config);
    const tags = normalizeTags(opts.tags);
    const r = await joinOnce(ctx, cfg, opts.host, tags);
    await verifyJoin(ctx, cfg, tags, r);
    return r.outcome;
  }

  nodeFQDN(host: string, config?: unknown): string {
    const cfg = config === undefined ? this.cfg : parseProviderConfig(config);
    return nodeFQDNFor(cfg, host);
  }
}

register(new TailscaleProvider());
