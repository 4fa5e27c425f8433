/**
 * What a failed `tailscale up` (or `status`) said, and what to do about it. Table-driven: each entry
 * matches the REAL text (FORMATS.md §3, fixtures/up-error-*.txt). Order matters: the first match wins,
 * so the specific texts come before the generic ones (device approval before the --timeout expiry
 * that follows it). Unknown texts are shown raw (first lines) with the step that produced them.
 *
 * Codes: CONTRACT.md's list is what JSON consumers see, so every rule maps to one of those; the
 * finer cause is `cause` (the rule id). Cases where the operator must act set needsAction: true:
 * - settings `up` would silently reset → ErrTagMismatch (it happens when the tags/hostname change);
 * - a control-server change → ErrTailnetMismatch (another control server is another tailnet);
 * - device approval, interactive login → ErrAuthKeyInvalid (the key did not pre-authorise the node);
 * - an unrecognised failure uses UNKNOWN_FAILURE_CODE (`ErrSSH`: "a remote command failed").
 */
import type { ErrorCode } from './errors.js';
import { MeshError } from './errors.js';
import { formatTags } from './tags.js';

export interface DiagnosisContext {
  hostId: string;
  authKeyEnv: string;
  /** The step that ran the command, e.g. 'join'. */
  step: string;
  /** The command as people know it, e.g. 'tailscale up'. */
  command: string;
  upTimeoutS?: number;
  exitCode?: number;
  /** The configured control server (Headscale): key remedies say to mint a new key, DNS ones name it. */
  loginServer?: string;
}

export interface DiagnosisRule {
  id: string;
  match: RegExp;
  code: ErrorCode;
  needsAction?: boolean;
  message(m: RegExpExecArray, c: DiagnosisContext): string;
  remedy(m: RegExpExecArray, c: DiagnosisContext): string;
}

export const UNKNOWN_FAILURE_CODE: ErrorCode = 'ErrSSH';
const P = 'tailscale provider';

/** Key-looking strings never leave the host in a message (tailscale's own hints echo the args). */
export function redactKeys(text: string): string {
  return text
    .replace(/tskey-[A-Za-z0-9-]+/g, 'tskey-[redacted]')
    .replace(/hskey-[A-Za-z0-9-]+/g, 'hskey-[redacted]')
    .replace(/(--auth-?key[= ])(?!file:|tskey-\[|hskey-\[)[^\s'"]+/g, '$1[redacted]');
}

const rejoin = (c: DiagnosisContext) => `'meshtui rejoin ${c.hostId}'`;

export const UP_DIAGNOSES: readonly DiagnosisRule[] = [
  {
    id: 'auth-key-invalid',
    // SaaS: `invalid key: …`; Headscale ≥0.26: `invalid pre auth key`, `authkey expired|already used`,
    // `invalid authkey`; Headscale <0.26 only shows `http 401` in Health after a --timeout expiry.
    match: /backend error: (invalid key: .*|invalid pre ?auth ?key|authkey (expired|already used)|invalid auth ?key)|last login error was: .*(http 401|authkey|auth key|invalid key)/i,
    code: 'ErrAuthKeyInvalid',
    message: () => `${P}: invalid or expired auth key`,
    remedy: (m, c) => {
      const said = `control said: ${m[0].replace(/^backend error: /, '').slice(0, 120)}`;
      if (c.loginServer) {
        return `mint a new key on the Headscale server (sudo headscale preauthkeys create --user <id> --reusable --expiration 24h -o json) and put it in ${c.authKeyEnv}, or leave ${c.authKeyEnv} unset with headscale: configured so meshtui mints one (${said})`;
      }
      return `put a valid, unexpired auth key in ${c.authKeyEnv} (${said}); a one-off key works only once, so use a reusable key for a fleet`;
    },
  },
  {
    id: 'dns-lookup',
    // Go's resolver: `dial tcp: lookup NAME on 127.0.0.53:53: no such host` (also in Health after --timeout).
    match: /(?<!error looking up IP of "[^"]*": )lookup ([A-Za-z0-9][A-Za-z0-9.-]*)(?: on \S+?)?: (no such host|server misbehaving|Temporary failure in name resolution|i\/o timeout|no answer from DNS server)/,
    code: 'ErrSSH',
    message: (m, c) => `${P}: ${c.hostId} cannot resolve ${m[1]} (${m[2]})`,
    remedy: (m, c) => {
      let server = '';
      try {
        server = c.loginServer ? new URL(c.loginServer).hostname : '';
      } catch {
        server = '';
      }
      if (server && server.toLowerCase() === (m[1] ?? '').toLowerCase()) {
        return `use the IP form of the login server (login_server: http://<IP>:<port>, as in --login-server http://10.0.0.56:8080): ${c.hostId} cannot resolve ${m[1]} (common on Docker VMs and hosts outside the LAN's DNS)`;
      }
      return `${c.hostId} cannot resolve ${m[1]}: fix its DNS, or use the IP form of the address (e.g. login_server: http://10.0.0.56:8080)`;
    },
  },
  {
    id: 'tags-not-permitted',
    match: /requested tags \[([^\]]*)\] are invalid or not permitted/,
    code: 'ErrTagMismatch',
    message: (m) => `${P}: requested tags ${formatTags((m[1] ?? '').split(/\s+/).filter(Boolean))} are invalid or not permitted`,
    remedy: () =>
      `the tailnet policy's tagOwners must allow these tags for the auth key's owner (or mint the key with them); Headscale ≥0.28 rejects --advertise-tags with any pre-auth key: put the tags on the key (preauthkeys create --tags)`,
  },
  {
    id: 'bad-tag-syntax',
    match: /tag: "([^"]*)": (.+)/,
    code: 'ErrConfigInvalid',
    message: (m) => `${P}: invalid config: tag ${m[1]} is invalid: ${m[2]}`,
    remedy: () => 'fix the tag in default_tags, role_tags or the host tags (letters, numbers and dashes after tag:)',
  },
  {
    id: 'accidental-revert',
    match: /requires mentioning all\s+non-default flags(?:[\s\S]*?\n\t(tailscale up [^\n]*))?/,
    code: 'ErrTagMismatch',
    needsAction: true,
    message: (_m, c) => `${P}: tailscale up on ${c.hostId} would reset settings that were set by hand`,
    remedy: (m, c) =>
      `${rejoin(c)} re-joins with --reset (dropping them)` +
      (m[1] ? `, or keep them by running on the host: ${redactKeys(m[1]).slice(0, 300)}` : ''),
  },
  {
    id: 'login-server-change',
    match: /can't change --login-server without --force-reauth/,
    code: 'ErrTailnetMismatch',
    needsAction: true,
    message: (_m, c) => `${P}: ${c.hostId} is registered with another control server (changing --login-server needs --force-reauth)`,
    remedy: (_m, c) => `${rejoin(c)} moves it (tailscale up --reset --force-reauth)`,
  },
  {
    id: 'device-approval',
    match: /To approve your machine, visit \(as admin\):\s*(\S+)/,
    code: 'ErrAuthKeyInvalid',
    needsAction: true,
    message: (_m, c) => `${P}: ${c.hostId} is waiting for device approval`,
    remedy: (m) => `approve the device in the admin console (${m[1]}), or use a pre-approved auth key; then re-run`,
  },
  {
    id: 'interactive-login',
    match: /To authenticate, visit:\s*(\S+)/,
    code: 'ErrAuthKeyInvalid',
    needsAction: true,
    message: (_m, c) => `${P}: tailscale up on ${c.hostId} asked for an interactive login instead of using the auth key`,
    remedy: (m, c) => `check the auth key in ${c.authKeyEnv}, or log the host in at ${m[1]}`,
  },
  {
    id: 'timeout',
    match: /timeout waiting for Tailscale service to enter a Running state/,
    code: 'ErrTimeout',
    message: (_m, c) => `${P}: tailscale up on ${c.hostId} timed out${c.upTimeoutS ? ` after ${c.upTimeoutS}s` : ''} waiting for the Running state`,
    remedy: (_m, c) => `check health with 'tailscale status' on ${c.hostId}: the control server may be unreachable, or (Headscale <0.26) the key was refused silently`,
  },
  {
    id: 'tailscaled-down',
    match: /failed to connect to local tailscaled; it doesn't appear to be running/,
    code: 'ErrInstallFailed',
    message: (_m, c) => `${P}: tailscaled is not running on ${c.hostId}`,
    remedy: () => `start it: sudo -n systemctl start tailscaled (meshtui tries this once by itself), and enable it at boot`,
  },
  {
    id: 'tailscaled-down-windows',
    match: /failed to connect to local tailscaled process; is the Tailscale service running\?/,
    code: 'ErrInstallFailed',
    message: (_m, c) => `${P}: the Tailscale service is not running on ${c.hostId}`,
    remedy: () => 'start it: Start-Service Tailscale',
  },
  {
    id: 'windows-other-user',
    match: /Tailscale (running in server mode|already in use)[^\n]*not allowed|already in use by/,
    code: 'ErrWindowsInteractive',
    needsAction: true,
    message: (_m, c) => `${P}: tailscale on ${c.hostId} belongs to another Windows user`,
    remedy: () => 'log in over SSH as the user that owns Tailscale (or an administrator running as SYSTEM)',
  },
  {
    id: 'access-denied',
    // meshtui always runs `up` through sudo; seeing this means sudo was bypassed (a bug) — still classified.
    match: /Access denied: checkprefs access denied/,
    code: 'ErrSudoPassword',
    message: (_m, c) => `${P}: tailscale up on ${c.hostId} was refused: it did not run as root (Access denied)`,
    remedy: (_m, c) => `meshtui should have used sudo here (please report it); run 'meshtui prepare ${c.hostId}' and retry`,
  },
  {
    id: 'unknown-flag',
    match: /flag provided but not defined: -(\S+)/,
    code: 'ErrInstallFailed',
    message: (m, c) => `${P}: ${c.command} on ${c.hostId} does not know the flag -${m[1]}`,
    remedy: () => 'the installed tailscale is too old for meshtui: upgrade it, and set install.min_version',
  },
];

export function matchDiagnosis(text: string): { rule: DiagnosisRule; m: RegExpExecArray } | null {
  for (const rule of UP_DIAGNOSES) {
    const m = rule.match.exec(text);
    if (m) return { rule, m };
  }
  return null;
}

/** Always returns an error: a catalogued one, or the raw first lines with the step that produced them. */
export function diagnose(text: string, c: DiagnosisContext): MeshError {
  const clean = redactKeys(text);
  const hit = matchDiagnosis(clean);
  if (hit) {
    return new MeshError(hit.rule.code, hit.rule.message(hit.m, c), {
      cause: hit.rule.id,
      remedy: hit.rule.remedy(hit.m, c),
      needsAction: hit.rule.needsAction,
      detail: { step: c.step, output: clean.slice(0, 2000) },
    });
  }
  const lines = clean.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const shown = lines.slice(0, 3).join(' | ').slice(0, 400) || 'no output';
  return new MeshError(
    UNKNOWN_FAILURE_CODE,
    `${P}: ${c.step}: \`${c.command}\` failed on ${c.hostId}${c.exitCode !== undefined ? ` (exit ${c.exitCode})` : ''}: ${shown}`,
    { cause: 'unrecognised', remedy: `run '${c.command}' on ${c.hostId} by hand to see the whole output`, detail: { step: c.step, output: clean.slice(0, 2000) } },
  );
}
