/**
 * The node table screen (Self and every peer from `tailscale status --json`): state in
 * use-node-table.ts, keys in node-keys.ts, rows in node-table-view.tsx. Used by the dashboard (`s`)
 * and on its own by `meshtui status --file` (renderNodeTable).
 */
import { Box, Text } from 'ink';
import React, { useCallback, useMemo } from 'react';
import { truncate } from '../state/format.js';
import type { NodeTable as NodeTableData } from '../state/nodes.js';
import { footerText, helpRows } from './keymap.js';
import { NODE_KEYS, type NodeAction, type NodeCtx } from './node-keys.js';
import { runNodeAction } from './node-table-commands.js';
import { NodeTableBody, nodeDetailLines, nodeTitle } from './node-table-view.js';
import { PagedLines } from './paged-lines.js';
import { pagedMax } from '../state/window.js';
import { toneProps, useTheme } from './theme.js';
import { useKeymapInput } from './use-keymap-input.js';
import { useNodeTable } from './use-node-table.js';

export interface NodeTableProps {
  /** The status text, or the table already parsed from it. */
  json: string | NodeTableData;
  title: string;
  width: number;
  /** Lines this screen may use, footer included. */
  height: number;
  isActive: boolean;
  embedded: boolean;
  /** Esc at the top level (embedded). */
  onClose(): void;
  /** q (force: Ctrl-C). */
  onQuit(force: boolean): void;
}

export function NodeTable(props: NodeTableProps) {
  const { json, title, width, height, isActive, embedded, onClose, onQuit } = props;
  const theme = useTheme();
  const m = useNodeTable(json, width);
  const { table, view, dispatch, getView, rows, layout, current } = m;
  const bodyHeight = Math.max(2, height - 2);
  const detail = useMemo(
    () => (current && table.ok && view.screen === 'detail' ? nodeDetailLines(current, width, table.health) : []),
    [current, table, view.screen, width],
  );
  const help = useMemo(
    () => helpRows(NODE_KEYS).map((r) => ({ text: `  ${r.keys.padEnd(14)} ${r.text}`, tone: 'plain' as const })),
    [],
  );
  const paged = view.screen === 'detail' ? detail : help;
  const ctxOf = (v: typeof view): NodeCtx => ({
    screen: v.screen,
    filterEditing: v.filterEditing,
    filterActive: v.filter.length > 0,
    hasRows: rows.length > 0,
    embedded,
    ok: table.ok,
  });
  const ctx = ctxOf(view);
  const getCtx = () => ctxOf(getView());
  const run = useCallback(
    (a: NodeAction, input: string) =>
      runNodeAction(
        { dispatch, getView, total: rows.length, page: Math.max(1, bodyHeight - 2), scrollMax: pagedMax(paged.length, bodyHeight), onQuit, onClose },
        a,
        input,
      ),
    [bodyHeight, rows.length, paged.length, getView, dispatch, onQuit, onClose],
  );
  const onText = useCallback(
    (text: string, c: NodeCtx) => {
      if (!c.filterEditing) return false;
      dispatch({ type: 'filter-type', text });
      return true;
    },
    [dispatch],
  );
  useKeymapInput(NODE_KEYS, getCtx, run, { isActive, onText });

  const footer = footerText(NODE_KEYS, ctx, width);
  let head: string;
  let body: React.ReactNode;
  if (!table.ok) {
    head = `${title}: cannot read the status`;
    body = <Text {...toneProps(theme, 'bad')} wrap="truncate">{truncate(table.error, width)}</Text>;
  } else if (view.screen === 'table' && layout) {
    head = nodeTitle(table, title);
    body = <NodeTableBody table={table} view={view} rows={rows} layout={layout} width={width} height={bodyHeight} />;
  } else {
    head = view.screen === 'detail' && current ? `${title} · node ${current.hostName || current.key}` : `${title} · keys`;
    body = <PagedLines lines={paged} offset={view.scroll} height={bodyHeight} width={width} />;
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" {...toneProps(theme, 'title')}>
        {truncate(head, width)}
      </Text>
      <Box flexDirection="column" height={bodyHeight}>
        {body}
      </Box>
      <Text wrap="truncate" {...toneProps(theme, 'dim')}>
        {footer}
      </Text>
    </Box>
  );
}
