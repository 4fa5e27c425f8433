import { describe, expect, it } from 'vitest';
import type { OsFacts } from './os.js';
import { asRoot, rootPrefix, sudoFailure } from './sudo.js';

const user = { os: { uid: 1000 } as OsFacts, hostId: 'app-1' };
const root = { os: { uid: 0 } as OsFacts, hostId: 'app-1' };
const res = (stderr: string, code = 1) => ({ stdout: '', stderr, code });

describe('sudo', () => {
  it('always sudo -n without a password', () => {
    expect(asRoot(user, ['systemctl', 'start', 'tailscaled'])).toEqual({ argv: ['sudo', '-n', 'systemctl', 'start', 'tailscaled'], stdin: '' });
  });

  it('a password goes to sudo -S on stdin, never in argv', () => {
    const r = asRoot({ ...user, sudoPassword: 'hunter2' }, ['tailscale', 'up']);
    expect(r.argv).toEqual(['sudo', '-S', '-k', '-p', '', 'tailscale', 'up']);
    expect(r.argv.join(' ')).not.toContain('hunter2');
    expect(r.stdin).toBe('hunter2\n');
  });

  it('root needs no sudo (even with a password)', () => {
    expect(rootPrefix(root)).toEqual({ prefix: [], stdin: '' });
    expect(rootPrefix({ ...root, sudoPassword: 'x' })).toEqual({ prefix: [], stdin: '' });
    expect(sudoFailure(root, res('sudo: a password is required'))).toBeNull();
  });

  it.each(['sudo: a password is required', 'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper'])(
    '%s → ErrSudoPassword naming the remedies',
    (stderr) => {
      const e = sudoFailure(user, res(stderr));
      expect(e).toMatchObject({ code: 'ErrSudoPassword', needsAction: true });
      expect(e!.message).toBe("sudo on app-1 wants a password: run 'meshtui prepare app-1' once, or enter the password in the dashboard's prompt");
    },
  );

  it.each(['Sorry, try again.\nsudo: 1 incorrect password attempt', 'sudo: no password was provided'])('wrong password (%s) → ErrSudoPassword', (stderr) => {
    const e = sudoFailure({ ...user, sudoPassword: 'bad' }, res(stderr));
    expect(e).toMatchObject({ code: 'ErrSudoPassword', causeId: 'sudo-wrong-password' });
    expect(e!.message).toContain('rejected the password');
  });

  it('not in sudoers, no sudo at all', () => {
    expect(sudoFailure(user, res('deploy is not in the sudoers file.  This incident will be reported.'))).toMatchObject({ causeId: 'sudo-not-allowed' });
    expect(sudoFailure(user, res('sh: 1: sudo: not found', 127))).toMatchObject({ causeId: 'sudo-missing' });
  });

  it("does not mistake tailscale's own hints for sudo errors", () => {
    expect(sudoFailure(user, res("Access denied: checkprefs access denied\n\nUse 'sudo tailscale up'."))).toBeNull();
    expect(sudoFailure(user, res('ok', 0))).toBeNull();
  });
});
