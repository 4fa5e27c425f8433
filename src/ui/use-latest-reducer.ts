/**
 * useReducer plus a synchronous view of the latest state. Key handlers must decide with the state
 * after every action already dispatched, not the last rendered one: a second key can arrive before
 * React re-renders (or before the new input handler is subscribed), and would otherwise be judged
 * in the old context (a 'n' typed right after 'q' would miss the quit prompt). The reducer is pure,
 * so running it here as well as in React gives the same state.
 */
import { useCallback, useReducer, useRef, type Dispatch } from 'react';

export function useLatestReducer<S, A>(reducer: (s: S, a: A) => S, init: () => S): [S, Dispatch<A>, () => S] {
  const [state, reactDispatch] = useReducer(reducer, undefined, init);
  const latest = useRef<S>(state);
  const dispatch = useCallback(
    (a: A) => {
      latest.current = reducer(latest.current, a);
      reactDispatch(a);
    },
    [reducer],
  );
  const get = useCallback(() => latest.current, []);
  return [state, dispatch, get];
}
