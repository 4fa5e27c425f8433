import { describe, expect, it } from 'vitest';
import { FakeCommander, fixture } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { verifyExtras } from './extras.js';
import { parseStatus } from './status.js';
import { parseProviderConfig } from './config.js';
import type { OsFacts } from './os.js';

const cfg = parseProviderConfig({ auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'tail4f2a9c.ts.net', verify: { ping: 'db-1' } });
const host = { id: 'srv-web-01', address: 'srv-web-01', tags: [], os: 'auto' as const };
const st = parseStatus(fixture('status-running.json'));
const noShared = { close: async () => {} };
const req = { hostId: host.id } as never;

describe('verifyExtras ping', () => {
  it('pings the configured target on a Linux host', async () => {
    const c = new FakeCommander().on(/^tailscale ping/, { stdout: fixture('ping-derp-then-direct.txt') });
    const ctx = createContext({ commander: c, hostId: host.id, os: { family: 'linux', uid: 1000 } as OsFacts });
    const out = await verifyExtras(ctx, cfg, host, [], undefined, st, noShared, req);
    expect(out.facts.ping).toBe('3ms direct');
    expect(c.calls.map((x) => x.argv.slice(0, 2))).toEqual([['tailscale', 'ping']]);
  });

  it('skips the POSIX ping on a Windows host and says why', async () => {
    const c = new FakeCommander();
    const ctx = createContext({ commander: c, hostId: host.id, os: { family: 'windows', uid: 1000 } as OsFacts });
    const out = await verifyExtras(ctx, cfg, host, [], undefined, st, noShared, req);
    expect(out.details.join(' ')).toContain('ping: skipped on Windows');
    expect(c.calls).toHaveLength(0);
  });
});
