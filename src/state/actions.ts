/**
 * Everything that can happen to the dashboard, as data. Engine events arrive in batches (one dispatch
 * of an array, see batcher.ts); run and UI actions are dispatched by the input layer and the run
 * controller. Every run action carries its runId: events of a cancelled or replaced run are ignored.
 */
import type { ProvisionMode } from '../provider/api.js';
import type { EngineEvent, HostResult } from '../provider/events.js';
import type { HostKeyQuestion, Prompt, RemedyStage, Screen, ScriptView } from './types.js';

export type RunAction =
  | { type: 'engine/events'; events: EngineEvent[] }
  | { type: 'run/started'; runId: string; mode: ProvisionMode; hostIds: string[]; at: number }
  | { type: 'run/finished'; runId: string; at: number; results: HostResult[] }
  | { type: 'run/failed'; runId: string; at: number; message: string }
  | { type: 'run/cancelled'; runId: string; at: number };

export type UiAction =
  /** Move the cursor (host list, run view) or scroll (detail, help) by delta; max bounds scrolling. */
  | { type: 'ui/move'; delta: number; max?: number }
  | { type: 'ui/move-edge'; edge: 'start' | 'end'; max?: number }
  | { type: 'ui/select'; hostId: string }
  | { type: 'ui/toggle-mark' }
  | { type: 'ui/clear-marks' }
  | { type: 'ui/filter-start' }
  | { type: 'ui/filter-type'; text: string }
  | { type: 'ui/filter-erase' }
  | { type: 'ui/filter-done' }
  | { type: 'ui/filter-clear' }
  | { type: 'ui/open'; screen: Exclude<Screen, 'nodes' | 'script'> }
  | { type: 'ui/back' }
  | { type: 'ui/message'; text: string | null };

export type PromptAction =
  | { type: 'prompt/open'; prompt: Prompt }
  | { type: 'prompt/stage'; stage: RemedyStage }
  | { type: 'prompt/close' }
  | { type: 'hostkey/asked'; requestId: string; question: HostKeyQuestion }
  | { type: 'hostkey/answered'; requestId: string }
  /** `meshtui prepare` for the host of the open sudo prompt: started from the prompt, then its outcome. */
  | { type: 'prepare/started'; hostId: string }
  | { type: 'prepare/finished'; hostId: string; ok: boolean; detail: string };

/** A Windows host's join script came back from the services: shown on its own screen. */
export type ScriptAction = { type: 'script/shown'; script: ScriptView };

export type NodesAction =
  | { type: 'nodes/requested'; requestId: string; hostId: string }
  | { type: 'nodes/loaded'; requestId: string; json: string }
  | { type: 'nodes/failed'; requestId: string; message: string };

export type Action = RunAction | UiAction | PromptAction | NodesAction | ScriptAction;
