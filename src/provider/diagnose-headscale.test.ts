import { describe, expect, it } from 'vitest';
import { fakeHost, fixture } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { diagnose, matchDiagnosis, type DiagnosisContext } from './diagnose.js';
import { joinOnce } from './join.js';

const saas: DiagnosisContext = { hostId: 'app-1', authKeyEnv: 'TS_AUTHKEY', step: 'join', command: 'tailscale up', exitCode: 1 };
const hs: DiagnosisContext = { ...saas, loginServer: 'http://hs.example.com:8080' };

describe('diagnosis table: the Headscale cases', () => {
  it.each(['up-error-headscale-invalid-pre-auth-key.txt', 'up-error-headscale-authkey-expired.txt', 'up-error-headscale-authkey-already-used.txt'])(
    '%s → ErrAuthKeyInvalid, remedy "mint a new key" when login_server is set',
    (file) => {
      const e = diagnose(fixture(file), hs);
      expect(e.code).toBe('ErrAuthKeyInvalid');
      expect(e.remedy).toMatch(/^mint a new key on the Headscale server \(sudo headscale preauthkeys create --user <id> --reusable --expiration 24h -o json\)/);
      expect(e.remedy).toContain('leave TS_AUTHKEY unset with headscale: configured');
      expect(diagnose(fixture(file), saas).remedy).toMatch(/^put a valid, unexpired auth key in TS_AUTHKEY/);
    },
  );

  it('Headscale <0.26: the 401 shows only in Health, same remedy', () => {
    const e = diagnose('You are logged out. The last login error was: register request: http 401: authkey expired', hs);
    expect(e.causeId).toBe('auth-key-invalid');
    expect(e.remedy).toMatch(/^mint a new key/);
  });

  it('a change of login server says --force-reauth in the message and the remedy', () => {
    const e = diagnose(fixture('up-error-login-server-change.txt'), hs);
    expect(e.message).toBe('tailscale provider: app-1 is registered with another control server (changing --login-server needs --force-reauth)');
    expect(e.remedy).toContain('--force-reauth');
    expect(e.code).toBe('ErrTailnetMismatch');
  });

  it.each([
    'backend error: fetch control key: Get "http://hs.example.com:8080/key?v=116": dial tcp: lookup hs.example.com on 127.0.0.53:53: no such host',
    'You are logged out. The last login error was: fetch control key: Get "http://hs.example.com:8080/key?v=116": dial tcp: lookup hs.example.com on 10.0.0.1:53: server misbehaving',
    'lookup hs.example.com: no such host',
    'dial tcp: lookup hs.example.com: Temporary failure in name resolution',
  ])('the login server name cannot be resolved: the seed’s advice (IP form), naming it: %s', (text) => {
    const e = diagnose(text, hs);
    expect(e.causeId).toBe('dns-lookup');
    expect(e.message).toMatch(/^tailscale provider: app-1 cannot resolve hs\.example\.com \(/);
    expect(e.remedy).toMatch(/^use the IP form of the login server \(login_server: http:\/\/<IP>:<port>, as in --login-server http:\/\/10\.0\.0\.56:8080\): app-1 cannot resolve hs\.example\.com/);
  });

  it('another name that does not resolve gets the generic DNS advice; ping’s MagicDNS lookup is not this rule', () => {
    expect(diagnose('dial tcp: lookup derp9.example.net on 127.0.0.53:53: no such host', hs).remedy).toMatch(/^app-1 cannot resolve derp9\.example\.net: fix its DNS/);
    expect(matchDiagnosis(fixture('ping-unknown-host.stderr.txt'))).toBeNull();
  });

  it('join uses the login server in its diagnosis (DNS failure from `up`)', async () => {
    const fake = fakeHost({
      status: [fixture('status-needslogin.json')],
      up: { code: 1, stderr: 'backend error: dial tcp: lookup hs.example.com on 127.0.0.53:53: no such host\n' },
    });
    const ctx = createContext({ commander: fake, hostId: 'app-1', env: () => 'k'.repeat(48) });
    const cfg = { authKeyEnv: 'TS_AUTHKEY', tailnetDomain: 'example.ts.net', loginServer: 'http://hs.example.com:8080', defaultTags: [], roleTags: {}, install: { method: 'auto' as const, scriptUrl: 'https://tailscale.com/install.sh' } };
    const e = (await joinOnce(ctx, cfg, 'app-1', []).catch((x: unknown) => x)) as Error & { remedy: string };
    expect(e.message).toMatch(/cannot resolve hs\.example\.com/);
    expect(e.remedy).toMatch(/IP form of the login server/);
  });
});
