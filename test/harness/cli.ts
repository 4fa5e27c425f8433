/**
 * The real CLI (dist/meshtui.js) as a child process: build it when src/ is newer, spawn it against a
 * fleet, collect stdout / stderr / the JSON lines, optionally sample `ps -eo args` while it runs.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fleet } from './fleet.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'dist', 'meshtui.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` (scripts/build.mjs) unless dist/meshtui.js is newer than everything in src/. */
export function ensureCliBuilt(): void {
  let built = 0;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestMtime(join(REPO, 'src')) && built > statSync(join(REPO, 'scripts', 'build.mjs')).mtimeMs) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 5).join(' | ')}`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** stdout lines that parse as JSON. */
  events: Record<string, any>[];
  /** The last `{"type":"summary"}` line, if any. */
  summary?: { type: 'summary'; hosts: SummaryHost[] };
  /** `ps -eo args` snapshots taken while the CLI ran (with `samplePs`). */
  ps: string[];
  /** The CLI's peak resident set (VmHWM) in KiB, last read about 100 ms before it exited (with `sampleMem`). */
  peakRssKb: number;
}

export interface SummaryHost {
  id: string;
  status: string;
  fqdn: string | null;
  changed: boolean;
  error: { code: string; message: string; remedy?: string } | null;
}

export interface CliOptions {
  /** Sets HOME to the fleet dir (no ~/.ssh/config, no agent) and TS_AUTHKEY to the fleet's key. */
  fleet?: Fleet;
  env?: Record<string, string | undefined>;
  cwd?: string;
  samplePs?: boolean;
  sampleMem?: boolean;
  /** Kill the CLI (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
}

export interface CliRun {
  proc: ChildProcess;
  /** Lines of stdout so far, parsed (non-JSON lines skipped). */
  events: Record<string, any>[];
  /** Resolves with the first JSON line (seen so far or later) for which `pred` holds. */
  waitFor(pred: (e: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  result: Promise<CliResult>;
}

export function cliEnv(o: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SSH_AUTH_SOCK;
  delete env.FORCE_COLOR;
  if (o.fleet) Object.assign(env, { HOME: o.fleet.dir }, o.fleet.env);
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function startCli(args: string[], o: CliOptions = {}): CliRun {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd ?? o.fleet?.dir ?? REPO, env: cliEnv(o), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const events: Record<string, any>[] = [];
  const waiters: { pred: (e: Record<string, any>) => boolean; resolve: (e: Record<string, any>) => void }[] = [];
  const ps: string[] = [];
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      let e: Record<string, any>;
      try {
        e = JSON.parse(line);
      } catch {
        continue;
      }
      events.push(e);
      for (const w of [...waiters]) if (w.pred(e)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e));
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const sampler = o.samplePs
    ? setInterval(() => execFile('ps', ['-eo', 'args'], { maxBuffer: 16 << 20 }, (_e, out) => out && ps.push(out)), 100)
    : undefined;
  let peakRssKb = 0;
  const mem = o.sampleMem
    ? setInterval(() => {
        try {
          const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0);
          peakRssKb = Math.max(peakRssKb, kb);
        } catch {
          // exited
        }
      }, 50)
    : undefined;
  const killer = setTimeout(() => proc.kill('SIGKILL'), o.timeoutMs ?? 60_000);
  const result = new Promise<CliResult>((res, rej) => {
    proc.on('error', rej);
    proc.on('close', (code, signal) => {
      clearTimeout(killer);
      if (sampler) clearInterval(sampler);
      if (mem) clearInterval(mem);
      const summary = [...events].reverse().find((e) => e.type === 'summary') as CliResult['summary'];
      res({ code, signal, stdout, stderr, ms: Date.now() - t0, events, summary, ps, peakRssKb });
    });
  });
  const waitFor = (pred: (e: Record<string, any>) => boolean, timeoutMs = 30_000) => {
    const seen = events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, any>>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no matching CLI event within ${timeoutMs} ms; stdout so far:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
      waiters.push({ pred, resolve: (e) => (clearTimeout(t), res(e)) });
    });
  };
  return { proc, events, waitFor, result };
}

export const runCli = (args: string[], o: CliOptions = {}): Promise<CliResult> => startCli(args, o).result;

/** `provision --all --json --config <fleet>` (plus `extra` args). */
export const provisionAll = (fleet: Fleet, extra: string[] = [], o: Omit<CliOptions, 'fleet'> = {}): Promise<CliResult> =>
  runCli(['provision', '--all', '--json', '--config', fleet.configPath, ...extra], { ...o, fleet });

/** The summary as `{id: status}` and `{id: [code, message]}`. */
export function byHost(r: CliResult): Record<string, SummaryHost> {
  return Object.fromEntries((r.summary?.hosts ?? []).map((h) => [h.id, h]));
}

/** `tailscale` calls of a host whose argv starts with `words`. */
export const tsCalls = (fleet: Fleet, id: string, ...words: string[]) =>
  fleet.argvLog(id).filter((e) => e.cmd === 'tailscale' && words.every((w, i) => e.argv[i] === w));
