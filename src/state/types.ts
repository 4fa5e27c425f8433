/**
 * The dashboard's state: plain, serialisable data (no functions, no Maps, no secrets). The reducer in
 * reducer.ts folds engine events and UI actions into it; selectors.ts derives what the views show.
 */
import type { ProvisionMode } from '../provider/api.js';
import type { ErrorInfo, HostStatus, StepId, StepStatus } from '../provider/events.js';
import type { Remedy } from './remedy.js';

/** A host's place in the dashboard: never run, waiting in a run, running, or a finished status. */
export type HostPhase = 'idle' | 'queued' | 'running' | 'cancelled' | HostStatus;

export const PHASES: readonly HostPhase[] = [
  'idle',
  'queued',
  'running',
  'ok',
  'unchanged',
  'failed',
  'needs-action',
  'skipped',
  'cancelled',
];

export interface StepView {
  id: StepId;
  status: StepStatus;
  startedAt: number;
  durationMs: number | null;
  detail?: string;
  error?: ErrorInfo;
}

export interface CommandView {
  step: StepId;
  /** argv joined for display; already redacted by the engine, scrubbed again by the reducer. */
  text: string;
  code: number;
  durationMs: number;
}

export interface LastOutcomeView {
  status: string;
  at: number;
}

export interface HostView {
  id: string;
  address: string;
  port?: number;
  user?: string;
  role?: string;
  /** Plan tags: default_tags ∪ role_tags[role] ∪ host tags. */
  tags: string[];
  /** The configured OS (auto/linux/…); the detected one is in facts.os. */
  os: string;
  phase: HostPhase;
  runId: string | null;
  mode: ProvisionMode | null;
  steps: StepView[];
  /** The last few complete output lines (bounded, sanitised, truncated). */
  tail: string[];
  /** An output line still being written (no newline yet). */
  partial: string;
  commands: CommandView[];
  facts: Record<string, string>;
  fqdn: string | null;
  error: ErrorInfo | null;
  changed: boolean;
  startedAt: number | null;
  durationMs: number | null;
  lastOutcome: LastOutcomeView | null;
}

export interface RunView {
  id: string;
  mode: ProvisionMode;
  hostIds: string[];
  startedAt: number;
  finishedAt: number | null;
  cancelled: boolean;
  /** The run's promise rejected (an engine bug or a dead connector), one line. */
  error: string | null;
}

/** One line in <Static>: a host that finished, appended once, never changed. */
export interface FinishedEntry {
  key: string;
  runId: string;
  hostId: string;
  phase: HostPhase;
  durationMs: number | null;
  /** FQDN when ok, the short reason when not. */
  text: string;
}

import type { HostKeyQuestion } from '../provider/commander.js';
export type { HostKeyQuestion };

/**
 * offer → password (typed for this run) | confirm (rejoin) | prepare (the command; run it here:
 * prepare-password → preparing → prepared, or back to prepare with the failure in `note`).
 */
export type RemedyStage = 'offer' | 'password' | 'confirm' | 'prepare' | 'prepare-password' | 'preparing' | 'prepared';

export type Prompt =
  | { kind: 'remedy'; hostId: string; remedy: Remedy; stage: RemedyStage; note?: string }
  | { kind: 'hostkey'; requestId: string; question: HostKeyQuestion }
  | { kind: 'confirm-quit' }
  | { kind: 'confirm-rejoin'; hostId: string };

export type Screen = 'hosts' | 'run' | 'detail' | 'help' | 'nodes' | 'script';

/** A Windows host's join script, shown again (it never holds the key). */
export interface ScriptView {
  hostId: string;
  path: string;
  command: string;
  text: string;
}

/** What the services can do beyond provisioning (their keys are offered only then). */
export interface Features {
  /** Show a Windows host's join script again. */
  script: boolean;
  /** Run `meshtui prepare` for a host from the sudo prompt. */
  prepare: boolean;
  /** Re-provision with a freshly minted key (headscale: is configured). */
  mint: boolean;
}

export interface NodesView {
  requestId: string;
  hostId: string;
  status: 'loading' | 'ready' | 'error';
  json: string | null;
  error: string | null;
}

export interface UiState {
  screen: Screen;
  /** Screens under this one: Esc pops back to the last. */
  stack: Screen[];
  selectedId: string | null;
  marked: string[];
  filter: string;
  filterEditing: boolean;
  scroll: number;
  /** The first is shown; host-key questions queue behind each other. */
  prompts: Prompt[];
  message: string | null;
  nodes: NodesView | null;
  script: ScriptView | null;
}

export interface DashboardState {
  configPath: string;
  tailnet: string;
  authKeyEnv: string;
  features: Features;
  hostOrder: string[];
  hosts: Record<string, HostView>;
  runs: Record<string, RunView>;
  runOrder: string[];
  finished: FinishedEntry[];
  ui: UiState;
}

/** Bounds on what a host keeps (the live region and memory stay small with long runs). */
export const LIMITS = {
  tailLines: 5,
  lineWidth: 200,
  partialWidth: 400,
  commands: 100,
} as const;
