/**
 * The running fleet: a live summary, then each running host with its steps, spinner, elapsed time
 * and a bounded tail of output, sized so the region fits the terminal; queued hosts on one line.
 * Hosts that finish leave this view and appear, collapsed to one line, in <Static> above it.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { fmtDuration, truncate } from '../state/format.js';
import { tailLines } from '../state/host-events.js';
import { operatorAction, PHASE_LABEL, runningRestText } from '../state/host-rows.js';
import { planPanels, stepChain } from '../state/run-layout.js';
import { liveHostIds, runSummary } from '../state/selectors.js';
import { PHASES, type DashboardState, type HostView } from '../state/types.js';
import { useTick } from './spinner.js';
import { toneProps, useTheme } from './theme.js';

function SummaryLine({ state, width }: { state: DashboardState; width: number }) {
  const theme = useTheme();
  const { frame, now } = useTick();
  const sum = runSummary(state, now);
  if (!sum) return <Text> </Text>;
  const live = sum.run.finishedAt === null;
  const parts = PHASES.filter((p) => p !== 'idle' && sum.counts[p] > 0).map((p) => `${sum.counts[p]} ${PHASE_LABEL[p]}`);
  const head = live ? `${frame} ${sum.run.mode} ${sum.done}/${sum.total}` : `${sum.run.cancelled ? 'cancelled' : 'finished'} ${sum.run.mode} ${sum.done}/${sum.total}`;
  return (
    <Text wrap="truncate" {...toneProps(theme, 'title')}>
      {truncate(`${head} · ${parts.join(' · ')} · ${fmtDuration(sum.elapsedMs)}`, width)}
    </Text>
  );
}

interface PanelProps {
  host: HostView;
  width: number;
  lines: number;
  tail: number;
  selected: boolean;
}

const RunningHost = memo(function RunningHost({ host, width, lines, tail, selected }: PanelProps) {
  const theme = useTheme();
  const { frame, now } = useTick();
  const mark = selected ? '›' : ' ';
  if (lines <= 1) {
    return (
      <Text wrap="truncate">
        {truncate(`${mark}${frame} ${host.id}  ${runningRestText(host, width, now)}`, width)}
      </Text>
    );
  }
  const step = [...host.steps].reverse().find((s) => s.status === 'running');
  const elapsed = host.startedAt !== null ? fmtDuration(now - host.startedAt) : '';
  const action = host.phase === 'running' && host.facts.action ? (host.facts.actionCommand ? `run: ${host.facts.actionCommand}` : operatorAction(host)) : null;
  const out = tail > 0 ? tailLines(host).slice(-tail) : [];
  if (action && tail > 0) out.splice(0, out.length, ...[action, ...out].slice(0, tail));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold={selected}>
        {truncate(`${mark}${frame} ${host.id}  ${step ? `${step.id} ${fmtDuration(now - step.startedAt)}` : 'starting'}  · ${elapsed}${host.mode === 'rejoin' ? '  (rejoin)' : ''}`, width)}
      </Text>
      <Text wrap="truncate" {...toneProps(theme, 'dim')}>
        {'   ' + stepChain(host.steps, Math.max(1, width - 3), frame)}
      </Text>
      {out.map((l, i) => (
        <Text key={i} wrap="truncate" {...toneProps(theme, action && i === 0 ? 'warn' : 'dim')}>
          {truncate(action && i === 0 ? `   ! ${l}` : `     ${l}`, width)}
        </Text>
      ))}
    </Box>
  );
});

export function RunView({ state, width, height }: { state: DashboardState; width: number; height: number }) {
  const theme = useTheme();
  const live = liveHostIds(state);
  const running = live.filter((id) => state.hosts[id]!.phase === 'running');
  const queued = live.filter((id) => state.hosts[id]!.phase === 'queued');
  const idle = running.length === 0 && queued.length === 0;
  const showQueued = queued.length > 0 && height >= 3;
  const showIdle = idle && height >= 2;
  const avail = height - 1 - (showQueued ? 1 : 0) - (showIdle ? 1 : 0);
  const plan = avail > 0 ? planPanels(running.length, avail) : { shown: 0, linesPerHost: 0, tail: 0, more: 0 };
  const sel = state.ui.selectedId;
  // Keep the selected host among the panels drawn when not all fit.
  const selIdx = sel ? running.indexOf(sel) : -1;
  const from = selIdx >= plan.shown ? selIdx - plan.shown + 1 : 0;
  const shown = running.slice(from, from + plan.shown);
  return (
    <Box flexDirection="column" height={height}>
      <SummaryLine state={state} width={width} />
      {shown.map((id) => (
        <RunningHost key={id} host={state.hosts[id]!} width={width} lines={plan.linesPerHost} tail={plan.tail} selected={id === sel} />
      ))}
      {plan.more > 0 ? <Text {...toneProps(theme, 'dim')}>{truncate(`  +${plan.more} more running`, width)}</Text> : null}
      {showQueued ? (
        <Text wrap="truncate" {...toneProps(theme, 'dim')}>
          {truncate(`  queued (${queued.length}): ${queued.join(' ')}`, width)}
        </Text>
      ) : null}
      {showIdle ? (
        <Text wrap="truncate" {...toneProps(theme, 'dim')}>
          {truncate('  Nothing running. Results are above · Enter: open a host · Esc: host list', width)}
        </Text>
      ) : null}
    </Box>
  );
}
