import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRIPT_URL, parseProviderConfig } from './config.js';

const valid = { auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'example.ts.net' };

describe('provider config', () => {
  it('valid snake_case block, with defaults', () => {
    expect(parseProviderConfig(valid)).toEqual({
      authKeyEnv: 'TS_AUTHKEY',
      tailnetDomain: 'example.ts.net',
      defaultTags: [],
      roleTags: {},
      install: { method: 'auto', scriptUrl: DEFAULT_SCRIPT_URL },
    });
  });

  it('valid typed config and YAML text', () => {
    const cfg = parseProviderConfig({
      authKeyEnv: 'K',
      tailnetDomain: 'x.ts.net.',
      loginServer: 'https://hs.example.com',
      defaultTags: ['tag:a'],
      roleTags: { app: ['tag:app'] },
      install: { method: 'skip', minVersion: '1.78.0', scriptUrl: 'https://mirror/install.sh' },
    });
    expect(cfg).toMatchObject({ tailnetDomain: 'x.ts.net', loginServer: 'https://hs.example.com', install: { method: 'skip', minVersion: '1.78.0' } });
    const y = parseProviderConfig('auth_key_env: K\ntailnet_domain: y.ts.net\ndefault_tags: [tag:s]\ninstall:\n  min_version: "1.80.0"\n');
    expect(y).toMatchObject({ defaultTags: ['tag:s'], install: { minVersion: '1.80.0' } });
  });

  it.each([
    [{ tailnet_domain: 'x' }, 'tailscale provider: invalid config: auth_key_env is required'],
    [{ auth_key_env: 'K' }, 'tailscale provider: invalid config: tailnet_domain is required'],
    [{ auth_key_env: ' ', tailnet_domain: 'x' }, 'tailscale provider: invalid config: auth_key_env is required'],
    [{ ...valid, default_tags: ['server'] }, 'tailscale provider: invalid config: tag server must start with tag: prefix'],
    [{ ...valid, role_tags: { app: ['tag:ok', 'bad'] } }, 'tailscale provider: invalid config: tag bad must start with tag: prefix'],
    [{ ...valid, install: { method: 'brew' } }, 'tailscale provider: invalid config: install.method must be auto or skip, not brew'],
    [{ ...valid, install: { min_version: '1.78' } }, 'tailscale provider: invalid config: install.min_version 1.78 is not a semantic version (want X.Y.Z)'],
    [{ ...valid, login_server: 'hs.example.com' }, 'tailscale provider: invalid config: login_server hs.example.com must be an http(s) URL'],
    [{ ...valid, tailnet_domain: 'https://x' }, 'tailscale provider: invalid config: tailnet_domain https://x is not a domain name'],
    [{ ...valid, auth_key_env: 5 }, 'tailscale provider: invalid config: auth_key_env must be a string'],
    [{ ...valid, default_tags: 'tag:a' }, 'tailscale provider: invalid config: default_tags must be a list of tags'],
    [{ ...valid, role_tags: [] }, 'tailscale provider: invalid config: role_tags must be a mapping'],
    [{ ...valid, install: { script_url: 'ftp://x' } }, 'tailscale provider: invalid config: install.script_url ftp://x must be an http(s) URL'],
    [null, 'tailscale provider: invalid config: expected a mapping'],
    ['a: [1', /^tailscale provider: invalid config: /],
  ])('%j → %s', (input, msg) => {
    expect(() => parseProviderConfig(input)).toThrow(expect.objectContaining({ code: 'ErrConfigInvalid' }));
    expect(() => parseProviderConfig(input)).toThrow(msg);
  });
});
