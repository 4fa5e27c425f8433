import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../provider/events.js';
import { fixture } from '../state/testing/fixtures.js';
import { fakeServices, makeInventory, okScript, type HostScript } from './testing/fake-services.js';
import { mountDashboard } from './testing/mount.js';
import { KEY, overWide, tick, waitFor, waitForFrame } from './testing/term.js';

const failWith = (error: ErrorInfo, step = 'join'): HostScript => ({
  steps: [{ step: 'connect' }, { step, status: 'failed', error }],
  status: 'failed',
  error,
});

async function runOne(script: Parameters<typeof fakeServices>[0]['script'], ids = ['app-1']) {
  const svc = fakeServices({ inventory: makeInventory(ids), script });
  const m = mountDashboard(svc);
  await waitForFrame(m.frame, ids[ids.length - 1]!);
  m.stdin.write(ids.length > 1 ? 'a' : 'p');
  return { svc, m };
}

describe('remediation prompts', () => {
  it('sudo password: typed once, masked, handed to this run only, never shown', async () => {
    const secret = 'hunter2-s3cret';
    const { svc, m } = await runOne((h, { sudoPassword }) =>
      sudoPassword === secret ? okScript(h) : failWith({ code: 'ErrSudoPassword', message: `sudo on ${h} wants a password`, cause: 'sudo-password-required' }),
    );
    let f = await waitForFrame(m.frame, 'app-1: sudo wants a password');
    expect(f).toContain('meshtui prepare app-1');
    expect(f).toMatch(/p\/Enter type sudo password {2}m show prepare {2}Esc later/);
    expect(overWide(f, 80)).toEqual([]);
    m.stdin.write('m');
    await waitForFrame(m.frame, 'Passwordless sudo for app-1');
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, (x) => !x.includes('Passwordless sudo'));
    m.stdin.write('f'); // the fix is still offered on the host
    await waitForFrame(m.frame, 'app-1: sudo wants a password');
    m.stdin.write('p');
    await waitForFrame(m.frame, 'password: ▏');
    m.stdin.write('hunter2-s3cretX');
    await waitForFrame(m.frame, `password: ${'•'.repeat(15)}▏`);
    m.stdin.write(KEY.backspace);
    f = await waitForFrame(m.frame, `password: ${'•'.repeat(14)}▏`);
    m.stdin.write(KEY.enter);
    await waitFor(() => svc.calls.length === 2);
    expect(svc.calls[1]!.sudoSeen).toEqual({ 'app-1': secret });
    expect(svc.calls[0]!.sudoSeen).toEqual({});
    await waitForFrame(m.frame, /finished provision 1\/1 · 1 ok/);
    m.stdin.write('q');
    expect(await m.done).toBe(0);
    expect(m.stdout.frames.join('')).not.toContain('hunter2');
  });

  it('Esc in the password field forgets what was typed', async () => {
    const { svc, m } = await runOne((h, { sudoPassword }) =>
      sudoPassword ? okScript(h) : failWith({ code: 'ErrSudoPassword', message: 'sudo: a password is required' }),
    );
    await waitForFrame(m.frame, 'sudo wants a password');
    m.stdin.write(KEY.enter);
    await waitForFrame(m.frame, 'password: ▏');
    m.stdin.write('abc');
    await waitForFrame(m.frame, 'password: •••▏');
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, 'p/Enter type sudo password');
    m.stdin.write(KEY.enter);
    await waitForFrame(m.frame, 'password: ▏');
    m.stdin.write(KEY.enter); // empty: nothing happens
    await tick(50);
    expect(svc.calls).toHaveLength(1);
    m.stdin.write(KEY.ctrlC);
    await m.done;
  });

  it('"requires mentioning all non-default flags": rejoin with --reset after confirming', async () => {
    const message = fixture('up-error-accidental-revert.txt');
    const { svc, m } = await runOne((h, { mode }) => (mode === 'rejoin' ? okScript(h) : failWith({ code: 'ErrTagMismatch', message, cause: 'accidental-revert' })));
    const f = await waitForFrame(m.frame, 'tailscale up wants every non-default flag');
    expect(f).toMatch(/r rejoin with --reset {2}Esc later/);
    m.stdin.write('r');
    await waitForFrame(m.frame, 'Rejoin app-1 with --reset?');
    m.stdin.write('y');
    await waitFor(() => svc.calls.length === 2);
    expect(svc.calls[1]).toMatchObject({ hostIds: ['app-1'], mode: 'rejoin' });
    await waitForFrame(m.frame, /finished rejoin 1\/1 · 1 ok/);
    m.stdin.write('q');
    expect(await m.done).toBe(0);
  });

  it('tags not permitted: names the tags and the tagOwners fix', async () => {
    const message = fixture('up-error-tags-not-permitted-multi.txt');
    const { m } = await runOne(() => failWith({ code: 'ErrTagMismatch', message, cause: 'tags-not-permitted' }));
    const f = await waitForFrame(m.frame, 'app-1: tags not permitted');
    expect(f).toContain('tag:server, tag:web');
    expect(f).toContain("tailnet policy's tagOwners must allow them");
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, (x) => !x.includes('tagOwners'));
    m.stdin.write('q');
    expect(await m.done).toBe(1);
  });

  it('invalid auth key: which env var to set, never the key', async () => {
    const { m } = await runOne(() => failWith({ code: 'ErrAuthKeyInvalid', message: 'tailscale provider: invalid or expired auth key', cause: 'auth-key-invalid' }));
    const f = await waitForFrame(m.frame, 'the auth key was refused');
    expect(f).toContain('The key in TS_AUTHKEY is invalid, expired or already used.');
    expect(f).toMatch(/Esc\/Enter close/);
    m.stdin.write(KEY.enter);
    await waitForFrame(m.frame, (x) => !x.includes('was refused'));
    m.stdin.write('q');
    await m.done;
  });

  it('unknown host key asked by the SSH layer: shows the fingerprint; a accepts', async () => {
    const fp = 'SHA256:Ek3i0yM8b6Qq3xv2c8yJ7HqGQ6m0Zb3Xq1p2r3s4t5u';
    const { svc, m } = await runOne((h) => ({ ...okScript(h), steps: [{ step: 'connect', askHostKey: { fingerprint: fp } }, ...okScript(h).steps.slice(1)] }), ['app-1', 'app-2']);
    // two hosts ask at once: the questions queue
    let f = await waitForFrame(m.frame, 'app-1: unknown SSH host key');
    expect(f).toContain(`ssh-ed25519 ${fp}`);
    expect(f).toContain('203.0.113.10:22');
    expect(f).toMatch(/a accept host key {2}r\/Esc reject host key/);
    m.stdin.write('a');
    f = await waitForFrame(m.frame, 'app-2: unknown SSH host key');
    m.stdin.write('r');
    f = await waitForFrame(m.frame, /finished provision 2\/2 · 1 ok · 1 failed/);
    expect(svc.calls).toHaveLength(1);
    // the refused host offers the fix afterwards: accept and retry (the retry's question is answered)
    f = await waitForFrame(m.frame, 'app-2: unknown SSH host key');
    expect(f).toContain('Accepting adds it and retries');
    m.stdin.write('a');
    await waitFor(() => svc.calls.length === 2);
    await waitForFrame(m.frame, /finished provision 1\/1 · 1 ok/);
    m.stdin.write('q');
    expect(await m.done).toBe(0);
  });

  it('a changed host key is refused, showing both fingerprints', async () => {
    const error: ErrorInfo = {
      code: 'ErrHostKey',
      message: 'host key for 203.0.113.10 has changed: known SHA256:OLDOLD, offered SHA256:NEWNEW',
      remedy: 'if the host was reinstalled, check the new key, then run: ssh-keygen -R "203.0.113.10" -f ~/.ssh/known_hosts',
      detail: { known: 'SHA256:OLDOLD', offered: 'SHA256:NEWNEW' },
    };
    const { m } = await runOne(() => failWith(error, 'connect'));
    const f = await waitForFrame(m.frame, 'the SSH host key CHANGED');
    expect(f).toMatch(/known +SHA256:OLDOLD/);
    expect(f).toMatch(/offered +SHA256:NEWNEW/);
    expect(f).toContain('ssh-keygen -R');
    expect(f).not.toMatch(/a accept/);
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, (x) => !x.includes('CHANGED'));
    m.stdin.write('q');
    expect(await m.done).toBe(1);
  });

  it('Windows: shows what the operator must run while waiting; x stops waiting, the fix repeats it', async () => {
    const cmd = 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1';
    const { m } = await runOne(() => ({
      steps: [
        { step: 'connect' },
        { step: 'operator', waitWatch: true, detail: 'waiting for the operator', facts: { action: 'run-windows-join-script', actionCommand: cmd } },
      ],
    }));
    let f = await waitForFrame(m.frame, `   ! run: ${cmd}`);
    expect(overWide(f, 80)).toEqual([]);
    expect(f).toMatch(/x stop waiting/);
    m.stdin.write('x');
    f = await waitForFrame(m.frame, 'app-1: Windows needs an interactive join');
    expect(f).toContain(cmd);
    m.stdin.write(KEY.esc);
    await waitForFrame(m.frame, (x) => !x.includes('app-1: Windows needs'));
    m.stdin.write('q');
    expect(await m.done).toBe(1);
  });
});
