/** One Inventory for unit tests: the defaults every test shares, each test passes only its differences. */
import type { Inventory, TailscaleConfig } from '../src/config/types.js';

export function testInventory(ts: Partial<TailscaleConfig> = {}, over: Partial<Omit<Inventory, 'tailscale'>> = {}): Inventory {
  return {
    path: 'meshtui.yml',
    format: 'meshtui',
    provider: 'tailscale',
    tailscale: {
      authKeyEnv: 'TS_AUTHKEY',
      tailnetDomain: 'example.ts.net',
      defaultTags: ['tag:meshtui'],
      roleTags: {},
      install: { method: 'auto', scriptUrl: 'https://tailscale.com/install.sh' },
      ...ts,
    },
    hosts: [],
    ssh: { knownHosts: '/dev/null', hostKeyPolicy: 'strict', connectTimeoutMs: 1000, commandTimeoutMs: 30_000 },
    concurrency: 4,
    syncthing: false,
    ...over,
  };
}
