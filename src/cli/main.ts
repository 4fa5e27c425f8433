/** The command dispatcher: parses argv, loads config, picks dashboard / headless / JSON. */
import { readFileSync } from 'node:fs';
import type { Inventory } from '../config/types.js';
import { isMeshError } from '../provider/errors.js';
import { parseCommand, UsageError, USAGE, type Command } from './args.js';
// headless.js pulls in the whole engine (and yaml, semver): loaded only by the commands that use it,
// so `--demo`, `status --file`, `--version` start without it.
const headless = () => import('./headless.js');
import { VERSION } from '../version.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  cwd: string;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const err = (s: string) => void io.stderr.write(`meshtui: ${oneLine(s)}\n`);
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  try {
    return await dispatch(cmd, io);
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    if (isMeshError(e)) {
      const file = (e as { file?: string }).file;
      err(file ? `${file}: ${e.message}` : e.message);
      if (e.remedy) io.stderr.write(`meshtui: fix: ${oneLine(e.remedy)}\n`);
      return e.code === 'ErrConfigInvalid' ? 2 : 1;
    }
    err(`internal error: ${(e as Error)?.message ?? String(e)}`);
    return 1;
  }
}

async function loadInventory(path: string | undefined, cwd: string): Promise<Inventory> {
  const { loadConfig } = await import('../config/index.js');
  return loadConfig({ path, cwd });
}

async function dispatch(cmd: Command, io: Io): Promise<number> {
  switch (cmd.kind) {
    case 'help':
      io.stdout.write(USAGE + '\n');
      return 0;
    case 'version':
      io.stdout.write(`meshtui ${VERSION}\n`);
      return 0;
    case 'validate': {
      const inv = await loadInventory(cmd.config, io.cwd);
      if (cmd.json) io.stdout.write(JSON.stringify({ type: 'validate', ok: true, path: inv.path, hosts: inv.hosts.length }) + '\n');
      else io.stdout.write(`${inv.path}: ok (${inv.hosts.length} host${inv.hosts.length === 1 ? '' : 's'}, tailnet ${inv.tailscale.tailnetDomain})\n`);
      return 0;
    }
    case 'fqdn': {
      const inv = await loadInventory(cmd.config, io.cwd);
      const { selectHosts } = await headless();
      const [host] = selectHosts(inv, [cmd.host], false);
      const { nodeFQDN } = await import('./fqdn.js');
      io.stdout.write(nodeFQDN(inv, host!.id) + '\n');
      return 0;
    }
    case 'provision':
    case 'rejoin': {
      const inv = await loadInventory(cmd.config, io.cwd);
      const { runHeadless, selectHosts } = await headless();
      let hosts = cmd.kind === 'rejoin' ? selectHosts(inv, [cmd.host], false) : selectHosts(inv, cmd.hosts, cmd.all);
      if (cmd.kind === 'provision' && cmd.resume) {
        const { journalFor } = await import('./headless.js');
        const { unfinishedHosts } = await import('../state/journal.js');
        const last = journalFor(inv).latestRun();
        const todo = last ? unfinishedHosts(last.lines) : [];
        if (todo.length === 0) {
          io.stderr.write(`meshtui: nothing to resume: ${last ? `run ${last.runId} finished every host` : 'no run in the journal'}\n`);
          return 0;
        }
        io.stderr.write(`meshtui: resuming run ${last!.runId}: ${todo.join(', ')} (status is re-read before any join)\n`);
        hosts = selectHosts(inv, todo.filter((id) => inv.hosts.some((h) => h.id === id)), false);
      }
      const concurrency = cmd.kind === 'provision' ? (cmd.concurrency ?? inv.concurrency) : 1;
      const { code } = await runHeadless({
        inv,
        hosts,
        mode: cmd.kind === 'rejoin' ? 'rejoin' : 'provision',
        concurrency,
        json: cmd.json,
        stdout: io.stdout,
        stderr: io.stderr,
      });
      return code;
    }
    case 'status': {
      const { runStatus } = await import('./status.js');
      if (cmd.file !== undefined) return runStatus({ file: cmd.file, json: cmd.json, io });
      const inv = await loadInventory(cmd.config, io.cwd);
      const { selectHosts } = await headless();
      const [host] = selectHosts(inv, [cmd.host!], false);
      return runStatus({ inv, host: host!, json: cmd.json, io });
    }
    case 'prepare': {
      const inv = await loadInventory(cmd.config, io.cwd);
      const { runPrepare } = await import('./prepare.js');
      return runPrepare({ inv, host: cmd.host, undo: cmd.undo, io });
    }
    case 'dashboard': {
      const { runDashboardCommand } = await import('./dashboard.js');
      return runDashboardCommand({ config: cmd.config, demo: cmd.demo, io, loadInventory: () => loadInventory(cmd.config, io.cwd) });
    }
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}

export function readTextFileBounded(path: string, maxBytes: number): string {
  const buf = readFileSync(path);
  if (buf.length > maxBytes) throw new UsageError(`${path}: ${buf.length} bytes is larger than the ${maxBytes >> 20} MiB limit`);
  return buf.toString('utf8');
}
