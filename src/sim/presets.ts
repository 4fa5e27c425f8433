/** Ready-made simulated hosts (the SSH harness's fleet and the demo build on these). */
import { OS_RELEASE, UNAME } from './osinfo.js';
import { prefsFor } from './prefs.js';
import type { SimHost, SimPeer, SimTailnet } from './types.js';

export const TAILNETS = {
  example: { name: 'example.com', magicDNSSuffix: 'example.ts.net' },
  othercorp: { name: 'othercorp.com', magicDNSSuffix: 'othercorp.ts.net' },
} as const satisfies Record<string, SimTailnet>;

export const LATEST = '1.102.3';

export const SAMPLE_PEERS: readonly SimPeer[] = [
  { hostName: 'db-1', os: 'linux', ip: '100.72.220.5', online: true, tags: ['tag:server'], relay: 'fra', curAddr: '198.51.100.61:41641', active: true },
  { hostName: 'DESKTOP-8J4QK2M', os: 'windows', ip: '100.88.7.121', online: true, relay: 'fra', curAddr: '', active: false },
  { hostName: 'Bobs-MacBook-Pro', os: 'macOS', ip: '100.115.3.88', online: false, relay: 'nyc', curAddr: '', active: false },
];

/** A fresh Debian 12 machine: no tailscale, nothing joined. */
export function makeHost(seed: string, over: Partial<SimHost> = {}): SimHost {
  return {
    seed,
    osHostname: seed,
    installed: false,
    version: LATEST,
    installVersion: LATEST,
    daemonRunning: false,
    backendState: 'NoState',
    loggedIn: false,
    tailnet: null,
    targetTailnet: TAILNETS.example,
    hostname: over.osHostname ?? seed,
    tags: [],
    loginServer: null,
    prefs: {},
    validKeys: [],
    reusableKeys: [],
    usedKeys: [],
    expiredKeys: [],
    permittedTags: null,
    rejectTagsWithAuthKey: false,
    upBehaviour: 'ok',
    delays: { perCommandMs: 0, installMs: 0, upMs: 0 },
    osRelease: OS_RELEASE.debian12,
    uname: UNAME.linux,
    peers: [...SAMPLE_PEERS],
    createdAt: null,
    networkDown: false,
    installError: null,
    ...over,
  };
}

/** Installed, tailscaled running, logged out. */
export function installedHost(seed: string, over: Partial<SimHost> = {}): SimHost {
  return makeHost(seed, { installed: true, daemonRunning: true, backendState: 'NeedsLogin', ...over });
}

/** Installed and Running in `tailnet` with `tags`, as if `tailscale up --hostname=seed --advertise-tags=…` had run. */
export function joinedHost(
  seed: string,
  tailnet: SimTailnet,
  tags: readonly string[],
  over: Partial<SimHost> = {},
  createdAt = '2026-03-14T09:21:37.482915306Z',
): SimHost {
  const loginServer = over.loginServer ?? null;
  return installedHost(seed, {
    backendState: 'Running',
    loggedIn: true,
    tailnet,
    tags: [...tags],
    prefs: prefsFor(seed, tags, loginServer),
    createdAt,
    ...over,
  });
}
