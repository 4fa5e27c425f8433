/** Two lines: the config and tailnet; the host counts per status (and the live run's progress). */
import { Text } from 'ink';
import { memo } from 'react';
import { truncate } from '../state/format.js';
import { PHASE_LABEL } from '../state/host-rows.js';
import { counts } from '../state/selectors.js';
import { PHASES, type DashboardState } from '../state/types.js';
import { toneProps, useTheme } from './theme.js';

export function countsText(s: DashboardState): string {
  const c = counts(s);
  const parts = PHASES.filter((p) => c[p] > 0).map((p) => `${c[p]} ${PHASE_LABEL[p]}`);
  const extra = [];
  if (s.ui.marked.length) extra.push(`${s.ui.marked.length} marked`);
  return [`${s.hostOrder.length} host${s.hostOrder.length === 1 ? '' : 's'}:`, parts.join(' · '), ...extra.map((e) => `· ${e}`)].join(' ');
}

export const Header = memo(function Header({ state, width }: { state: DashboardState; width: number }) {
  const theme = useTheme();
  return (
    <>
      <Text wrap="truncate">
        <Text {...toneProps(theme, 'title')}>meshtui</Text>
        {truncate(`  ${state.configPath}  ·  tailnet ${state.tailnet}`, Math.max(0, width - 7))}
      </Text>
      <Text wrap="truncate" {...toneProps(theme, 'dim')}>
        {truncate(countsText(state), width)}
      </Text>
    </>
  );
});
