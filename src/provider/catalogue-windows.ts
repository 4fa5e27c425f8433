/**
 * Catalogue entries of Windows targets: the IPN session failures (windows/ipn.ts; every one ends in
 * the operator's interactive join script, cause `windows-<id>`) and winget. See catalogue.ts.
 */
import { fx, tx, upRule, type CatalogueEntry } from './catalogue-types.js';
import type { IpnCauseId } from './windows/ipn.js';
import { MSI_ADVICE, OPERATOR_COMMAND } from './windows/scripts.js';

const SCRIPT = `run \`${OPERATOR_COMMAND}\` in an interactive session (RDP or console), as the SSH user; meshtui watches and marks the host ok`;

function ipn(id: IpnCauseId, e: Pick<CatalogueEntry, 'examples' | 'sees'> & { via?: CatalogueEntry['via']; steps?: string[] }): CatalogueEntry {
  return {
    cause: `windows-${id}`,
    code: 'ErrWindowsInteractive',
    needsAction: true,
    via: e.via ?? 'windows-up',
    steps: e.steps ?? ['join'],
    examples: e.examples,
    sees: e.sees,
    fix: SCRIPT,
    dashboard: 'windows',
  };
}

const IN_USE = 'failed to connect to local tailscaled (which appears to be running as tailscaled.exe, pid 3440). Got error: 401 Unauthorized: Tailscale already in use by SRV-WIN-01\\alice, pid 7716';

export const WINDOWS_CAUSES: readonly CatalogueEntry[] = [
  ipn('server-mode', {
    examples: [fx('up-error-windows-server-mode-other-user.txt')],
    sees: '401 Unauthorized: Tailscale running in server mode ("OWNER"); connection from "USER" not allowed',
  }),
  {
    // diagnose.ts's rule (a Linux-flow `up`) and the IPN cause of the same name (Windows flow).
    ...upRule('windows-other-user'),
    steps: ['join'],
    examples: [fx('up-error-windows-server-mode-other-user.txt'), tx(IN_USE, { via: 'windows-up' })],
    sees: '401 Unauthorized: Tailscale already in use by USER',
    fix: `log in over SSH as the Windows user that owns Tailscale, or run ${SCRIPT}`,
    dashboard: 'windows',
  },
  ipn('daemon-unreachable', {
    examples: [fx('up-error-tailscaled-not-running-windows.txt'), tx('failed to connect to local Tailscale daemon for /localapi/v0/status'), tx('(waiting for Tailscale...)')],
    sees: 'failed to connect to local tailscaled process; is the Tailscale service running? / (waiting for Tailscale...)',
  }),
  ipn('client-not-connected', {
    examples: [tx('The Tailscale client is not connected to the daemon.')],
    sees: 'The Tailscale client is not connected to the daemon',
  }),
  ipn('access-denied', {
    examples: [tx('Access is denied.'), fx('up-error-access-denied.txt')],
    sees: 'Access is denied / Access denied: checkprefs access denied',
  }),
  ipn('up-timeout', {
    examples: [fx('up-error-timeout.txt')],
    sees: 'timeout waiting for Tailscale service to enter a Running state (the headless-Windows hang)',
  }),
  ipn('not-running-after-up', {
    via: 'windows-after-up',
    examples: [tx('NeedsLogin'), tx('Stopped')],
    sees: '`tailscale up` succeeded, a few seconds later the node is NeedsLogin/Stopped',
  }),
  {
    cause: 'winget-missing',
    code: 'ErrInstallFailed',
    via: 'winget',
    steps: ['install'],
    examples: [tx('meshtui: winget is not available on this host (App Installer is missing, or not usable from an SSH session)', { exit: 91 })],
    sees: 'winget is not available (App Installer missing, or unusable over SSH)',
    fix: MSI_ADVICE,
    dashboard: null,
  },
  {
    cause: 'winget-failed',
    code: 'ErrInstallFailed',
    via: 'winget',
    steps: ['install'],
    examples: [tx('Found Tailscale [Tailscale.Tailscale] Version 1.78.1\nInstaller failed with exit code: 1603', { exit: -1978335226 })],
    sees: 'winget exited N: its last line (e.g. Installer failed with exit code: 1603)',
    fix: MSI_ADVICE,
    dashboard: null,
  },
];
