import { describe, expect, it } from 'vitest';
import { parseProviderConfig } from '../provider/config.js';
import { parseConfig } from './load.js';

const yaml = (watch: string) => `network:
  provider: tailscale
  providers:
    tailscale:
      auth_key_env: TS_AUTHKEY
      tailnet_domain: example.ts.net
${watch ? `      windows_watch: ${watch}\n` : ''}hosts:
  - {id: office-one, os: windows}
`;

describe('network.providers.tailscale.windows_watch', () => {
  it.each([
    ['', undefined],
    ['15m', 900_000],
    ['90s', 90_000],
    ['0', 0],
    ['0s', 0],
  ])('%j → %s ms', (v, ms) => {
    const inv = parseConfig(yaml(v), '/x/meshtui.yml');
    expect(inv.tailscale.windowsWatchMs).toBe(ms);
    expect(parseProviderConfig(inv.tailscale).windowsWatchMs).toBe(ms);
    expect(inv.hosts[0]!.os).toBe('windows');
  });

  it('a bad value is a config error naming the key', () => {
    expect(() => parseConfig(yaml('soon'), '/x/meshtui.yml')).toThrow(/windows_watch/);
    expect(() => parseProviderConfig({ auth_key_env: 'K', tailnet_domain: 'a.b', windows_watch: 'soon' })).toThrow(/windows_watch: "soon" is not a duration/);
    expect(parseProviderConfig({ auth_key_env: 'K', tailnet_domain: 'a.b', windows_watch: '2m' }).windowsWatchMs).toBe(120_000);
  });
});
