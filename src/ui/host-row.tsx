/**
 * One host in the list: a memoised line whose fixed cells are precomputed; only a running host's
 * last cell reads the shared tick (spinner, current step, elapsed, last output line).
 */
import { Text } from 'ink';
import { memo, useMemo } from 'react';
import { hostLeftText, hostRestText, runningRestText, statusText, type HostLayout } from '../state/host-rows.js';
import type { HostView } from '../state/types.js';
import { useTick } from './spinner.js';
import { phaseTone, toneProps, useTheme } from './theme.js';

function RunningRest({ host, width }: { host: HostView; width: number }) {
  const { frame, now } = useTick();
  return <Text>{`${frame} ${runningRestText(host, Math.max(0, width - 2), now)}`}</Text>;
}

export interface HostRowProps {
  host: HostView;
  layout: HostLayout;
  selected: boolean;
  marked: boolean;
  authKeyEnv: string;
  /** Coarse clock for "last: ok 3h ago" (the row is memoised; it need not tick). */
  now: number;
}

export const HostRow = memo(function HostRow({ host, layout, selected, marked, authKeyEnv, now }: HostRowProps) {
  const theme = useTheme();
  const left = useMemo(() => hostLeftText(host, layout), [host, layout]);
  const status = useMemo(() => statusText(host, layout), [host, layout]);
  const rest = useMemo(() => (host.phase === 'running' ? '' : hostRestText(host, layout, now, authKeyEnv)), [host, layout, now, authKeyEnv]);
  const prefix = `${selected ? '›' : ' '}${marked ? '●' : ' '} `;
  return (
    <Text wrap="truncate" bold={selected}>
      {prefix}
      {left}
      <Text {...toneProps(theme, phaseTone(host.phase))}>{status}</Text>{' '}
      {host.phase === 'running' ? <RunningRest host={host} width={layout.rest} /> : <Text {...toneProps(theme, phaseTone(host.phase) === 'bad' ? 'bad' : 'plain')}>{rest}</Text>}
    </Text>
  );
});
