import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../provider/events.js';
import { remedyFor, remedyTitle, tagsFromMessage } from './remedy.js';
import { fixture } from './testing/fixtures.js';

const ctx = { authKeyEnv: 'TS_AUTHKEY', planTags: ['tag:stagecraft'] };
const err = (code: ErrorInfo['code'], message: string, extra: Partial<ErrorInfo> = {}): ErrorInfo => ({ code, message, ...extra });

describe('remedyFor', () => {
  it('maps known causes to fixes', () => {
    expect(remedyFor(err('ErrSudoPassword', 'sudo: a password is required'), ctx)).toEqual({ kind: 'sudo-password' });
    expect(remedyFor(err('ErrAuthKeyInvalid', 'tailscale provider: invalid or expired auth key'), ctx)).toEqual({ kind: 'auth-key', envVar: 'TS_AUTHKEY', problem: 'invalid' });
    expect(remedyFor(err('ErrAuthKeyMissing', 'x', { detail: { envVar: 'MY_KEY' } }), ctx)).toEqual({ kind: 'auth-key', envVar: 'MY_KEY', problem: 'missing' });
    expect(remedyFor(err('ErrWindowsInteractive', 'x', { detail: { command: 'powershell -File C:\\temp\\join.ps1' } }), ctx)).toEqual({ kind: 'windows', command: 'powershell -File C:\\temp\\join.ps1' });
    expect(remedyFor(err('ErrTimeout', 'timed out'), ctx)).toBeNull();
    // causes whose fix is not a key press
    expect(remedyFor(err('ErrAuthKeyInvalid', 'x is waiting for device approval', { cause: 'device-approval' }), ctx)).toBeNull();
    expect(remedyFor(err('ErrSudoPassword', 'may not run', { cause: 'sudo-not-allowed' }), ctx)).toBeNull();
    expect(remedyFor(err('ErrSudoPassword', 'wants a password', { cause: 'sudo-password-required' }), ctx)).toEqual({ kind: 'sudo-password' });
    expect(remedyFor(null, ctx)).toBeNull();
  });
  it('names the refused tags from the detail, the message, or the plan', () => {
    expect(remedyFor(err('ErrTagMismatch', 'x', { detail: { tags: ['tag:a'] } }), ctx)).toEqual({ kind: 'tags', tags: ['tag:a'] });
    expect(remedyFor(err('ErrTagMismatch', 'x', { cause: 'tag-mismatch', detail: { actual: [], expected: ['tag:a', 'tag:b'], missing: ['tag:b'] } }), ctx)).toEqual({ kind: 'tags', tags: ['tag:b'] });
    expect(remedyFor(err('ErrTagMismatch', fixture('up-error-tags-not-permitted-multi.txt')), ctx)).toEqual({ kind: 'tags', tags: ['tag:server', 'tag:web'] });
    expect(remedyFor(err('ErrTagMismatch', 'tailscale provider: host tags [] do not match expected [tag:x, tag:y]'), ctx)).toEqual({ kind: 'tags', tags: ['tag:x', 'tag:y'] });
    expect(remedyFor(err('ErrTagMismatch', 'odd'), ctx)).toEqual({ kind: 'tags', tags: ['tag:stagecraft'] });
    expect(remedyFor(err('ErrSSH', fixture('up-error-tags-not-permitted.txt')), ctx)).toEqual({ kind: 'tags', tags: ['tag:web'] });
    expect(tagsFromMessage('no brackets')).toBeNull();
  });
  it('offers a reset for the accidental-revert refusal and the login-server change', () => {
    expect(remedyFor(err('ErrSSH', fixture('up-error-accidental-revert.txt')), ctx)).toEqual({ kind: 'reset', why: 'accidental-revert' });
    expect(remedyFor(err('ErrTagMismatch', 'tailscale provider: tailscale up on app-1 would reset settings that were set by hand', { cause: 'accidental-revert' }), ctx)).toEqual({
      kind: 'reset',
      why: 'accidental-revert',
    });
    expect(remedyFor(err('ErrTailnetMismatch', 'x', { cause: 'login-server-change' }), ctx)).toEqual({ kind: 'reset', why: 'login-server-change' });
    expect(remedyFor(err('ErrTailnetMismatch', 'host is in tailnet a, expected b', { cause: 'tailnet-mismatch' }), ctx)).toEqual({ kind: 'reset', why: 'other-tailnet' });
    expect(remedyFor(err('ErrSSH', fixture('up-error-login-server-change.txt')), ctx)).toEqual({ kind: 'reset', why: 'login-server-change' });
  });
  it('tells an unknown host key from a changed one (the SSH layer’s detail shapes)', () => {
    expect(remedyFor(err('ErrHostKey', 'x', { detail: { fingerprint: 'SHA256:new', keyType: 'ssh-ed25519', knownHosts: 'kh' } }), ctx)).toEqual({
      kind: 'host-key-unknown',
      fingerprint: 'SHA256:new',
      keyType: 'ssh-ed25519',
    });
    expect(remedyFor(err('ErrHostKey', 'x', { detail: { known: 'SHA256:old', offered: 'SHA256:new' } }), ctx)).toEqual({ kind: 'host-key-changed', known: 'SHA256:old', offered: 'SHA256:new' });
    expect(remedyFor(err('ErrHostKey', 'revoked', { detail: { offered: 'SHA256:x' } }), ctx)).toBeNull();
  });
  it('has a title for each kind', () => {
    expect(remedyTitle({ kind: 'sudo-password' })).toBe('sudo wants a password');
    expect(remedyTitle({ kind: 'auth-key', envVar: 'K', problem: 'invalid' })).toContain('set K');
  });
});

describe('remedyFor on the engine’s own diagnoses', () => {
  it('offers the right fix for each real `tailscale up` failure', async () => {
    const { diagnose } = await import('../provider/diagnose.js');
    const c = { hostId: 'app-1', authKeyEnv: 'TS_AUTHKEY', step: 'join', command: 'tailscale up' };
    const kind = (f: string) => {
      const e = diagnose(fixture(f), c);
      return remedyFor({ code: e.code, message: e.message, cause: e.causeId, detail: e.detail, remedy: e.remedy }, ctx)?.kind ?? null;
    };
    expect(kind('up-error-accidental-revert.txt')).toBe('reset');
    expect(kind('up-error-login-server-change.txt')).toBe('reset');
    expect(kind('up-error-tags-not-permitted-multi.txt')).toBe('tags');
    expect(kind('up-error-saas-key-expired-or-used.txt')).toBe('auth-key');
    expect(kind('up-error-headscale-authkey-already-used.txt')).toBe('auth-key');
    expect(kind('up-error-windows-server-mode-other-user.txt')).toBe('windows');
    expect(kind('up-error-timeout.txt')).toBeNull();
    const tags = diagnose(fixture('up-error-tags-not-permitted-multi.txt'), c);
    expect(remedyFor({ code: tags.code, message: tags.message, cause: tags.causeId }, ctx)).toEqual({ kind: 'tags', tags: ['tag:server', 'tag:web'] });
  });
});
