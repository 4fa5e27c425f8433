/** What each node-table action does: view-state actions, or leaving the table. */
import type { NodeViewAction, NodeViewState } from '../state/node-view-state.js';
import { COLUMN_IDS } from '../state/nodes.js';
import type { NodeAction } from './node-keys.js';

export interface NodeCommandDeps {
  dispatch(a: NodeViewAction): void;
  getView(): NodeViewState;
  /** Rows after sort and filter. */
  total: number;
  page: number;
  /** How far the node detail / help can scroll. */
  scrollMax: number;
  onQuit(force: boolean): void;
  onClose(): void;
}

export function runNodeAction(d: NodeCommandDeps, a: NodeAction, input: string): void {
  const { dispatch, total } = d;
  const move = (delta: number) =>
    d.getView().screen === 'table' ? dispatch({ type: 'move', delta, total }) : dispatch({ type: 'scroll', delta, max: d.scrollMax });
  switch (a) {
    case 'force-quit':
      return d.onQuit(true);
    case 'quit':
      return d.onQuit(false);
    case 'close':
      return d.onClose();
    case 'up':
      return move(-1);
    case 'down':
      return move(1);
    case 'page-up':
      return move(-d.page);
    case 'page-down':
      return move(d.page);
    case 'first':
      return d.getView().screen === 'table' ? dispatch({ type: 'edge', edge: 'start', total }) : move(-d.scrollMax);
    case 'last':
      return d.getView().screen === 'table' ? dispatch({ type: 'edge', edge: 'end', total }) : move(d.scrollMax);
    case 'sort-prev':
      return dispatch({ type: 'sort-next', step: -1 });
    case 'sort-next':
      return dispatch({ type: 'sort-next', step: 1 });
    case 'sort-pick': {
      const col = COLUMN_IDS[Number(input) - 1];
      return col ? dispatch({ type: 'sort-pick', col }) : undefined;
    }
    case 'sort-flip':
      return dispatch({ type: 'sort-flip' });
    case 'filter-start':
      return dispatch({ type: 'filter-start' });
    case 'filter-done':
      return dispatch({ type: 'filter-done' });
    case 'filter-clear':
      return dispatch({ type: 'filter-clear' });
    case 'filter-erase':
      return dispatch({ type: 'filter-erase' });
    case 'open-detail':
      return dispatch({ type: 'open', screen: 'detail' });
    case 'help':
      return dispatch({ type: 'open', screen: 'help' });
    case 'back':
      return dispatch({ type: 'back' });
  }
}
