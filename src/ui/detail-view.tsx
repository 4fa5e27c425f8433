/** Host detail (Enter): steps with duration and outcome, commands, full error, remedy, output tail. */
import { useMemo } from 'react';
import { hostDetailLines } from '../state/detail.js';
import type { DashboardState } from '../state/types.js';
import { PagedLines } from './paged-lines.js';
import { useTick } from './spinner.js';

export function DetailView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const { now } = useTick();
  const host = state.ui.selectedId ? state.hosts[state.ui.selectedId] : undefined;
  const lines = useMemo(() => (host ? hostDetailLines(host, width, now, state.authKeyEnv) : []), [host, width, now, state.authKeyEnv]);
  return <PagedLines lines={lines} offset={state.ui.scroll} height={height} width={width} />;
}
