/**
 * What the engine reports while it works. The headless CLI prints these (plain lines or --json),
 * the dashboard's reducer (src/state) folds them into its view, and the journal appends them.
 * Every event carries runId and host so that late events of a cancelled run can be ignored.
 */
import type { ErrorCode } from './errors.js';

export const STEPS = [
  'connect',
  'detect-os',
  'check-version',
  'install',
  'mint-key',
  'join',
  'verify',
  'fqdn',
  'syncthing',
] as const;
export type StepId = (typeof STEPS)[number] | (string & {});

/** running: started; ok: done, nothing changed; changed: done and changed the host. */
export type StepStatus = 'running' | 'ok' | 'changed' | 'skipped' | 'failed' | 'needs-action';
export type HostStatus = 'ok' | 'unchanged' | 'failed' | 'needs-action' | 'skipped';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  remedy?: string;
  cause?: string;
  detail?: Record<string, unknown>;
}

export interface HostResult {
  id: string;
  status: HostStatus;
  fqdn: string | null;
  changed: boolean;
  error: ErrorInfo | null;
  os?: string;
  version?: string;
  durationMs?: number;
  /** Things worth knowing that are not errors (e.g. a WSL host: Tailscale would be better on its Windows side). */
  notes?: string[];
}

interface Base {
  runId: string;
  host: string;
  /** ms since epoch */
  at: number;
}

export type EngineEvent =
  | (Base & { type: 'host-start' })
  | (Base & { type: 'step'; step: StepId; status: StepStatus; detail?: string; durationMs?: number; error?: ErrorInfo })
  | (Base & { type: 'output'; step: StepId; stream: 'stdout' | 'stderr'; text: string })
  /** A command that ran on the host: argv already redacted, never a secret. */
  | (Base & { type: 'command'; step: StepId; argv: string[]; code: number; durationMs: number })
  /** Facts learnt along the way (os, version, fqdn, tailnet) for the host list. */
  | (Base & { type: 'facts'; facts: Record<string, string> })
  | (Base & { type: 'host-done'; result: HostResult });

export type EventSink = (e: EngineEvent) => void;
