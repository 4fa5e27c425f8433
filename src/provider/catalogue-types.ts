/** The shape of a diagnosis catalogue entry (catalogue.ts), and helpers the entry lists share. */
import type { Remedy } from '../state/remedy.js';
import { UP_DIAGNOSES } from './diagnose.js';
import type { ErrorCode } from './errors.js';

/**
 * The classifier an example goes through: the function the engine runs for that step. What an
 * example's `text` is depends on it (usually the command's output; for the SSH layer a socket
 * error's text or a scenario word; for `cancel` the step).
 */
export type Via =
  | 'up' // diagnose(): a failed `tailscale up` (or status) on the join/verify step
  | 'status' // fetchStatus(): `tailscale status --json` (exit code + output)
  | 'verify' // verifyJoin(): the status JSON after `up` against the config
  | 'ping' // verifyPing(): `tailscale ping -c 3` stderr
  | 'auth-key-env' // authKey(): the value of auth_key_env in meshtui's environment
  | 'sudo' // sudoFailure(): sudo's own words, no password typed
  | 'sudo-typed' // sudoFailure(): sudo's own words, a password typed for this run
  | 'daemon-start' // startFailure(): `systemctl start tailscaled`
  | 'os' // parseDetectOutput() then assertCanInstall(): the detect-os output
  | 'version' // parseVersionOutput() then assertMinVersion(1.78.0): `tailscale version` stdout
  | 'install' // installFailure(): the install script's output
  | 'headscale' // headscaleFailure(): a headscale CLI command's output
  | 'windows-up' // windowsUpFailure() then needOperator(): `tailscale up` over SSH on Windows
  | 'windows-after-up' // notRunningAfterUp() then needOperator(): BackendState a few seconds after `up`
  | 'winget' // installWindows(): winget's output, then tailscale.exe still missing
  | 'ssh' // connectFailure() / connectTimeout(): a socket/ssh2 error text, or `timeout:<phase>`
  | 'ssh-auth' // authFailedError(): `no-key` | `encrypted`
  | 'host-key' // verifyHostKey(): `changed` | `revoked` | `unknown-strict` | `unknown-ask` | `rejected` | `unreadable`
  | 'command' // SshCommander: `timeout` | `lost`
  | 'cancel'; // the operator cancels during the step named by `text`

export interface Example {
  text?: string;
  /** A file in fixtures/ (the test reads it). */
  fixture?: string;
  /** The command's exit code (default 1). */
  exit?: number;
  /** Another classifier than the entry's (the same cause reached another way). */
  via?: Via;
  /** Classify with login_server set (a Headscale fleet). */
  headscale?: boolean;
  /** This example ends needs-action (or not) unlike the entry's default. */
  needsAction?: boolean;
}

export interface CatalogueEntry {
  /** Stable cause id: MeshError.causeId, ErrorInfo.cause. */
  cause: string;
  /** What `--json` prints as error.code (CONTRACT.md's list). */
  code: ErrorCode;
  /** The step(s) that produce it. */
  steps: readonly string[];
  via: Via;
  examples: readonly Example[];
  /** What the operator sees: the text it matches, shortened. */
  sees: string;
  /** The fix, headless: a command or an action (the error's remedy says it in full, naming the host). */
  fix: string;
  /** What the dashboard offers: a src/state/remedy.ts kind, or null (Enter shows the remedy). */
  dashboard: Remedy['kind'] | null;
  /** The host ends `needs-action` rather than `failed`. */
  needsAction?: boolean;
}

/** An entry for a rule of UP_DIAGNOSES (diagnose.ts): id, code and needsAction come from the rule. */
export function upRule(id: string): Pick<CatalogueEntry, 'cause' | 'code' | 'via' | 'needsAction'> {
  const rule = UP_DIAGNOSES.find((r) => r.id === id);
  if (!rule) throw new Error(`catalogue: no UP_DIAGNOSES rule ${id}`);
  return { cause: rule.id, code: rule.code, via: 'up', ...(rule.needsAction ? { needsAction: true } : {}) };
}

export const fx = (fixture: string, more: Omit<Example, 'fixture'> = {}): Example => ({ fixture, ...more });
export const tx = (text: string, more: Omit<Example, 'text'> = {}): Example => ({ text, ...more });
