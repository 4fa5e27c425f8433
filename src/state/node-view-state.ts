/** The node table's view state (cursor, sort, filter, detail): a small pure reducer. */
import { sanitizeLine } from './format.js';
import { nextColumn, type ColumnId } from './nodes.js';

export interface NodeViewState {
  sortCol: ColumnId;
  desc: boolean;
  filter: string;
  filterEditing: boolean;
  /** Index into the sorted, filtered rows. */
  cursor: number;
  screen: 'table' | 'detail' | 'help';
  scroll: number;
}

export type NodeViewAction =
  | { type: 'move'; delta: number; total: number }
  | { type: 'edge'; edge: 'start' | 'end'; total: number }
  | { type: 'sort-next'; step: 1 | -1 }
  | { type: 'sort-pick'; col: ColumnId }
  | { type: 'sort-flip' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-done' }
  | { type: 'filter-clear' }
  | { type: 'open'; screen: 'detail' | 'help' }
  | { type: 'back' }
  | { type: 'scroll'; delta: number; max: number };

export const initialNodeView: NodeViewState = {
  sortCol: 'host',
  desc: false,
  filter: '',
  filterEditing: false,
  cursor: 0,
  screen: 'table',
  scroll: 0,
};

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export function nodeViewReducer(s: NodeViewState, a: NodeViewAction): NodeViewState {
  switch (a.type) {
    case 'move':
      return { ...s, cursor: clamp(s.cursor + a.delta, 0, Math.max(0, a.total - 1)) };
    case 'edge':
      return { ...s, cursor: a.edge === 'start' ? 0 : Math.max(0, a.total - 1) };
    case 'sort-next':
      return { ...s, sortCol: nextColumn(s.sortCol, a.step), cursor: 0 };
    case 'sort-pick':
      return s.sortCol === a.col ? { ...s, desc: !s.desc, cursor: 0 } : { ...s, sortCol: a.col, desc: false, cursor: 0 };
    case 'sort-flip':
      return { ...s, desc: !s.desc, cursor: 0 };
    case 'filter-start':
      return { ...s, filterEditing: true };
    case 'filter-type': {
      const text = sanitizeLine(a.text).replace(/\s+/g, ' ');
      return text ? { ...s, filter: (s.filter + text).slice(0, 80), cursor: 0 } : s;
    }
    case 'filter-erase':
      return { ...s, filter: [...s.filter].slice(0, -1).join(''), cursor: 0 };
    case 'filter-done':
      return { ...s, filterEditing: false };
    case 'filter-clear':
      return { ...s, filter: '', filterEditing: false, cursor: 0 };
    case 'open':
      return { ...s, screen: a.screen, scroll: 0 };
    case 'back':
      return { ...s, screen: 'table', scroll: 0 };
    case 'scroll':
      return { ...s, scroll: clamp(s.scroll + a.delta, 0, Math.max(0, a.max)) };
  }
}
