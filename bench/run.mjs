#!/usr/bin/env node
// `npm run bench` (after `node scripts/build.mjs`): the performance figures of issue "Prove it" §1,
// each a ratio or a budget measured inside this one run, printed as a table with PASS/FAIL.
// A report, not a test: it exits 0 whatever the figures (1 only when it could not measure at all).
//
//   node bench/run.mjs [--runs N] [--full] [--skip-fleet] [--skip-tty]
//     --runs N      timed repetitions per figure (default 3 for the fleet, 5 for first frames)
//     --full        run the whole 50-host fleet at --concurrency 1 (≈ 7 min) instead of 10 hosts × 5
//     --skip-fleet  only the terminal figures (no root needed)
//
// Needs root for the fleet (test users, sudoers, sshd): the integration harness's own setup.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleTs } from './lib/bundle.mjs';
import { fleetBench } from './lib/fleet-bench.mjs';
import { list, median, msf, printTable, row, sec } from './lib/report.mjs';
import { firstFrames, keypresses } from './lib/tty-bench.mjs';
import { generateStatus } from './gen-status.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string' },
    full: { type: 'boolean', default: false },
    'skip-fleet': { type: 'boolean', default: false },
    'skip-tty': { type: 'boolean', default: false },
  },
});
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const cli = join(repo, 'dist/meshtui.js');
const hello = join(repo, 'bench/hello.mjs');
const started = performance.now();

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} CPUs (nproc), ${model}, Node ${process.version}, ${process.platform} ${process.arch}`;
}

// Bundled TS helpers and generated data live in a scratch dir inside node_modules so that the
// bundle resolves the repo's packages.
const scratchRoot = join(repo, 'node_modules/.cache/meshtui-bench');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(join(scratchRoot, 'run-'));
const rows = [];
const errors = [];
const load0 = loadavg();

try {
  const statusFile = join(scratch, 'status-5000.json');
  writeFileSync(statusFile, generateStatus(5000, 1));

  if (!opt['skip-fleet']) {
    try {
      if (process.getuid?.() !== 0) throw new Error('the fleet figures need root (test users, sudoers, sshd); run as root or pass --skip-fleet');
      log('bundling bench/helpers.ts (integration harness + engine)…');
      const h = await import(await bundleTs(join(repo, 'bench/helpers.ts'), scratch, 'helpers'));
      await h.ensureSystem();
      const runs = Number(opt.runs ?? 3);
      const f = await fleetBench(h, { cli, runs, full: opt.full, log });
      const one = median(f.one);
      const all = median(f.all);
      const bash = median(f.bash);
      const maxConns = Math.max(...f.connsOne, ...f.connsAll, ...f.dash.conns);
      const minConns = Math.min(...f.connsOne, ...f.connsAll, ...f.dash.conns);
      rows.push(
        row('50 hosts at --concurrency 50 / one host alone', all / one, 1.5, `${(all / one).toFixed(2)}× (${sec(all)} / ${sec(one)})`, `50 hosts: ${list(f.all)} ms; one host: ${list(f.one)} ms`),
        row(`one host alone / same steps as ${f.steps} ssh runs from bash`, one / bash, 0.95, `${(one / bash).toFixed(2)}× (${sec(one)} / ${sec(bash)})`, `bash: ${list(f.bash)} ms`),
        row('50 hosts at --concurrency 1 / at 50', f.seqMs / all, null, `${(f.seqMs / all).toFixed(1)}× (${sec(f.seqMs)} / ${sec(all)})`, f.seqSample === 50 ? 'all 50 hosts run' : `--concurrency 1 timed on ${f.seqSample} hosts, scaled to 50`),
        { ...row('SSH connections per host per provision', maxConns, 1, minConns === maxConns ? String(maxConns) : `${minConns}–${maxConns}`, `sshd "Accepted publickey" per host and run, ${f.connsOne.length + f.connsAll.length + f.dash.conns.length} host-runs`), target: '1' },
        row('dashboard CPU while 50 hosts stream output', (100 * f.dash.cpu) / (f.dash.wallMs / 1000), 25, `${((100 * f.dash.cpu) / (f.dash.wallMs / 1000)).toFixed(1)} % of one core`, `${f.dash.cpu.toFixed(2)} s CPU over ${sec(f.dash.wallMs)}, ${(f.dash.bytes / 1024).toFixed(0)} KiB written to the terminal`),
        { ...row('peak RSS: 50-host run (dashboard)', f.dash.rss, 150, `${f.dash.rss.toFixed(0)} MiB`, `headless provision --all: ${list(f.rssAll)} MiB`), target: '≤ 150 MiB' },
      );
      if (minConns !== maxConns || maxConns !== 1) rows.at(-3).result = 'FAIL';
    } catch (e) {
      errors.push(`fleet: ${e.message}`);
      log(`fleet figures failed: ${e.stack ?? e.message}`);
    }
  }

  if (!opt['skip-tty']) {
    try {
      const runs = Number(opt.runs ?? 5);
      const ff = await firstFrames({ cli, hello, statusFile, runs: Math.max(runs, 5), cwd: repo, log });
      const kp = await keypresses({ cli, hello, statusFile, cwd: repo, log });
      const { hello: hw, demo, status, floor } = ff.med;
      const sorted = [...kp.table].sort((a, b) => a - b);
      const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
      const perKey = Object.entries(kp.byKey).map(([k, v]) => `${k} ${msf(median(v))}`).join(', ');
      rows.push(
        row('first frame: meshtui --demo / Ink hello-world', demo / hw, 0.6, `${(demo / hw).toFixed(2)}× (${msf(demo)} / ${msf(hw)})`, `demo: ${list(ff.times.demo)}; hello: ${list(ff.times.hello)} ms; pty floor (sh printf) ${msf(floor)}`),
        row('first frame: status --file (5,000 peers) / hello-world', status / hw, 0.8, `${(status / hw).toFixed(2)}× (${msf(status)} / ${msf(hw)})`, `status: ${list(ff.times.status)} ms`),
        { ...row('keypress → redraw, 5,000-peer table (median)', median(kp.table), 33, `${msf(median(kp.table))} (p90 ${msf(p90)})`, `per key: ${perKey}; max ${msf(sorted.at(-1))}; hello-world floor median ${msf(median(kp.floor))}`), target: '≤ 33 ms' },
        { ...row('peak RSS: 5,000-peer table', kp.rss, 200, `${kp.rss.toFixed(0)} MiB`), target: '≤ 200 MiB' },
      );
    } catch (e) {
      errors.push(`terminal: ${e.message}`);
      log(`terminal figures failed: ${e.stack ?? e.message}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const load1 = loadavg();
process.stdout.write(`\nmeshtui bench — ${machine()}\n`);
process.stdout.write(`load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end; ${((performance.now() - started) / 1000).toFixed(0)} s in all\n\n`);
printTable(rows);
for (const e of errors) process.stdout.write(`\nERROR ${e}\n`);
const failed = rows.filter((r) => r.result === 'FAIL');
process.stdout.write(`\n${failed.length ? `FAIL: ${failed.length} of ${rows.length} figures miss their target` : `PASS: all ${rows.length} figures meet their target`}${errors.length ? ` (${errors.length} section(s) could not run)` : ''}\n`);
process.exitCode = rows.length === 0 ? 1 : 0;
