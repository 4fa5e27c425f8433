/**
 * The dashboard reducer: pure, (state, action) → state. Runs and engine events are in run-reducer.ts;
 * this file adds navigation, marks, the filter, prompts and the node-table request.
 */
import type { Action, NodesAction, PromptAction, ScriptAction, UiAction } from './actions.js';
import { sanitizeLine, truncate } from './format.js';
import { runReducer } from './run-reducer.js';
import { scrub } from './scrub.js';
import { cursorIds, filteredHostIds } from './selectors.js';
import { LIMITS, type DashboardState, type Prompt, type Screen, type UiState } from './types.js';

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function withUi(s: DashboardState, patch: Partial<UiState>): DashboardState {
  return { ...s, ui: { ...s.ui, ...patch } };
}

function moveCursor(s: DashboardState, to: (idx: number, len: number) => number): DashboardState {
  const ids = cursorIds(s);
  if (ids.length === 0) return s;
  const idx = s.ui.selectedId ? ids.indexOf(s.ui.selectedId) : -1;
  const next = ids[clamp(to(idx, ids.length), 0, ids.length - 1)]!;
  return next === s.ui.selectedId ? s : withUi(s, { selectedId: next });
}

const scrolls = (screen: Screen) => screen === 'detail' || screen === 'help' || screen === 'script';

/** After the filter changed: keep the selection when it still matches, else take the first match. */
function refit(s: DashboardState): DashboardState {
  const ids = filteredHostIds(s);
  if (s.ui.selectedId && ids.includes(s.ui.selectedId)) return s;
  return withUi(s, { selectedId: ids[0] ?? s.ui.selectedId });
}

function open(s: DashboardState, screen: Screen): DashboardState {
  if (screen === s.ui.screen) return s;
  if (screen === 'hosts') return withUi(s, { screen, stack: [], scroll: 0 });
  if (screen === 'detail' && !s.ui.selectedId) return s;
  if (screen === 'run' && s.runOrder.length === 0) return s;
  return withUi(s, { screen, stack: [...s.ui.stack, s.ui.screen], scroll: 0 });
}

function uiReducer(s: DashboardState, a: UiAction): DashboardState {
  const ui = s.ui;
  switch (a.type) {
    case 'ui/move':
      if (scrolls(ui.screen)) return withUi(s, { scroll: clamp(ui.scroll + a.delta, 0, a.max ?? Number.MAX_SAFE_INTEGER) });
      return moveCursor(s, (i) => (i < 0 ? 0 : i + a.delta));
    case 'ui/move-edge':
      if (scrolls(ui.screen)) return withUi(s, { scroll: a.edge === 'start' ? 0 : (a.max ?? ui.scroll) });
      return moveCursor(s, (_i, len) => (a.edge === 'start' ? 0 : len - 1));
    case 'ui/select':
      return s.hosts[a.hostId] ? withUi(s, { selectedId: a.hostId }) : s;
    case 'ui/toggle-mark': {
      const id = ui.selectedId;
      if (!id) return s;
      const marked = ui.marked.includes(id) ? ui.marked.filter((m) => m !== id) : [...ui.marked, id];
      return moveCursor(withUi(s, { marked }), (i) => i + 1);
    }
    case 'ui/clear-marks':
      return ui.marked.length ? withUi(s, { marked: [] }) : s;
    case 'ui/filter-start':
      return withUi(s, { filterEditing: true, screen: ui.screen === 'run' ? 'hosts' : ui.screen, stack: ui.screen === 'run' ? [] : ui.stack });
    case 'ui/filter-type': {
      const text = sanitizeLine(a.text).replace(/\s+/g, ' ');
      if (!text) return s;
      return refit(withUi(s, { filter: (ui.filter + text).slice(0, 80) }));
    }
    case 'ui/filter-erase':
      return refit(withUi(s, { filter: [...ui.filter].slice(0, -1).join('') }));
    case 'ui/filter-done':
      return withUi(s, { filterEditing: false });
    case 'ui/filter-clear':
      return withUi(s, { filter: '', filterEditing: false });
    case 'ui/open':
      return open(s, a.screen);
    case 'ui/back': {
      const stack = [...ui.stack];
      const to = stack.pop() ?? 'hosts';
      return withUi(s, { screen: to, stack, scroll: 0, nodes: ui.screen === 'nodes' ? null : ui.nodes, script: ui.screen === 'script' ? null : ui.script });
    }
    case 'ui/message':
      return withUi(s, { message: a.text });
  }
}

function promptReducer(s: DashboardState, a: PromptAction): DashboardState {
  const prompts = s.ui.prompts;
  switch (a.type) {
    case 'prompt/open': {
      const same = (p: Prompt) => JSON.stringify(p) === JSON.stringify(a.prompt);
      if (prompts[0] && same(prompts[0])) return s;
      return withUi(s, { prompts: [a.prompt, ...prompts.filter((p) => !same(p))] });
    }
    case 'prompt/stage': {
      const [first, ...rest] = prompts;
      if (!first || first.kind !== 'remedy') return s;
      return withUi(s, { prompts: [{ kind: 'remedy', hostId: first.hostId, remedy: first.remedy, stage: a.stage }, ...rest] });
    }
    case 'prepare/started':
    case 'prepare/finished': {
      const at = prompts.findIndex((p) => p.kind === 'remedy' && p.hostId === a.hostId && p.remedy.kind === 'sudo-password');
      const note = a.type === 'prepare/finished' ? truncate(scrub(sanitizeLine(a.detail)), 2 * LIMITS.lineWidth) : undefined;
      if (at < 0) return note !== undefined ? withUi(s, { message: `${a.hostId}: prepare ${a.type === 'prepare/finished' && a.ok ? 'done' : 'failed'}: ${note}` }) : s;
      const p = prompts[at] as Extract<Prompt, { kind: 'remedy' }>;
      const stage = a.type === 'prepare/started' ? 'preparing' : a.ok ? 'prepared' : 'prepare';
      const next: Prompt = { kind: 'remedy', hostId: p.hostId, remedy: p.remedy, stage, ...(note !== undefined ? { note } : {}) };
      return withUi(s, { prompts: prompts.map((x, i) => (i === at ? next : x)) });
    }
    case 'prompt/close':
      return prompts.length ? withUi(s, { prompts: prompts.slice(1) }) : s;
    case 'hostkey/asked': {
      if (prompts.some((p) => p.kind === 'hostkey' && p.requestId === a.requestId)) return s;
      const at = prompts.findIndex((p) => p.kind !== 'hostkey');
      const q: Prompt = { kind: 'hostkey', requestId: a.requestId, question: a.question };
      const next = at < 0 ? [...prompts, q] : [...prompts.slice(0, at), q, ...prompts.slice(at)];
      return withUi(s, { prompts: next });
    }
    case 'hostkey/answered':
      return withUi(s, { prompts: prompts.filter((p) => !(p.kind === 'hostkey' && p.requestId === a.requestId)) });
  }
}

function nodesReducer(s: DashboardState, a: NodesAction): DashboardState {
  const n = s.ui.nodes;
  switch (a.type) {
    case 'nodes/requested': {
      const stack = s.ui.screen === 'nodes' ? s.ui.stack : [...s.ui.stack, s.ui.screen];
      return withUi(s, { screen: 'nodes', stack, nodes: { requestId: a.requestId, hostId: a.hostId, status: 'loading', json: null, error: null } });
    }
    case 'nodes/loaded':
      if (!n || n.requestId !== a.requestId) return s;
      return withUi(s, { nodes: { ...n, status: 'ready', json: a.json } });
    case 'nodes/failed':
      if (!n || n.requestId !== a.requestId) return s;
      return withUi(s, { nodes: { ...n, status: 'error', error: scrub(sanitizeLine(a.message)) } });
  }
}

function scriptReducer(s: DashboardState, a: ScriptAction): DashboardState {
  const script = { ...a.script, text: scrub(a.script.text) };
  const stack = s.ui.screen === 'script' ? s.ui.stack : [...s.ui.stack, s.ui.screen];
  return withUi(s, { screen: 'script', stack, scroll: 0, script });
}

export function reducer(s: DashboardState, a: Action): DashboardState {
  const kind = a.type.slice(0, a.type.indexOf('/'));
  switch (kind) {
    case 'engine':
    case 'run':
      return runReducer(s, a as Parameters<typeof runReducer>[1]);
    case 'ui':
      return uiReducer(s, a as UiAction);
    case 'prompt':
    case 'hostkey':
    case 'prepare':
      return promptReducer(s, a as PromptAction);
    case 'script':
      return scriptReducer(s, a as ScriptAction);
    case 'nodes':
      return nodesReducer(s, a as NodesAction);
    default:
      return s;
  }
}
