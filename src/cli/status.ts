/** `meshtui status HOST` / `status --file F`: the node table (TTY), plain columns (pipe), or the JSON. */
import type { HostConfig, Inventory } from '../config/types.js';
import { headerText, layoutColumns, parseStatus, rowText, sortRows } from '../state/nodes.js';
import type { Io } from './main.js';
import { renderLiveOnThisTerminal } from './tty.js';
import { readTextFileBounded } from './main.js';
import { UsageError } from './args.js';

/** A status file larger than this is refused before parsing (a 5,000-peer status is about 7 MB). */
export const MAX_STATUS_BYTES = 64 << 20;

type StatusOpts = { json: boolean; io: Io } & ({ file: string } | { inv: Inventory; host: HostConfig });

export async function runStatus(o: StatusOpts): Promise<number> {
  // The table UI loads (yoga's WebAssembly compiles off the main thread) while the status is read and parsed.
  const ui = !o.json && o.io.stdout.isTTY && o.io.stdin.isTTY ? (renderLiveOnThisTerminal(), import('../ui/index.js')) : null;
  ui?.catch(() => {});
  let json: string;
  let title: string;
  if ('file' in o) {
    json = readTextFileBounded(o.file, MAX_STATUS_BYTES);
    title = o.file;
  } else {
    json = await statusFromHost(o.inv, o.host);
    title = `${o.host.id} (${o.host.address})`;
  }
  const table = parseStatus(json);
  if (!table.ok) throw new UsageError(`${title}: ${table.error}`);
  if (o.json) {
    o.io.stdout.write(JSON.stringify(JSON.parse(json)) + '\n');
    return 0;
  }
  if (o.io.stdout.isTTY && o.io.stdin.isTTY) {
    const { renderNodeTable } = await ui!;
    // The parsed table, not the text: parsing 5,000 peers twice cost ~100 ms of the first frame.
    return renderNodeTable(table, { stdout: o.io.stdout, stdin: o.io.stdin, stderr: o.io.stderr, title });
  }
  const layout = layoutColumns(table, Math.max(80, o.io.stdout.columns ?? 160), 'host');
  const lines = [
    `${title}: ${table.backendState}${table.tailnet ? `, tailnet ${table.tailnet}` : ''}, ${table.rows.length} node${table.rows.length === 1 ? '' : 's'}`,
    headerText(layout, 'host', false).trimEnd(),
    ...sortRows(table.rows, 'host', false).map((r) => ('  ' + rowText(r, layout)).trimEnd()),
  ];
  o.io.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The engine (and ssh2) load only here: `status --file` never needs them. */
async function statusFromHost(inv: Inventory, host: HostConfig): Promise<string> {
  const [{ createEngineServices }, { fetchStatus }] = await Promise.all([import('./engine.js'), import('../provider/index.js')]);
  const services = await createEngineServices(inv);
  const ac = new AbortController();
  try {
    const commander = await services.deps.connect(host, ac.signal);
    return await fetchStatus(commander, { hostId: host.id, signal: ac.signal });
  } finally {
    await services.closeAll();
  }
}
