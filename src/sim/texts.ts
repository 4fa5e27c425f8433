/**
 * The exact CLI texts (copied from fixtures/; texts.test.ts checks them against the files).
 * Error texts are complete stderr contents including the final newline.
 */
export const DAEMON_DOWN =
  "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n";

export const TIMEOUT_UP =
  'timeout waiting for Tailscale service to enter a Running state; check health with "tailscale status"\n';

export const LOGIN_SERVER_CHANGE = "can't change --login-server without --force-reauth\n";

/** v1.84+ (`args` is os.Args[1:] joined by spaces, the auth key included). */
export function accessDenied(op: string, args: readonly string[]): string {
  return (
    `Access denied: ${op} access denied\n\n` +
    `Use 'sudo tailscale ${args.join(' ')}'.\n` +
    "To not require root, use 'sudo tailscale set --operator=$USER' once.\n"
  );
}

/** ≤ v1.82. */
export function accessDeniedOld(op: string, args: readonly string[]): string {
  return (
    `Access denied: ${op} access denied\n\n` +
    `Use 'sudo tailscale ${args.join(' ')}' or 'tailscale up --operator=$USER' to not require root.\n`
  );
}

export function accidentalRevert(flags: readonly string[]): string {
  return (
    "Error: changing settings via 'tailscale up' requires mentioning all\n" +
    'non-default flags. To proceed, either re-run your command with --reset or\n' +
    'use the command below to explicitly mention the current value of\n' +
    'all non-default settings:\n\n' +
    `\ttailscale up ${flags.join(' ')}\n\n`
  );
}

export const backendError = (msg: string): string => `backend error: ${msg}\n`;

export const SAAS_KEY_MALFORMED = 'invalid key: unable to validate API key';
export const SAAS_KEY_UNKNOWN = 'invalid key: API key does not exist';
export const saasKeyNotValid = (keyId: string): string => `invalid key: API key ${keyId} not valid`;
export const HS_KEY_INVALID = 'invalid pre auth key';
export const HS_KEY_EXPIRED = 'authkey expired';
export const HS_KEY_USED = 'authkey already used';

/** Go `%v` of a []string: space-separated inside brackets. */
export const tagsNotPermitted = (tags: readonly string[]): string =>
  `requested tags [${tags.join(' ')}] are invalid or not permitted`;

export const badTag = (tag: string, why: string): string => `tag: ${JSON.stringify(tag)}: ${why}\n`;

export const deviceApproval = (adminUrl: string): string =>
  `\nTo approve your machine, visit (as admin):\n\n\t${adminUrl}\n\n`;

export const authUrlPrompt = (url: string): string => `\nTo authenticate, visit:\n\n\t${url}\n\n`;

/** Text-mode status / ping when the backend is not running (exit 1). */
export function notRunningText(state: string, authUrl: string): string {
  switch (state) {
    case 'Stopped':
      return 'Tailscale is stopped.\n';
    case 'NeedsLogin':
      return authUrl ? `Logged out.\nLog in at: ${authUrl}\n` : 'Logged out.\n';
    case 'NeedsMachineAuth':
      return 'Machine is not yet approved by tailnet admin.\n';
    default:
      return `unexpected state: ${state}\n`;
  }
}

export const NOT_FOUND_SH = (cmd: string): string => `sh: 1: ${cmd}: not found\n`;
export const NOT_FOUND_SUDO = (cmd: string): string => `sudo: ${cmd}: command not found\n`;
