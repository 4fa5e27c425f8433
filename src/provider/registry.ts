/**
 * The network provider registry (spec §7.1). A provider registers itself when its module is
 * imported (`import './tailscale.js'` from index.ts, like Go's `init()` + blank import).
 */
import type { ProviderContext } from './context.js';
import { MeshError } from './errors.js';

export interface EnsureInstalledOptions {
  /** Provider config: a TailscaleConfig, the raw `network.providers.tailscale` block, or its YAML. */
  config: unknown;
  host: string;
}

export interface EnsureJoinedOptions extends EnsureInstalledOptions {
  /** The final computed tags (default + role + plan), computed by the core, not the provider. */
  tags: string[];
}

export interface NetworkProvider {
  ID(): string;
  ensureInstalled(ctx: ProviderContext, opts: EnsureInstalledOptions): Promise<'unchanged' | 'installed'>;
  ensureJoined(ctx: ProviderContext, opts: EnsureJoinedOptions): Promise<'unchanged' | 'joined'>;
  /** `${host}.${tailnet_domain}`; pure. Without `config`, uses the config of the last ensure call. */
  nodeFQDN(host: string, config?: unknown): string;
}

const providers = new Map<string, NetworkProvider>();

export function register(p: NetworkProvider): void {
  providers.set(p.ID(), p);
}

export function get(id: string): NetworkProvider {
  const p = providers.get(id);
  if (!p) {
    throw new MeshError('ErrConfigInvalid', `network provider ${id} is not registered (known: ${[...providers.keys()].join(', ') || 'none'})`, {
      remedy: 'set network.provider: tailscale',
    });
  }
  return p;
}

export function registered(): string[] {
  return [...providers.keys()].sort();
}
