/**
 * The node table model: columns, their layout at a given width, sort, filter and the text of one
 * row. Parsing is in nodes-parse.ts; the view state (cursor, sort column, filter) in node-view-state.ts.
 */
import { cell, fmtDuration } from './format.js';
import { COLUMN_IDS, type ColumnId, type NodeRow, type NodeTableOk } from './nodes-parse.js';

export { COLUMN_IDS, parseStatus } from './nodes-parse.js';
export type { ColumnId, NodeRow, NodeTable, NodeTableOk } from './nodes-parse.js';

export interface ColumnDef {
  id: ColumnId;
  title: string;
  min: number;
  max: number;
  /** Lower shows first; columns are dropped from the highest number when the width is short. */
  priority: number;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'host', title: 'HOST', min: 8, max: 24, priority: 0 },
  { id: 'ips', title: 'IP', min: 13, max: 15, priority: 1 },
  { id: 'seen', title: 'SEEN', min: 6, max: 9, priority: 2 },
  { id: 'conn', title: 'CONN', min: 9, max: 22, priority: 3 },
  { id: 'os', title: 'OS', min: 5, max: 8, priority: 4 },
  { id: 'tags', title: 'TAGS', min: 6, max: 24, priority: 5 },
  { id: 'dns', title: 'DNS NAME', min: 12, max: 40, priority: 6 },
  { id: 'expiry', title: 'EXPIRY', min: 7, max: 10, priority: 7 },
  { id: 'exit', title: 'EXIT', min: 4, max: 7, priority: 8 },
];

export const COLUMN_TITLE: Record<ColumnId, string> = Object.fromEntries(COLUMNS.map((c) => [c.id, c.title])) as Record<ColumnId, string>;

export interface Layout {
  cols: { id: ColumnId; width: number }[];
  /** Columns that did not fit (shown in the node detail). */
  hidden: ColumnId[];
}

const GAP = 1;
const PREFIX = 2;

/**
 * Pick the columns that fit `width`: the sort column first, then by priority, each as wide as its
 * data wants (within its min/max); a column that cannot get its minimum is hidden.
 */
export function layoutColumns(table: Pick<NodeTableOk, 'widest'>, width: number, sortCol: ColumnId): Layout {
  const order = [...COLUMNS].sort((a, b) => (a.id === sortCol ? -1 : b.id === sortCol ? 1 : a.priority - b.priority));
  const widths = new Map<ColumnId, number>();
  let used = PREFIX;
  for (const c of order) {
    const gap = widths.size ? GAP : 0;
    const want = Math.max(c.min, Math.min(c.max, Math.max(table.widest[c.id], c.title.length + 1)));
    const w = Math.min(want, width - used - gap);
    if (w < c.min) continue;
    widths.set(c.id, w);
    used += w + gap;
  }
  const shown = COLUMNS.filter((c) => widths.has(c.id));
  return { cols: shown.map((c) => ({ id: c.id, width: widths.get(c.id)! })), hidden: COLUMNS.filter((c) => !widths.has(c.id)).map((c) => c.id) };
}

export function headerText(layout: Layout, sortCol: ColumnId, desc: boolean): string {
  return ' '.repeat(PREFIX) + layout.cols.map((c) => cell(COLUMN_TITLE[c.id] + (c.id === sortCol ? (desc ? '▼' : '▲') : ''), c.width)).join(' ');
}

export function rowText(row: NodeRow, layout: Layout): string {
  return layout.cols.map((c) => cell(row.cells[c.id], c.width)).join(' ');
}

/** Sorted copy; Self stays first whatever the order. */
export function sortRows(rows: readonly NodeRow[], col: ColumnId, desc: boolean): NodeRow[] {
  const dir = desc ? -1 : 1;
  const peers = rows.filter((r) => !r.self);
  peers.sort((a, b) => {
    const x = a.sort[col];
    const y = b.sort[col];
    if (x < y) return -dir;
    if (x > y) return dir;
    if (a.sort.host < b.sort.host) return -1;
    if (a.sort.host > b.sort.host) return 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const self = rows.find((r) => r.self);
  return self ? [self, ...peers] : peers;
}

/** Every word of the filter must occur in the row's text (host, DNS, IPs, OS, user, tags, connection). */
export function filterRows(rows: readonly NodeRow[], filter: string): readonly NodeRow[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => words.every((w) => r.hay.includes(w)));
}

export function nextColumn(col: ColumnId, step: 1 | -1): ColumnId {
  const i = COLUMN_IDS.indexOf(col);
  return COLUMN_IDS[(i + step + COLUMN_IDS.length) % COLUMN_IDS.length]!;
}

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);

/** Label/value pairs for the node detail view. */
export function nodeDetail(row: NodeRow, now = Date.now()): [string, string][] {
  const since = (iso: string | null) => (iso ? `${iso}  (${fmtDuration(Math.max(0, now - Date.parse(iso)))} ago)` : '-');
  return [
    ['Host name', row.hostName || '-'],
    ['DNS name', row.dnsName || '-'],
    ['Tailscale IPs', row.ips.join(', ') || '-'],
    ['OS', row.os || '-'],
    ['Owner', row.user || '-'],
    ['Online', row.self ? 'self' : row.online ? (row.active ? 'online, active' : 'online') : `offline, last seen ${row.lastSeen ?? 'never'}`],
    ['Connection', row.self ? 'self' : row.curAddr ? `direct ${row.curAddr}` : row.peerRelay ? `peer relay ${row.peerRelay}` : row.relay ? `DERP relay ${row.relay}` : '-'],
    ['Tags', row.tags.join(', ') || '-'],
    ['Exit node', row.exitNode ? 'in use' : row.exitNodeOption ? 'offered' : 'no'],
    ['Key expiry', row.keyExpiry ? `${row.keyExpiry}${row.expired ? '  EXPIRED' : ''}` : row.tags.length ? 'none (tagged node)' : row.expired ? 'expired' : '-'],
    ['Routes', row.primaryRoutes.join(', ') || '-'],
    ['Allowed IPs', row.allowedIPs.join(', ') || '-'],
    ['Traffic', `rx ${bytes(row.rxBytes)}, tx ${bytes(row.txBytes)}`],
    ['Last handshake', since(row.lastHandshake)],
    ['Created', row.created ?? '-'],
    ['Node ID', row.id || '-'],
    ['Public key', row.publicKey || '-'],
  ];
}
