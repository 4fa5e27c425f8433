/** Spec §10.1 EnsureJoined, case by case, against the scripted fake host and the real-format fixtures. */
import { describe, expect, it } from 'vitest';
import { detectOutput, fakeHost, fixture } from '../../test/fake-commander.js';
import { KEY, config, provider, ctxFor, lines, upCalls } from '../../test/provider-kit.js';


async function rejects(p: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown> & Error;
  }
  throw new Error('expected a rejection');
}

describe('EnsureJoined', () => {
  const opts = { config, host: 'srv-web-01', tags: ['tag:server'] };

  it('already joined correctly: unchanged, NO `up`, no key needed', async () => {
    const fake = fakeHost({ status: [fixture('status-running.json')] });
    expect(await provider.ensureJoined(ctxFor(fake, {}, {}), opts)).toBe('unchanged');
    expect(upCalls(fake)).toHaveLength(0);
    expect(lines(fake)).toEqual(['tailscale status --json']);
  });

  it('older status shape (v1.78) and offline node: still unchanged', async () => {
    const j = JSON.parse(fixture('status-running-v1.78.json'));
    j.Self.Online = false;
    const fake = fakeHost({ status: [JSON.stringify(j)] });
    expect(await provider.ensureJoined(ctxFor(fake), opts)).toBe('unchanged');
  });

  it('not joined, join succeeds: one `up` with the key on stdin, then verify', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    expect(await provider.ensureJoined(ctxFor(fake), { ...opts, tags: ['tag:web', 'tag:server', 'tag:web'] })).toBe('joined');
    const [up] = upCalls(fake);
    expect(up!.argv.slice(3)).toEqual([
      'meshtui-join',
      'sudo',
      '-n',
      'tailscale',
      'up',
      '--timeout=90s',
      '--hostname=srv-web-01',
      '--advertise-tags=tag:server,tag:web',
    ]);
    expect(up!.stdin).toBe(`${KEY}\n`);
    expect(lines(fake).filter((l) => l === 'tailscale status --json')).toHaveLength(2);
  });

  it('the auth key is never in any argv', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    await provider.ensureJoined(ctxFor(fake, { sudoPassword: 'pw-123456' }), opts);
    for (const c of fake.calls) {
      expect(c.line).not.toContain(KEY);
      expect(c.line).not.toContain('pw-123456');
    }
    expect(upCalls(fake)[0]!.line).toContain('--auth-key="file:$f"');
  });

  it('wrong tailnet: ErrTailnetMismatch, and provision never moves it', async () => {
    const fake = fakeHost({ status: [fixture('status-other-tailnet.json')] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrTailnetMismatch');
    expect(e.message).toBe('tailscale provider: host is in tailnet tail9e8d7c, expected tail4f2a9c');
    expect(upCalls(fake)).toHaveLength(0);
  });

  it('tag mismatch: `up` runs, but the tags do not apply → ErrTagMismatch', async () => {
    const fake = fakeHost({ status: [fixture('status-running.json')] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), { ...opts, tags: ['tag:db'] }));
    expect(upCalls(fake)).toHaveLength(1);
    expect(e.code).toBe('ErrTagMismatch');
    expect(e.message).toBe('tailscale provider: host tags [tag:server tag:web] do not match expected [tag:db]');
  });

  it('tags refused by the control server → ErrTagMismatch naming them', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')], up: { code: 1, stderr: fixture('up-error-tags-not-permitted-multi.txt') } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrTagMismatch');
    expect(e.message).toContain('[tag:server tag:web]');
    expect(e.remedy).toContain('tagOwners');
  });

  it('auth key missing: the spec text, before any `up`', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake, {}, {}), opts));
    expect(e.code).toBe('ErrAuthKeyMissing');
    expect(e.message).toBe('tailscale provider: auth key missing from environment variable TS_AUTHKEY');
    expect(upCalls(fake)).toHaveLength(0);
  });

  it('an auth key with a line break is refused locally', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake, {}, { TS_AUTHKEY: 'a\nb' }), opts));
    expect(e.code).toBe('ErrAuthKeyInvalid');
    expect(upCalls(fake)).toHaveLength(0);
  });

  it.each(['up-error-saas-key-expired-or-used.txt', 'up-error-headscale-invalid-pre-auth-key.txt'])('auth key invalid (%s) → ErrAuthKeyInvalid', async (f) => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')], up: { code: 1, stderr: fixture(f) } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrAuthKeyInvalid');
    expect(e.message).toBe('tailscale provider: invalid or expired auth key');
    expect(e.remedy).toContain('TS_AUTHKEY');
  });

  it('rejoin: --reset --force-reauth even when already joined, and across tailnets', async () => {
    for (const st of ['status-running.json', 'status-other-tailnet.json']) {
      const fake = fakeHost({ status: [fixture(st), fixture('status-running.json')] });
      expect(await provider.ensureJoined(ctxFor(fake, { mode: 'rejoin' }), opts)).toBe('joined');
      expect(upCalls(fake)[0]!.argv.slice(-2)).toEqual(['--reset', '--force-reauth']);
    }
  });

  it('login_server adds --login-server; Headscale status verifies by dns.base_domain', async () => {
    const hs = { ...config, tailnet_domain: 'ts.example.net', login_server: 'https://hs.example.net' };
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running-headscale.json')] });
    expect(await provider.ensureJoined(ctxFor(fake), { ...opts, config: hs })).toBe('joined');
    expect(upCalls(fake)[0]!.argv).toContain('--login-server=https://hs.example.net');
  });

  it('sudo password: stdin is the key line, then the password line', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    await provider.ensureJoined(ctxFor(fake, { sudoPassword: 'hunter2' }), opts);
    const [up] = upCalls(fake);
    expect(up!.stdin).toBe(`${KEY}\nhunter2\n`);
    expect(up!.argv.slice(4, 9)).toEqual(['sudo', '-S', '-k', '-p', '']);
  });

  it('root login: `tailscale up` without sudo', async () => {
    const fake = fakeHost({ detect: detectOutput({ uid: 0 }), status: [fixture('status-needslogin.json'), fixture('status-running.json')] });
    await provider.ensureJoined(ctxFor(fake), opts);
    expect(upCalls(fake)[0]!.argv.slice(3, 6)).toEqual(['meshtui-join', 'tailscale', 'up']);
  });

  it('tailscaled down at status: started once with sudo -n systemctl, then re-read (and said so)', async () => {
    const down = { code: 1, stderr: fixture('up-error-tailscaled-not-running-linux.txt') };
    const notes: string[] = [];
    const fake = fakeHost({ status: [down, fixture('status-running.json')] });
    expect(await provider.ensureJoined(ctxFor(fake, { hooks: { note: (t) => notes.push(t) } }), opts)).toBe('unchanged');
    expect(lines(fake)).toContain('sudo -n systemctl start tailscaled');
    expect(notes.join()).toContain('started it with sudo -n systemctl start tailscaled');
  });

  it('tailscaled down at `up`: started once, `up` retried once', async () => {
    let n = 0;
    const fake = fakeHost({
      status: [fixture('status-needslogin.json'), fixture('status-running.json')],
      up: () => (++n === 1 ? { code: 1, stderr: fixture('up-error-tailscaled-not-running-linux.txt') } : { code: 0 }),
    });
    expect(await provider.ensureJoined(ctxFor(fake), opts)).toBe('joined');
    expect(upCalls(fake)).toHaveLength(2);
    expect(fake.callsMatching(/systemctl/)).toHaveLength(1);
  });

  it('tailscaled stays down: a clear error, systemctl tried only once', async () => {
    const down = { code: 1, stderr: fixture('up-error-tailscaled-not-running-linux.txt') };
    const fake = fakeHost({ status: [down], systemctl: { code: 5, stderr: 'Failed to start tailscaled.service: Unit tailscaled.service not found.' } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.message).toContain('could not be started: Failed to start tailscaled.service');
    expect(fake.callsMatching(/systemctl/)).toHaveLength(1);
  });

  it('--timeout expiry with a Headscale <0.26 key error in Health → ErrAuthKeyInvalid', async () => {
    const j = JSON.parse(fixture('status-needslogin.json'));
    j.Health = ['You are logged out. The last login error was: register request: http 401: authkey expired'];
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), JSON.stringify(j)], up: { code: 1, stderr: fixture('up-error-timeout.txt') } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrAuthKeyInvalid');
  });

  it('--timeout expiry: ErrTimeout with the health lines; NeedsMachineAuth → needs action', async () => {
    const j = JSON.parse(fixture('status-needslogin.json'));
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), JSON.stringify(j)], up: { code: 1, stderr: fixture('up-error-timeout.txt') } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrTimeout');
    expect(e.remedy).toContain('health: Unable to connect');
    j.BackendState = 'NeedsMachineAuth';
    const fake2 = fakeHost({ status: [fixture('status-needslogin.json'), JSON.stringify(j)], up: { code: 1, stderr: fixture('up-error-timeout.txt') } });
    const e2 = await rejects(provider.ensureJoined(ctxFor(fake2), opts));
    expect(e2).toMatchObject({ code: 'ErrAuthKeyInvalid', needsAction: true, causeId: 'device-approval' });
  });

  it('connection lost during `up`: never re-run blindly, status decides', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), fixture('status-running.json')], up: { throws: new Error('Connection lost before handshake') } });
    expect(await provider.ensureJoined(ctxFor(fake), opts)).toBe('joined');
    expect(upCalls(fake)).toHaveLength(1);
  });

  it('connection lost during `up` and status unreadable → the transport error, with a safe remedy', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json'), { throws: new Error('socket closed') }], up: { throws: new Error('Connection lost') } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.code).toBe('ErrSSH');
    expect(e.causeId).toBe('join-uncertain');
    expect(e.remedy).toContain('re-run provision');
    expect(upCalls(fake)).toHaveLength(1);
  });

  it('host still logged out after a successful `up` → tailnet (none)', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.message).toBe('tailscale provider: host is in tailnet (none), expected tail4f2a9c');
  });

  it('already waiting for approval → needs action, no `up`', async () => {
    const j = JSON.parse(fixture('status-running.json'));
    j.BackendState = 'NeedsMachineAuth';
    const fake = fakeHost({ status: [JSON.stringify(j)] });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.needsAction).toBe(true);
    expect(upCalls(fake)).toHaveLength(0);
  });

  it('invalid tags in opts → ErrConfigInvalid before any command', async () => {
    const fake = fakeHost();
    const e = await rejects(provider.ensureJoined(ctxFor(fake), { ...opts, tags: ['server'] }));
    expect(e.message).toBe('tailscale provider: invalid config: tag server must start with tag: prefix');
    expect(fake.calls).toHaveLength(0);
  });

  it('mktemp failure on the host is explained', async () => {
    const fake = fakeHost({ status: [fixture('status-needslogin.json')], up: { code: 97 } });
    const e = await rejects(provider.ensureJoined(ctxFor(fake), opts));
    expect(e.message).toContain('could not hand the auth key to srv-web-01 (mktemp failed)');
  });
});
