/**
 * The Windows "IPN session" failures (FORMATS.md §6): `tailscale up` run over SSH cannot join, or does
 * not stay joined, because Windows tailscaled serves the interactive user's session. Each rule names
 * the cause for the operator; all of them end in the same remedy (the interactive join script).
 * Texts: the real CLI's (diag.go, LocalAPI 401s, up.go's --timeout) and the ones operators report
 * (the seed's "waiting for Tailscale", "not connected to the daemon").
 */
export type IpnCauseId =
  | 'server-mode'
  | 'other-user'
  | 'daemon-unreachable'
  | 'client-not-connected'
  | 'access-denied'
  | 'up-timeout'
  | 'not-running-after-up';

export interface IpnCause {
  id: IpnCauseId;
  /** One line, for the message: what happened. */
  why: string;
}

interface Rule {
  id: IpnCauseId;
  match: RegExp;
  why(m: RegExpExecArray): string;
}

const unq = (s: string | undefined) => (s ?? '').replace(/\\\\/g, '\\');

const RULES: readonly Rule[] = [
  {
    id: 'up-timeout',
    match: /timeout waiting for Tailscale service to enter a Running state/,
    why: () => 'tailscale up hung until --timeout without reaching Running (the headless-Windows hang)',
  },
  {
    id: 'daemon-unreachable',
    match: /failed to connect to local Tailscale daemon|failed to connect to local tailscaled process; is the Tailscale service running\?|\(waiting for Tailscale\.\.\.\)/i,
    why: () => 'the tailscale CLI cannot reach the Tailscale service from the SSH session',
  },
  {
    id: 'server-mode',
    match: /Tailscale running in server mode \("([^"]*)"\); connection from "([^"]*)" not allowed/,
    why: (m) => `Tailscale runs in server mode for ${unq(m[1])}, and ${unq(m[2])} (the SSH user) may not control it`,
  },
  {
    id: 'other-user',
    match: /Tailscale already in use(?: by ([^,\n]+)| \("([^"]*)"\))/,
    why: (m) => `Tailscale is in use by another Windows user (${unq(m[1] ?? m[2]).trim()})`,
  },

  {
    id: 'client-not-connected',
    match: /The Tailscale client is not connected to the daemon/i,
    why: () => 'the Tailscale client is not connected to the service in the SSH session',
  },
  {
    id: 'access-denied',
    match: /Access is denied|Access denied: \w+ access denied/,
    why: () => "the Tailscale service refused the SSH session's connection (Access is denied)",
  },
];

/** Every cause this module can name (the catalogue lists each as `windows-<id>`). */
export const IPN_CAUSE_IDS: readonly IpnCauseId[] = [...RULES.map((r) => r.id), 'not-running-after-up'];

export function matchIpn(text: string): IpnCause | null {
  for (const r of RULES) {
    const m = r.match.exec(text);
    if (m) return { id: r.id, why: r.why(m) };
  }
  return null;
}

export function notRunningAfterUp(state: string): IpnCause {
  return {
    id: 'not-running-after-up',
    why: `tailscale up succeeded, but a few seconds later the node is ${state || 'not Running'} (it dropped when the SSH session's CLI exited)`,
  };
}
