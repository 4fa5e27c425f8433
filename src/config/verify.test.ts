import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from './errors.js';
import { parseConfig } from './load.js';
import { pingTarget } from './rules.js';
import { parseProviderConfig } from '../provider/config.js';

type Obj = Record<string, unknown>;
const doc = (verify: unknown): string =>
  stringify({
    network: { provider: 'tailscale', providers: { tailscale: { auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'example.ts.net', verify } } },
    hosts: [{ id: 'app-1' }],
  } satisfies Obj);
const parse = (verify: unknown) => parseConfig(doc(verify), '/p/meshtui.yml', { home: '/home/u' });
const error = (verify: unknown): string => {
  try {
    parse(verify);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('network.providers.tailscale.verify', () => {
  it.each(['ctl', 'db-1.example.ts.net', '100.64.0.1', '100.127.255.254', 'fd7a:115c:a1e0::1'])('accepts ping: %s', (ping) => {
    expect(parse({ ping }).tailscale.verify).toEqual({ ping });
    expect(parseProviderConfig(parse({ ping }).tailscale).verify).toEqual({ ping });
  });

  it('is optional, and an empty map means no ping', () => {
    expect(parseConfig(doc(undefined), '/p/meshtui.yml').tailscale.verify).toBeUndefined();
    expect(parse({}).tailscale.verify).toBeUndefined();
  });

  it.each<[unknown, RegExp]>([
    [{ ping: '10.0.0.56' }, /verify\.ping: "10\.0\.0\.56" is not a Tailscale address \(100\.64\.0\.0\/10\); ping a tailnet node$/],
    [{ ping: '100.128.0.1' }, /verify\.ping: "100\.128\.0\.1" is not a Tailscale address/],
    [{ ping: '2001:db8::1' }, /verify\.ping: "2001:db8::1" is not a Tailscale IPv6 address/],
    [{ ping: '$(id)' }, /verify\.ping: "\$\(id\)" is not a host id, tailnet name or Tailscale IP/],
    [{ ping: '-c9' }, /verify\.ping: "-c9" is not a host id/],
    [{ ping: 3 }, /verify\.ping: expected a string/],
    [{ pong: 'x' }, /verify\.pong: unknown key/],
    ['ctl', /verify: expected a map/],
  ])('refuses %j', (verify, re) => {
    expect(error(verify)).toMatch(re);
  });

  it('rule reasons', () => {
    expect(pingTarget('ctl')).toBeUndefined();
    expect(pingTarget('300.64.0.1')).toMatch(/is not a host id/);
  });
});
