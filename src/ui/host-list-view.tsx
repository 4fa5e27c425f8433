/**
 * The host list: filter line, column header, the rows that fit (windowed around the cursor), and a
 * line about the selected host (target, tags, FQDN, or its error and whether `f` can fix it).
 */
import { Box, Text } from 'ink';
import { useMemo, useRef } from 'react';
import { target } from '../state/detail.js';
import { cell, firstLine, truncate } from '../state/format.js';
import { ROW_PREFIX, hostLayout } from '../state/host-rows.js';
import { remedyFor, remedyTitle } from '../state/remedy.js';
import { filteredHostIds, selectedHost } from '../state/selectors.js';
import type { DashboardState, HostView } from '../state/types.js';
import { scrollWindow } from '../state/window.js';
import { HostRow } from './host-row.js';
import { hostListPlan } from './layout.js';
import { toneProps, useTheme } from './theme.js';

function columnHeader(width: number): string {
  const l = hostLayout(width);
  const cols = [cell('HOST', l.id)];
  if (l.address) cols.push(cell('ADDRESS', l.address));
  if (l.os) cols.push(cell('OS', l.os));
  if (l.role) cols.push(cell('ROLE', l.role));
  if (l.tags) cols.push(cell('TAGS', l.tags));
  cols.push(cell('STATUS', l.status), 'FQDN / REASON');
  return truncate(' '.repeat(ROW_PREFIX) + cols.join(' '), width);
}

export function selectionText(h: HostView | null, authKeyEnv: string): { text: string; tone: 'bad' | 'warn' | 'dim' } {
  if (!h) return { text: '', tone: 'dim' };
  if (h.error && (h.phase === 'failed' || h.phase === 'needs-action' || h.phase === 'skipped')) {
    const remedy = remedyFor(h.error, { authKeyEnv, planTags: h.tags });
    const fix = remedy ? `  f: ${remedyTitle(remedy)}` : '';
    return { text: `${h.id}: ${h.error.code}: ${firstLine(h.error.message)}${fix}`, tone: h.phase === 'failed' ? 'bad' : 'warn' };
  }
  const bits = [`${h.id}  ${target(h)}`, ...(h.facts.os ? [h.facts.os] : []), ...(h.role ? [`role ${h.role}`] : []), `tags ${h.tags.join(',') || '-'}`];
  if (h.fqdn) bits.push(h.fqdn);
  return { text: bits.join('  ·  '), tone: 'dim' };
}

export function HostListView({ state, width, height, now }: { state: DashboardState; width: number; height: number; now: number }) {
  const theme = useTheme();
  const ids = filteredHostIds(state);
  const layout = useMemo(() => hostLayout(width), [width]);
  const header = useMemo(() => columnHeader(width), [width]);
  const showFilter = state.ui.filterEditing || state.ui.filter.length > 0;
  const plan = hostListPlan(height, showFilter);
  const rowsHeight = Math.max(1, plan.rows);
  const prevStart = useRef(0);
  const cursor = Math.max(0, state.ui.selectedId ? ids.indexOf(state.ui.selectedId) : 0);
  const win = scrollWindow(prevStart.current, cursor, ids.length, rowsHeight);
  prevStart.current = win.start;
  const sel = selectionText(selectedHost(state), state.authKeyEnv);
  const above = win.start;
  const below = ids.length - win.end;
  return (
    <Box flexDirection="column" height={height}>
      {showFilter ? (
        <Text wrap="truncate">
          {truncate(`/${state.ui.filter}${state.ui.filterEditing ? '▏' : ''}   ${ids.length} of ${state.hostOrder.length}`, width)}
        </Text>
      ) : null}
      <Text wrap="truncate" {...toneProps(theme, 'title')}>
        {above || below ? truncate(`${truncate(header, Math.max(0, width - 16))}  ${above ? '↑' : ' '}${below ? '↓' : ' '} ${cursor + 1}/${ids.length}`, width) : header}
      </Text>
      {ids.length === 0 && plan.rows > 0 ? <Text {...toneProps(theme, 'dim')}>   no host matches the filter</Text> : null}
      {ids.slice(win.start, plan.rows > 0 ? win.end : win.start).map((id) => (
        <HostRow
          key={id}
          host={state.hosts[id]!}
          layout={layout}
          selected={id === state.ui.selectedId}
          marked={state.ui.marked.includes(id)}
          authKeyEnv={state.authKeyEnv}
          now={now}
        />
      ))}
      <Box flexGrow={1} />
      {plan.selectionLine ? (
        <Text wrap="truncate" {...toneProps(theme, sel.tone)}>
          {truncate(sel.text, width)}
        </Text>
      ) : null}
    </Box>
  );
}
