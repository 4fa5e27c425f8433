/**
 * Everything the dashboard needs from the outside world, injected at the root (src/cli.ts wires the
 * real engine and SSH; tests and `--demo` pass fakes). The dashboard starts no IO of its own: it runs
 * hosts only through `provision`, the same engine entry the headless commands use.
 */
import type { Inventory } from '../config/types.js';
import type { ProvisionMode } from '../provider/api.js';
import type { EventSink, HostResult } from '../provider/events.js';
import type { HostKeyQuestion } from '../state/types.js';

export type { HostKeyQuestion };

/** Answers an unknown-host-key question: resolve true to accept (added to known_hosts), false to refuse. */
export type HostKeyPrompt = (q: HostKeyQuestion) => Promise<boolean>;

export interface ProvisionOptions {
  /** Every event the run emits carries this id. */
  runId: string;
  /** Aborted when the user cancels or quits: the engine stops and closes every connection. */
  signal: AbortSignal;
  /** Engine events; the dashboard batches them before they reach React. */
  emit: EventSink;
  /**
   * Sudo passwords typed in the dashboard for this run only (HostDeps.sudoPassword reads it).
   * Cleared when the run settles; never stored, logged or echoed.
   */
  sudoPasswords: ReadonlyMap<string, string>;
  /**
   * Per host, aborted when the user stops waiting for a Windows operator's interactive join
   * (HostDeps.watchSignal): that host ends needs-action, the rest of the run goes on.
   */
  watchSignal(hostId: string): AbortSignal;
  /**
   * Ignore the auth key's env var for this run, so the engine mints a fresh pre-auth key on the
   * Headscale host (only honoured when `canMintKeys`).
   */
  mintKey?: boolean;
}

/** A Windows host's join script (C:\temp\join-mesh.ps1): the text meshtui writes, never the key. */
export interface JoinScript {
  path: string;
  /** What the operator runs in an interactive session. */
  command: string;
  text: string;
}

/** What `meshtui prepare HOST` did (detail is one line, without the password). */
export interface PrepareOutcome {
  ok: boolean;
  detail: string;
}

/** A host's outcome in an earlier run (the journal's state.json). */
export interface LastOutcome {
  status: string;
  at: number;
  fqdn?: string | null;
}

export interface DashboardServices {
  inventory: Inventory;
  /** Run the engine over these hosts (config ids), up to the inventory's concurrency at once. */
  provision(hostIds: string[], mode: ProvisionMode, opts: ProvisionOptions): Promise<HostResult[]>;
  /** `tailscale status --json` from the host, as text (parsed once by the node table). */
  fetchStatus(hostId: string, signal: AbortSignal): Promise<string>;
  /**
   * Route the SSH layer's unknown-host-key questions to the dashboard (ssh.host_key_policy: ask).
   * Called with null when the dashboard closes: questions must then be refused.
   */
  setHostKeyPrompt(fn: HostKeyPrompt | null): void;
  /** The journal's last outcome per host, shown on idle hosts. */
  lastOutcomes?(): Record<string, LastOutcome>;
  /** Applied to every engine event before the dashboard keeps it (e.g. makeRedactor([authKey])). */
  redact?(s: string): string;
  /** Clock (ms since epoch); Date.now when absent. */
  now?(): number;
  /**
   * "Show the script again": a Windows host's join script for this config (no host is contacted);
   * `tags`: the ones the written script advertised, when known (they differ when the key carries them).
   */
  windowsScript?(hostId: string, mode: ProvisionMode, tags?: readonly string[]): Promise<JoinScript>;
  /**
   * `meshtui prepare HOST` from the sudo prompt: passwordless sudo for meshtui's commands. The
   * password is used for this call only: never stored, logged or echoed. Resolves ok: false when the
   * rule is in place but `sudo -n` still refuses; rejects when prepare failed (e.g. a wrong password).
   */
  prepare?(hostId: string, password: string, signal: AbortSignal): Promise<PrepareOutcome>;
  /** provision() honours ProvisionOptions.mintKey (headscale: is configured). */
  canMintKeys?: boolean;
}
