/**
 * The engine's entry points, as the CLI and the dashboard call them. Implemented in
 * provision.ts (one host) and fleet.ts (many, up to `concurrency` at once).
 */
import type { HostConfig, Inventory } from '../config/types.js';
import type { Commander } from './commander.js';
import type { EventSink } from './events.js';

export interface HostDeps {
  /** Opens the host's single SSH connection (reused for every step, closed at the end). */
  connect(host: HostConfig, signal: AbortSignal): Promise<Commander>;
  /** Environment access (the auth key's env var); injected so tests pass fakes. */
  env(name: string): string | undefined;
  now(): number;
  /** A sudo password the operator typed for this run (dashboard prompt); undefined: `sudo -n`. */
  sudoPassword?(hostId: string): string | undefined;
  /** Waits (the Windows settle delay, the operator watch's polls); tests pass an instant fake clock. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Stops watching one Windows host for its operator (the UI's "give up"), without cancelling the run. */
  watchSignal?(hostId: string): AbortSignal | undefined;
}

export type ProvisionMode = 'provision' | 'rejoin';

export interface ProvisionRun {
  runId: string;
  mode: ProvisionMode;
  signal: AbortSignal;
  emit: EventSink;
}

export interface FleetRun extends ProvisionRun {
  concurrency: number;
}

export type { Inventory, HostConfig };
