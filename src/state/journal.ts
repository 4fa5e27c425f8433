/**
 * The run journal: every run appends its engine events to `.meshtui/runs/<run-id>.jsonl` (one JSON
 * object per line, written whole at each step's end, so a run killed with SIGKILL leaves a file that
 * still parses up to its last complete line), and `.meshtui/state.json` keeps each host's last
 * outcome (written to a temp file, then renamed). Output chunks are not journaled; secrets never are
 * (events carry none, and every line also passes through the run's redactor).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent, HostResult, HostStatus } from '../provider/events.js';
import type { Redactor } from '../redact.js';
import { redactDeep } from '../redact.js';

export interface LastOutcome {
  status: HostStatus;
  at: number;
  runId: string;
  fqdn: string | null;
  error: { code: string; message: string } | null;
}

export type JournalLine =
  | { type: 'run-start'; runId: string; at: number; mode: string; hosts: string[]; config: string }
  | { type: 'run-end'; runId: string; at: number; outcome: 'completed' | 'cancelled' }
  | EngineEvent;

export class Journal {
  readonly runsDir: string;
  readonly statePath: string;
  private file?: string;

  constructor(readonly dir: string, private readonly redact: Redactor = (s) => s) {
    this.runsDir = join(dir, 'runs');
    this.statePath = join(dir, 'state.json');
  }

  start(runId: string, mode: string, hosts: string[], config: string, at = Date.now()): void {
    mkdirSync(this.runsDir, { recursive: true, mode: 0o700 });
    this.file = join(this.runsDir, `${runId}.jsonl`);
    this.append({ type: 'run-start', runId, at, mode, hosts, config });
  }

  /** Journals step ends, commands, facts and host results; skips live output and step starts. */
  record(e: EngineEvent): void {
    if (e.type === 'output') return;
    if (e.type === 'step' && e.status === 'running') return;
    this.append(e);
    if (e.type === 'host-done') this.saveOutcome(e.runId, e.at, e.result);
  }

  end(runId: string, outcome: 'completed' | 'cancelled', at = Date.now()): void {
    this.append({ type: 'run-end', runId, at, outcome });
  }

  private append(line: JournalLine): void {
    if (!this.file) throw new Error('journal: start() was not called');
    appendFileSync(this.file, JSON.stringify(redactDeep(line, this.redact)) + '\n', { mode: 0o600 });
  }

  private saveOutcome(runId: string, at: number, r: HostResult): void {
    const all = this.lastOutcomes();
    all[r.id] = { status: r.status, at, runId, fqdn: r.fqdn, error: r.error ? { code: r.error.code, message: r.error.message } : null };
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(redactDeep({ hosts: all }, this.redact), null, 2), { mode: 0o600 });
    renameSync(tmp, this.statePath);
  }

  lastOutcomes(): Record<string, LastOutcome> {
    try {
      const parsed = JSON.parse(readFileSync(this.statePath, 'utf8')) as { hosts?: Record<string, LastOutcome> };
      return parsed && typeof parsed.hosts === 'object' && parsed.hosts ? parsed.hosts : {};
    } catch {
      return {};
    }
  }

  /** The newest run file, parsed leniently (a torn last line from a killed run is dropped). */
  latestRun(): { runId: string; lines: JournalLine[] } | null {
    if (!existsSync(this.runsDir)) return null;
    const files = readdirSync(this.runsDir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => ({ f, m: statSync(join(this.runsDir, f)).mtimeMs }))
      .sort((a, b) => b.m - a.m);
    const newest = files[0];
    if (!newest) return null;
    return { runId: newest.f.replace(/\.jsonl$/, ''), lines: readJournal(join(this.runsDir, newest.f)) };
  }
}

export function readJournal(path: string): JournalLine[] {
  const out: JournalLine[] = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    try {
      out.push(JSON.parse(raw) as JournalLine);
    } catch {
      // a torn line (the process was killed mid-write): everything before it still counts
    }
  }
  return out;
}

/** Hosts a run started on but never finished (no host-done): what `provision --resume` continues. */
export function unfinishedHosts(lines: JournalLine[]): string[] {
  const start = lines.find((l): l is Extract<JournalLine, { type: 'run-start' }> => l.type === 'run-start');
  if (!start) return [];
  const done = new Set(lines.filter((l) => l.type === 'host-done').map((l) => (l as { host: string }).host));
  return start.hosts.filter((h) => !done.has(h));
}
