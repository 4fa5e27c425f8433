/**
 * The diagnosis catalogue: every failure meshtui knows how to name, in one inspectable list. Each
 * entry says which classifier produces it (`via`: the REAL function the engine runs for that step),
 * real example texts (fixtures/ files, or short inline ones), the code JSON consumers see, what the
 * operator sees, the fix for headless output, and what the dashboard offers. Entries are built from
 * the rule tables where those exist (UP_DIAGNOSES, the Windows IPN rules, INSTALLER_REASONS), so a
 * code is written down once. catalogue.test.ts runs every example through its classifier;
 * README.md ("Diagnosis catalogue") lists every cause. A text no rule knows is shown raw with the
 * step that produced it (cause `unrecognised`).
 */
import type { Remedy } from '../state/remedy.js';
import { JOIN_CAUSES } from './catalogue-join.js';
import { HOST_CAUSES } from './catalogue-host.js';
import { WINDOWS_CAUSES } from './catalogue-windows.js';
import type { CatalogueEntry } from './catalogue-types.js';

export type { CatalogueEntry, Example, Via } from './catalogue-types.js';

export const CATALOGUE: readonly CatalogueEntry[] = [...JOIN_CAUSES, ...WINDOWS_CAUSES, ...HOST_CAUSES];

/** What each dashboard remedy offers (src/state/remedy.ts kinds; keys from src/ui/dashboard-keys.ts). */
export const DASHBOARD_KEYS: Record<Remedy['kind'] | 'none', string> = {
  'sudo-password': '`f`: `p` types the sudo password for this run, `m` shows (and runs) `meshtui prepare HOST`',
  reset: '`f`: `r` rejoins with --reset (asks `y`)',
  tags: '`f`: explains tagOwners, `p` retries the host',
  'auth-key': '`f`: names the env var to set (with `headscale:` configured, `k` mints a key and retries)',
  'host-key-unknown': '`f`: `a` accepts the key, `r` rejects it',
  'host-key-changed': '`f`: shows the known and offered fingerprints and the ssh-keygen -R command',
  windows: '`f`: shows the command for an interactive session, `w` the script again (`x` stops waiting)',
  none: '`Enter`: the detail view shows the remedy',
};

/**
 * Causes that are not a failure text: checks of the config or of meshtui's own state, named here so
 * that every `cause:` in src/ is accounted for (catalogue.test.ts scans for them).
 */
export const OTHER_CAUSES: Record<string, string> = {
  'key-file': "meshtui's join script could not write the key file (mktemp, %TEMP%) or got no key on stdin",
  'prepare-user': '`meshtui prepare`: the SSH user name cannot go in a sudoers rule',
  'version-failed': '`tailscale version` exits non-zero other than "not found": its first line is shown',
  'not-on-path': 'the installer finished but `tailscale version` still fails',
  'join-uncertain': 'the connection dropped while `tailscale up` ran: verify reads the status first',
  'headscale-user-missing': 'config: headscale.user is needed to mint a key for an untagged host',
  'headscale-unreachable': 'SSH to the headscale host failed without a cause of its own',
  'headscale-nodes-unparseable': '`headscale nodes list -o json` printed no node list',
  'headscale-node-missing': 'verify: the headscale host does not list the node',
  'headscale-node-tags': 'verify: the headscale host lists the node without its tags',
  'windows-probe-failed': 'the Windows facts probe failed',
  'os-config-mismatch': 'os: in the config disagrees with what detect-os found',
  'prepare-visudo': '`meshtui prepare`: visudo rejected the sudoers drop-in',
  'prepare-failed': '`meshtui prepare` failed for another reason (shown raw)',
  'syncthing-failed': 'the syncthing step failed (shown raw)',
  'syncthing-user': 'syncthing: the SSH user cannot be told',
  'syncthing-unsupported-os': 'syncthing: no package for this OS',
  'syncthing-device-id': 'syncthing: no device id after install',
};

export function catalogueEntry(cause: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.cause === cause);
}
