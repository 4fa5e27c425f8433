/** The node table's keymap: dispatch, footer and help all read it (see keymap.ts). */
import type { Keymap } from './keymap.js';

export interface NodeCtx {
  screen: 'table' | 'detail' | 'help';
  filterEditing: boolean;
  filterActive: boolean;
  hasRows: boolean;
  /** Inside the dashboard (Esc / q go back) rather than `meshtui status --file` (q quits). */
  embedded: boolean;
  ok: boolean;
}

export type NodeAction =
  | 'force-quit'
  | 'quit'
  | 'close'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'first'
  | 'last'
  | 'sort-prev'
  | 'sort-next'
  | 'sort-pick'
  | 'sort-flip'
  | 'filter-start'
  | 'filter-done'
  | 'filter-clear'
  | 'filter-erase'
  | 'open-detail'
  | 'help'
  | 'back';

type C = NodeCtx;
const table = (c: C) => c.ok && c.screen === 'table' && !c.filterEditing;
const editing = (c: C) => c.ok && c.screen === 'table' && c.filterEditing;
const paged = (c: C) => c.ok && c.screen !== 'table';
const free = (c: C) => !c.filterEditing;

export const NODE_KEYS: Keymap<NodeCtx, NodeAction> = [
  { group: 'Node table', keys: ['ctrl+c'], label: 'quit now', when: () => true, action: 'force-quit' },
  { group: 'Node table', keys: ['return'], label: 'apply', help: 'apply the filter', when: editing, action: 'filter-done', footer: 1 },
  { group: 'Node table', keys: ['escape'], label: 'clear', help: 'clear the filter', when: editing, action: 'filter-clear', footer: 2 },
  { group: 'Node table', keys: ['backspace'], label: 'erase', when: editing, action: 'filter-erase' },
  { group: 'Node table', keys: ['up'], label: 'move', display: '↑↓', help: 'move while typing the filter', when: editing, action: 'up' },
  { group: 'Node table', keys: ['down'], label: 'move down', partner: true, when: editing, action: 'down' },
  { group: 'Node table', keys: ['up', 'k'], label: 'move', display: '↑↓/jk', help: 'move up / down', when: table, action: 'up', footer: 10 },
  { group: 'Node table', keys: ['down', 'j'], label: 'move', help: 'move down', partner: true, when: table, action: 'down' },
  { group: 'Node table', keys: ['pageup'], label: 'page up', when: table, action: 'page-up' },
  { group: 'Node table', keys: ['pagedown', 'space'], label: 'page down', when: table, action: 'page-down' },
  { group: 'Node table', keys: ['home', 'g'], label: 'first', when: table, action: 'first' },
  { group: 'Node table', keys: ['end', 'G'], label: 'last', when: table, action: 'last' },
  { group: 'Node table', keys: ['<', ','], label: 'sort', display: '<>', help: 'sort by the previous / next column (also , and .)', when: table, action: 'sort-prev', footer: 12 },
  { group: 'Node table', keys: ['>', '.'], label: 'sort', help: 'sort by the next column', partner: true, when: table, action: 'sort-next' },
  { group: 'Node table', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], label: 'sort by column', help: 'sort by column: 1 host 2 dns 3 ip 4 os 5 seen 6 tags 7 conn 8 exit 9 expiry (again: flip)', when: table, action: 'sort-pick' },
  { group: 'Node table', keys: ['o'], label: 'order', help: 'flip the sort order', when: table, action: 'sort-flip', footer: 13 },
  { group: 'Node table', keys: ['/'], label: 'filter', when: table, action: 'filter-start', footer: 14 },
  { group: 'Node table', keys: ['return'], label: 'node', help: 'open the node: every field', when: (c) => table(c) && c.hasRows, action: 'open-detail', footer: 11 },
  { group: 'Node table', keys: ['escape'], label: 'clear filter', when: (c) => table(c) && c.filterActive, action: 'filter-clear', footer: 16 },
  { group: 'Node table', keys: ['up', 'k'], label: 'scroll', display: '↑↓/jk', help: 'scroll up / down (node detail, help)', when: paged, action: 'up', footer: 10 },
  { group: 'Node table', keys: ['down', 'j'], label: 'scroll', help: 'scroll down (node detail, help)', partner: true, when: paged, action: 'down' },
  { group: 'Node table', keys: ['escape'], label: 'back', help: 'back to the table', when: paged, action: 'back', footer: 1 },
  { group: 'Node table', keys: ['?'], label: 'back', help: 'close help', when: (c) => c.ok && c.screen === 'help', action: 'back' },
  { group: 'Node table', keys: ['escape'], label: 'back', help: 'back to the dashboard', when: (c) => c.embedded && free(c) && (!c.ok || c.screen === 'table'), action: 'close', footer: 17 },
  { group: 'Node table', keys: ['?'], label: 'help', when: (c) => c.ok && free(c) && c.screen !== 'help', action: 'help', footer: 90 },
  { group: 'Node table', keys: ['q'], label: 'quit', help: 'quit (asks first while a run is under way)', when: free, action: 'quit', footer: 91 },
];
