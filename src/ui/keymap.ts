/**
 * Keys are data (k9s' action table): a keymap is a list of bindings `{keys, label, when, action,
 * dangerous}`; the same list decides what a key press does (resolveKey), what the footer shows
 * (footerText) and what `?` lists (helpRows). Nothing else in the UI matches keys by hand.
 */
import type { Key } from 'ink';
import { truncate } from '../state/format.js';

/** A key name: a printable character ('j', '/', '?', '<') or one of the named keys below. */
export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'tab'
  | 'backspace'
  | 'space'
  | 'ctrl+c'
  | (string & {});

export interface Binding<C, A extends string> {
  keys: readonly KeyName[];
  /** Short text for the footer ("provision"). */
  label: string;
  /** Longer text for `?` help; defaults to the label. */
  help?: string;
  /** Heading under which `?` lists it. */
  group: string;
  when: (ctx: C) => boolean;
  action: A;
  /** Destructive or disruptive: asks to confirm first, shown with a mark in help. */
  dangerous?: boolean;
  /**
   * Position in the footer (lower first); absent: not in the footer, only in help. From 90 up the
   * binding is essential (help, quit): its room is kept before the others are fitted.
   */
  footer?: number;
  /** How the keys are written in the footer and help, when not derived from `keys` ("↑↓/jk"). */
  display?: string;
  /** Not listed in help on its own: a partner binding's text covers it (↓ beside ↑). */
  partner?: boolean;
}

export type Keymap<C, A extends string> = readonly Binding<C, A>[];

/** The names a key press goes by: ['down'], ['j'], ['return'], ['ctrl+c'], [' ', 'space']… */
export function keyNames(input: string, key: Partial<Key>): KeyName[] {
  if (key.ctrl && input === 'c') return ['ctrl+c'];
  if (input === '\u0003') return ['ctrl+c'];
  const out: KeyName[] = [];
  if (key.upArrow) out.push('up');
  if (key.downArrow) out.push('down');
  if (key.leftArrow) out.push('left');
  if (key.rightArrow) out.push('right');
  if (key.pageUp) out.push('pageup');
  if (key.pageDown) out.push('pagedown');
  if (key.home) out.push('home');
  if (key.end) out.push('end');
  if (key.return || input === '\r' || input === '\n') out.push('return');
  if (key.escape) out.push('escape');
  if (key.tab || input === '\t') out.push('tab');
  if (key.backspace || key.delete || input === '\u007f' || input === '\b') out.push('backspace');
  if (input === ' ') out.push('space');
  if (out.length === 0 && input.length > 0 && !key.ctrl && !key.meta) out.push(input);
  return out;
}

export function resolveKey<C, A extends string>(map: Keymap<C, A>, ctx: C, input: string, key: Partial<Key>): Binding<C, A> | null {
  const names = keyNames(input, key);
  if (names.length === 0) return null;
  for (const b of map) if (b.keys.some((k) => names.includes(k)) && b.when(ctx)) return b;
  return null;
}

/** A printable character that no binding took, for text fields (filter, password). */
export function textOf(input: string, key: Partial<Key>): string {
  if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.backspace || key.delete) return '';
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return '';
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, '');
}

const GLYPH: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  backspace: 'Bksp',
  space: 'Space',
  'ctrl+c': 'Ctrl-C',
};

export function keyLabel(keys: readonly KeyName[]): string {
  if (keys.length > 3 && keys.every((k) => /^[0-9]$/.test(k))) return `${keys[0]}-${keys[keys.length - 1]}`;
  const g = keys.map((k) => GLYPH[k] ?? k);
  if (g.length === 2 && g.every((x) => x.length === 1)) return g.join('');
  return g.join('/');
}

export function activeBindings<C, A extends string>(map: Keymap<C, A>, ctx: C): Binding<C, A>[] {
  const seen = new Set<string>();
  return map.filter((b) => {
    if (!b.when(ctx)) return false;
    const fresh = b.keys.filter((k) => !seen.has(k));
    b.keys.forEach((k) => seen.add(k));
    return fresh.length > 0;
  });
}

/** The footer for this context: the active bindings that have a footer slot, as many as fit. */
export function footerText<C, A extends string>(map: Keymap<C, A>, ctx: C, width: number): string {
  const all = activeBindings(map, ctx)
    .filter((b) => b.footer !== undefined)
    .sort((a, b) => a.footer! - b.footer!);
  const text = (b: Binding<C, A>) => `${b.display ?? keyLabel(b.keys)} ${b.label}`;
  const sep = '  ';
  const essential = all.filter((b) => b.footer! >= 90).map(text).join(sep);
  const room = width - (essential ? [...essential].length + sep.length : 0);
  let out = '';
  for (const b of all.filter((x) => x.footer! < 90)) {
    const next = out ? out + sep + text(b) : text(b);
    if ([...next].length <= room) out = next;
  }
  return truncate([out, essential].filter(Boolean).join(sep), width);
}

export interface HelpRow {
  group: string;
  keys: string;
  text: string;
  dangerous: boolean;
}

/** Every binding, for `?`: grouped, in table order (contexts are not applied: help lists them all). */
export function helpRows<C, A extends string>(map: Keymap<C, A>): HelpRow[] {
  const seen = new Set<string>();
  const rows: HelpRow[] = [];
  for (const b of map) {
    if (b.partner) continue;
    const keys = b.display ?? keyLabel(b.keys);
    const id = `${b.group}|${keys}|${b.help ?? b.label}`;
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push({ group: b.group, keys, text: b.help ?? b.label, dangerous: b.dangerous ?? false });
  }
  return rows;
}
