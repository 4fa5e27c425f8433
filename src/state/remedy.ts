/**
 * Which failures have a known fix the dashboard can offer as keys. Pure: reads the error's cause
 * (the rule ids of src/provider/diagnose.ts and the provider's checks), then its code and detail
 * (the shapes src/provider and src/ssh produce), and falls back to the message text.
 */
import type { ErrorInfo } from '../provider/events.js';

export type Remedy =
  | { kind: 'sudo-password' }
  | { kind: 'reset'; why: 'accidental-revert' | 'login-server-change' | 'other-tailnet' }
  | { kind: 'tags'; tags: string[] }
  | { kind: 'auth-key'; envVar: string; problem: 'missing' | 'invalid' }
  | { kind: 'host-key-unknown'; fingerprint: string; keyType: string | null }
  | { kind: 'host-key-changed'; known: string; offered: string }
  | { kind: 'windows'; command: string | null };

export interface RemedyContext {
  authKeyEnv: string;
  /** The host's plan tags, shown when the error does not name the refused ones. */
  planTags: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const strs = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length > 0 ? (v as string[]) : null;

/** "requested tags [tag:a tag:b] are invalid" / "host tags [..] do not match expected [..]". */
export function tagsFromMessage(msg: string): string[] | null {
  const req = /requested tags \[([^\]]*)\]/.exec(msg);
  const exp = /expected \[([^\]]*)\]/.exec(msg);
  const m = req ?? exp;
  if (!m) return null;
  const tags = (m[1] ?? '').split(/[\s,]+/).filter((t) => t.startsWith('tag:'));
  return tags.length ? tags : null;
}

function isRevert(e: ErrorInfo): boolean {
  return e.cause === 'accidental-revert' || /requires mentioning all\s+non-default flags/.test(e.message);
}

function isLoginServerChange(e: ErrorInfo): boolean {
  return e.cause === 'login-server-change' || /can't change --login-server without --force-reauth/.test(e.message);
}

/** Causes whose fix is not one the dashboard can offer (the detail view shows their remedy text). */
const NO_PROMPT = new Set(['device-approval', 'interactive-login', 'sudo-not-allowed', 'sudo-missing']);

export function remedyFor(error: ErrorInfo | null | undefined, ctx: RemedyContext): Remedy | null {
  if (!error) return null;
  const d = error.detail ?? {};
  const cause = error.cause ?? '';
  if (NO_PROMPT.has(cause)) return null;
  if (isRevert(error)) return { kind: 'reset', why: 'accidental-revert' };
  if (isLoginServerChange(error)) return { kind: 'reset', why: 'login-server-change' };
  if (cause === 'tailnet-mismatch') return { kind: 'reset', why: 'other-tailnet' };
  switch (error.code) {
    case 'ErrSudoPassword':
      return { kind: 'sudo-password' };
    case 'ErrTagMismatch':
      return {
        kind: 'tags',
        tags: strs(d.tags) ?? strs(d.missing) ?? strs(d.requested) ?? tagsFromMessage(error.message) ?? ctx.planTags,
      };
    case 'ErrAuthKeyInvalid':
      return { kind: 'auth-key', envVar: str(d.envVar) ?? ctx.authKeyEnv, problem: 'invalid' };
    case 'ErrAuthKeyMissing':
      return { kind: 'auth-key', envVar: str(d.envVar) ?? ctx.authKeyEnv, problem: 'missing' };
    case 'ErrHostKey': {
      const known = str(d.known);
      const offered = str(d.offered) ?? str(d.fingerprint);
      if (known && offered) return { kind: 'host-key-changed', known, offered };
      const fp = str(d.fingerprint);
      if (fp) return { kind: 'host-key-unknown', fingerprint: fp, keyType: str(d.keyType) };
      return null;
    }
    case 'ErrWindowsInteractive':
      return { kind: 'windows', command: str(d.command) ?? str(d.script) };
    default:
      break;
  }
  if (/tags? .*not permitted/.test(error.message)) {
    return { kind: 'tags', tags: tagsFromMessage(error.message) ?? ctx.planTags };
  }
  return null;
}

/** A one-line name for the remedy, for the host list ("f: fix …"). */
export function remedyTitle(r: Remedy): string {
  switch (r.kind) {
    case 'sudo-password':
      return 'sudo wants a password';
    case 'reset':
      return r.why === 'accidental-revert'
        ? 'settings differ: rejoin with --reset'
        : r.why === 'login-server-change'
          ? 'login server changed: rejoin'
          : 'in another tailnet: rejoin';
    case 'tags':
      return 'tags not permitted by the tailnet policy';
    case 'auth-key':
      return r.problem === 'missing' ? `auth key missing: set ${r.envVar}` : `auth key invalid, expired or used: set ${r.envVar}`;
    case 'host-key-unknown':
      return 'unknown host key';
    case 'host-key-changed':
      return 'host key changed: refused';
    case 'windows':
      return 'Windows needs an interactive join';
  }
}
