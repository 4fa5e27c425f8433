/**
 * Running as root. A root login (uid 0, learnt once by detect-os) needs no sudo. Otherwise we always
 * use `sudo -n` (never a prompt that would hang an SSH channel without a TTY). When the operator
 * typed a password for this run, `sudo -S -k -p ''` reads it from stdin — never from argv — and
 * `-k` makes sudo read it every time, so the password line is always consumed by sudo and never
 * left for the command (except with NOPASSWD rules, where sudo reads nothing: the commands we run
 * as root — the installer, `tailscale up`, `systemctl` — do not read stdin).
 */
import type { RunResult } from './commander.js';
import type { ProviderContext } from './context.js';
import { MeshError } from './errors.js';

export interface RootPrefix {
  /** Words put before the command: [], ['sudo','-n'] or ['sudo','-S','-k','-p','']. */
  prefix: string[];
  /** What the command's stdin must carry for sudo (the password line), after any data of our own. */
  stdin: string;
}

export function isRoot(ctx: Pick<ProviderContext, 'os'>): boolean {
  return ctx.os?.uid === 0;
}

export function rootPrefix(ctx: Pick<ProviderContext, 'os' | 'sudoPassword'>): RootPrefix {
  if (isRoot(ctx)) return { prefix: [], stdin: '' };
  if (ctx.sudoPassword) return { prefix: ['sudo', '-S', '-k', '-p', ''], stdin: `${ctx.sudoPassword}\n` };
  return { prefix: ['sudo', '-n'], stdin: '' };
}

/** argv prefixed for root, plus the stdin it needs. */
export function asRoot(ctx: Pick<ProviderContext, 'os' | 'sudoPassword'>, argv: readonly string[]): { argv: string[]; stdin: string } {
  const p = rootPrefix(ctx);
  return { argv: [...p.prefix, ...argv], stdin: p.stdin };
}

const NEEDS_PASSWORD = /sudo: (a password is required|a terminal is required to read the password|no tty present and no askpass program specified)/;
const WRONG_PASSWORD = /Sorry, try again|incorrect password attempt|sudo: no password was provided/;
const NOT_ALLOWED = /is not in the sudoers file|is not allowed to (execute|run sudo)|may not run sudo/;
const NO_SUDO = /(^|\s)sudo: (command )?not found|sudo: No such file or directory/m;

/**
 * When a command run through sudo failed because of sudo itself, the error to report; else null.
 * Only sudo's own texts are matched (tailscale's "Use 'sudo tailscale …'" hint does not count).
 */
export function sudoFailure(ctx: Pick<ProviderContext, 'os' | 'sudoPassword' | 'hostId'>, res: RunResult): MeshError | null {
  if (res.code === 0 || isRoot(ctx)) return null;
  const text = `${res.stderr}\n${res.stdout}`;
  const host = ctx.hostId;
  const fix = `run 'meshtui prepare ${host}' once, or enter the password in the dashboard's prompt`;
  if (ctx.sudoPassword && WRONG_PASSWORD.test(text)) {
    return new MeshError('ErrSudoPassword', `sudo on ${host} rejected the password: ${fix}`, {
      cause: 'sudo-wrong-password',
      remedy: fix,
      needsAction: true,
    });
  }
  if (NEEDS_PASSWORD.test(text) || WRONG_PASSWORD.test(text)) {
    return new MeshError('ErrSudoPassword', `sudo on ${host} wants a password: ${fix}`, {
      cause: 'sudo-password-required',
      remedy: fix,
      needsAction: true,
    });
  }
  if (NOT_ALLOWED.test(text)) {
    return new MeshError('ErrSudoPassword', `sudo on ${host}: the SSH user may not run these commands as root`, {
      cause: 'sudo-not-allowed',
      remedy: `give the user sudo rights for tailscale (meshtui prepare ${host}), or log in as root`,
    });
  }
  if (res.code === 127 && NO_SUDO.test(text)) {
    return new MeshError('ErrSudoPassword', `sudo is not installed on ${host}`, {
      cause: 'sudo-missing',
      remedy: `install sudo on ${host}, or connect as root (user: root)`,
    });
  }
  return null;
}
