/**
 * The node table's state: the status parsed once (useMemo on the text), the view reducer, and the
 * derived sorted → filtered rows and column layout, each recomputed only when its inputs change.
 */
import { useMemo } from 'react';
import { initialNodeView, nodeViewReducer, type NodeViewAction, type NodeViewState } from '../state/node-view-state.js';
import { useLatestReducer } from './use-latest-reducer.js';
import { filterRows, layoutColumns, parseStatus, sortRows, type Layout, type NodeRow, type NodeTable } from '../state/nodes.js';

export interface NodeTableModel {
  table: NodeTable;
  view: NodeViewState;
  dispatch: (a: NodeViewAction) => void;
  /** The view state after every action dispatched so far (for key handlers). */
  getView: () => NodeViewState;
  rows: readonly NodeRow[];
  layout: Layout | null;
  current: NodeRow | null;
}

/** `source`: the status text (parsed here, once) or an already parsed table. */
export function useNodeTable(source: string | NodeTable, width: number): NodeTableModel {
  const table = useMemo(() => (typeof source === 'string' ? parseStatus(source) : source), [source]);
  const [view, dispatch, getView] = useLatestReducer(nodeViewReducer, () => initialNodeView);
  // Each order is sorted once per table: going back to a column (or flipping back) redraws at once.
  const sortCache = useMemo(() => new Map<string, readonly NodeRow[]>(), [table]);
  const sorted = useMemo(() => {
    if (!table.ok) return [];
    const key = `${view.sortCol}:${view.desc}`;
    let s = sortCache.get(key);
    if (!s) sortCache.set(key, (s = sortRows(table.rows, view.sortCol, view.desc)));
    return s;
  }, [table, sortCache, view.sortCol, view.desc]);
  const rows = useMemo(() => filterRows(sorted, view.filter), [sorted, view.filter]);
  const layout = useMemo(() => (table.ok ? layoutColumns(table, width, view.sortCol) : null), [table, width, view.sortCol]);
  const current = rows[Math.min(view.cursor, rows.length - 1)] ?? null;
  return { table, view, dispatch, getView, rows, layout, current };
}
