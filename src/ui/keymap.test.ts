import { describe, expect, it, vi } from 'vitest';
import { initialState } from '../state/init.js';
import { inventory } from '../state/testing/fixtures.js';
import type { Screen } from '../state/types.js';
import { runDashboardAction } from './dashboard-commands.js';
import { DASHBOARD_KEYS, dashCtx, type DashAction, type DashCtx, type PromptMode } from './dashboard-keys.js';
import { helpLines } from './help-lines.js';
import { activeBindings, footerText, keyLabel, keyNames, resolveKey, textOf, type Keymap } from './keymap.js';
import { NODE_KEYS, type NodeCtx } from './node-keys.js';
import { runNodeAction } from './node-table-commands.js';
import { initialNodeView } from '../state/node-view-state.js';
import type { RunController } from './use-run-controller.js';

function* product<T extends Record<string, readonly unknown[]>>(dims: T): Generator<{ [K in keyof T]: T[K][number] }> {
  const keys = Object.keys(dims);
  const idx = keys.map(() => 0);
  for (;;) {
    yield Object.fromEntries(keys.map((k, i) => [k, dims[k]![idx[i]!]])) as { [K in keyof T]: T[K][number] };
    let i = 0;
    while (i < keys.length && ++idx[i]! >= dims[keys[i]!]!.length) idx[i++] = 0;
    if (i === keys.length) return;
  }
}

const B = [false, true] as const;
const F = [false] as const;
const SCREENS: Screen[] = ['hosts', 'run', 'detail', 'help', 'nodes', 'script'];
const PROMPTS: PromptMode[] = ['confirm', 'hostkey', 'sudo-offer', 'password', 'reset-offer', 'retry-offer', 'info', 'prepare-offer', 'prepare-password', 'busy', 'mint-offer', 'script-offer'];
// With a prompt open only the prompt's keys, quit (filterEditing) and Ctrl-C apply: the other
// dimensions are varied with no prompt only (the full product would be ~160k contexts).
const dashContexts = (): DashCtx[] => [
  ...product({
    screen: SCREENS,
    prompt: ['none'] as PromptMode[],
    filterEditing: B,
    filterActive: B,
    marks: [0, 2],
    hasSelection: B,
    selectedLive: B,
    canProvision: B,
    canProvisionAll: B,
    hasRemedy: B,
    canStopWatch: B,
    hasScript: B,
    hasRun: B,
    running: [false], // no binding reads it (canProvisionAll carries it)
  }),
  ...product({
    screen: SCREENS,
    prompt: PROMPTS,
    filterEditing: B,
    filterActive: B,
    marks: [0],
    hasSelection: B,
    selectedLive: F,
    canProvision: B,
    canProvisionAll: F,
    hasRemedy: B,
    canStopWatch: F,
    hasScript: B,
    hasRun: F,
    running: F,
  }),
];
const nodeContexts = (): NodeCtx[] => [
  ...product({ screen: ['table', 'detail', 'help'] as NodeCtx['screen'][], filterEditing: B, filterActive: B, hasRows: B, embedded: B, ok: B }),
];

function checkMap<C>(map: Keymap<C, string>, contexts: C[]) {
  const reached = new Set<number>();
  for (const ctx of contexts) {
    const active = map.map((b, i) => [b, i] as const).filter(([b]) => b.when(ctx));
    const byKey = new Map<string, number[]>();
    for (const [b, i] of active) for (const k of b.keys) byKey.set(k, [...(byKey.get(k) ?? []), i]);
    for (const [k, list] of byKey) {
      // Escape may have several meanings stacked by priority (clear filter, then marks…); first wins.
      if (k !== 'escape') expect(list.length, `key ${k} bound twice in ${JSON.stringify(ctx)}`).toBe(1);
      reached.add(list[0]!);
    }
  }
  map.forEach((b, i) => expect(reached.has(i), `binding "${b.label}" (${b.keys.join(',')}) never reachable`).toBe(true));
}

describe('key names', () => {
  it('names Ink key presses', () => {
    expect(keyNames('', { downArrow: true })).toEqual(['down']);
    expect(keyNames('j', {})).toEqual(['j']);
    expect(keyNames('c', { ctrl: true })).toEqual(['ctrl+c']);
    expect(keyNames('\r', { return: true })).toEqual(['return']);
    expect(keyNames('\n', {})).toEqual(['return']);
    expect(keyNames(' ', {})).toEqual(['space']);
    expect(keyNames('', { delete: true })).toEqual(['backspace']);
    expect(keyNames('', { escape: true, meta: true })).toEqual(['escape']);
    expect(keyNames('x', { meta: true })).toEqual([]);
    expect(textOf('ab', {})).toBe('ab');
    expect(textOf('', { upArrow: true })).toBe('');
    expect(keyLabel(['up', 'k'])).toBe('↑k');
    expect(keyLabel(['1', '2', '3', '4'])).toBe('1-4');
    expect(keyLabel(['escape', 'return'])).toBe('Esc/Enter');
  });
});

describe('dashboard keymap', () => {
  const contexts = dashContexts();
  it('binds each key at most once per context, and every binding is reachable', () => {
    checkMap(DASHBOARD_KEYS, contexts);
  });
  it('always lets Ctrl-C through, even in text fields and prompts', () => {
    for (const ctx of contexts) expect(resolveKey(DASHBOARD_KEYS, ctx, 'c', { ctrl: true })?.action).toBe('force-quit');
  });
  it('leaves printable keys to the text field while the filter or the password is being typed', () => {
    for (const ctx of contexts.filter((c) => (c.filterEditing && c.prompt === 'none') || c.prompt === 'password' || c.prompt === 'prepare-password')) {
      for (const ch of 'qjkaprswxmf/? ') expect(resolveKey(DASHBOARD_KEYS, ctx, ch, {}), `${ch} in ${JSON.stringify(ctx)}`).toBeNull();
    }
  });
  it('fits the footer in the width and always offers help and quit when no prompt is open', () => {
    for (const ctx of contexts.filter((_, i) => i % 3 === 0)) {
      for (const w of [40, 80, 120]) expect([...footerText(DASHBOARD_KEYS, ctx, w)].length).toBeLessThanOrEqual(w);
      if (ctx.prompt === 'none' && !ctx.filterEditing && ctx.screen !== 'help') expect(footerText(DASHBOARD_KEYS, ctx, 80)).toMatch(/\? help {2}q quit$/);
    }
  });
  it('derives the context from state', () => {
    const s = initialState(inventory());
    expect(dashCtx(s)).toMatchObject({ screen: 'hosts', prompt: 'none', hasSelection: true, canProvision: true, canProvisionAll: true, running: false });
    expect(activeBindings(DASHBOARD_KEYS, dashCtx(s)).map((b) => b.action)).toEqual(
      expect.arrayContaining(['provision', 'provision-all', 'rejoin', 'status', 'open-detail', 'filter-start', 'toggle-mark', 'help', 'quit']),
    );
  });
  it('has a handler for every action', () => {
    const controller: RunController = {
      start: vi.fn(() => 'r'),
      cancelAll: vi.fn(),
      answerHostKey: vi.fn(),
      trustOnce: vi.fn(),
      stopWatch: vi.fn(),
      loadNodes: vi.fn(),
      cancelNodes: vi.fn(),
      shutdown: vi.fn(async () => undefined),
      showScript: vi.fn(),
      prepare: vi.fn(),
      cancelPrepare: vi.fn(),
    };
    const secret = { length: 0, append: vi.fn(), erase: vi.fn(), take: vi.fn(() => ''), clear: vi.fn() };
    const s = initialState(inventory());
    const dispatch = vi.fn();
    const quit = vi.fn();
    const actions = new Set(DASHBOARD_KEYS.map((b) => b.action));
    for (const a of actions) {
      expect(() => runDashboardAction({ state: () => s, dispatch, controller, secret, quit, body: 20, width: 80, now: () => 0 }, a as DashAction)).not.toThrow();
    }
    expect(quit).toHaveBeenCalledWith(true); // force-quit
    expect(controller.start).toHaveBeenCalledWith(['app-1'], 'provision');
    expect(controller.start).toHaveBeenCalledWith(['app-1', 'app-2', 'db-1'], 'provision');
    expect(controller.loadNodes).toHaveBeenCalledWith('app-1');
  });
  it('help lists every binding', () => {
    const text = helpLines().map((l) => l.text).join('\n');
    for (const b of [...DASHBOARD_KEYS, ...NODE_KEYS].filter((x) => !x.partner)) expect(text).toContain(b.help ?? b.label);
  });
});

describe('node table keymap', () => {
  it('binds each key at most once per context, and every binding is reachable', () => {
    checkMap(NODE_KEYS, nodeContexts());
  });
  it('fits the footer', () => {
    for (const ctx of nodeContexts()) expect([...footerText(NODE_KEYS, ctx, 80)].length).toBeLessThanOrEqual(80);
  });
  it('has a handler for every action', () => {
    const dispatch = vi.fn();
    const d = { dispatch, getView: () => initialNodeView, total: 10, page: 5, scrollMax: 3, onQuit: vi.fn(), onClose: vi.fn() };
    for (const b of NODE_KEYS) expect(() => runNodeAction(d, b.action, b.keys[0] ?? '')).not.toThrow();
    expect(d.onQuit).toHaveBeenCalledWith(true);
    expect(d.onClose).toHaveBeenCalled();
    expect(dispatch).toHaveBeenCalledWith({ type: 'sort-pick', col: 'host' });
    expect(dispatch).toHaveBeenCalledWith({ type: 'move', delta: 5, total: 10 });
  });
});
