/**
 * The node table's view: renders only the rows that fit (a window over the sorted, filtered rows),
 * each a memoised line with its text precomputed for the current column layout.
 */
import { Box, Text } from 'ink';
import { memo, useMemo, useRef } from 'react';
import type { Line } from '../state/detail.js';
import { truncate, wrapText } from '../state/format.js';
import { headerText, nodeDetail, rowText, COLUMN_TITLE, type Layout, type NodeRow, type NodeTableOk } from '../state/nodes.js';
import type { NodeViewState } from '../state/node-view-state.js';
import { scrollWindow } from '../state/window.js';
import { toneProps, useTheme } from './theme.js';

const NodeLine = memo(function NodeLine({ row, layout, selected }: { row: NodeRow; layout: Layout; selected: boolean }) {
  const theme = useTheme();
  const text = useMemo(() => rowText(row, layout), [row, layout]);
  const tone = row.self ? 'title' : row.online ? 'plain' : 'dim';
  return (
    <Text wrap="truncate" {...toneProps(theme, tone)} inverse={selected && theme.color}>
      {selected ? '› ' : '  '}
      {text}
    </Text>
  );
});

export function nodeTitle(table: NodeTableOk, title: string): string {
  const online = table.rows.filter((r) => r.online).length;
  const parts = [
    title,
    table.tailnet ? `tailnet ${table.tailnet}` : 'no tailnet',
    table.backendState,
    table.version ? `v${table.version.split('-')[0]}` : '',
    `${table.rows.length} node${table.rows.length === 1 ? '' : 's'}, ${online} online`,
    table.health.length ? `${table.health.length} health warning${table.health.length === 1 ? '' : 's'}` : '',
    table.skipped ? `${table.skipped} unreadable entr${table.skipped === 1 ? 'y' : 'ies'} skipped` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export interface TableBodyProps {
  table: NodeTableOk;
  view: NodeViewState;
  rows: readonly NodeRow[];
  layout: Layout;
  width: number;
  height: number;
}

/** Filter line, column header and the visible rows: exactly `height` lines or fewer. */
export function NodeTableBody({ table, view, rows, layout, width, height }: TableBodyProps) {
  const theme = useTheme();
  const prevStart = useRef(0);
  const showFilter = view.filterEditing || view.filter.length > 0;
  const rowsHeight = Math.max(1, height - 1 - (showFilter ? 1 : 0));
  const win = scrollWindow(prevStart.current, view.cursor, rows.length, rowsHeight);
  prevStart.current = win.start;
  const visible = rows.slice(win.start, win.end);
  const hiddenNote = layout.hidden.length ? `  +${layout.hidden.map((c) => COLUMN_TITLE[c]).join(',')} in detail` : '';
  return (
    <Box flexDirection="column">
      {showFilter ? (
        <Text wrap="truncate">
          {truncate(`/${view.filter}${view.filterEditing ? '▏' : ''}   ${rows.length} of ${table.rows.length}`, width)}
        </Text>
      ) : null}
      <Text wrap="truncate" {...toneProps(theme, 'title')}>
        {truncate(headerText(layout, view.sortCol, view.desc) + hiddenNote, width)}
      </Text>
      {visible.length === 0 ? <Text {...toneProps(theme, 'dim')}>  no node matches</Text> : null}
      {visible.map((r, i) => (
        <NodeLine key={r.key} row={r} layout={layout} selected={win.start + i === view.cursor} />
      ))}
    </Box>
  );
}

export function nodeDetailLines(row: NodeRow, width: number, health: string[]): Line[] {
  const out: Line[] = [];
  const pairs = nodeDetail(row);
  const lw = Math.max(...pairs.map(([k]) => k.length)) + 2;
  for (const [k, v] of pairs) {
    const wrapped = wrapText(v, Math.max(10, width - lw));
    wrapped.forEach((l, i) => out.push({ text: `${(i === 0 ? k : '').padEnd(lw)}${l}`, tone: 'plain' }));
  }
  if (row.self && health.length) {
    out.push({ text: 'Health', tone: 'title' });
    for (const h of health) for (const l of wrapText(`- ${h}`, width)) out.push({ text: l, tone: 'warn' });
  }
  return out;
}
