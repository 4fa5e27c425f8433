#!/usr/bin/env node
// `npm run bench` (after `node scripts/build.mjs`): the performance figures of issue "Prove it" §1,
// each a ratio or a budget measured inside this one run, printed as a table with PASS/FAIL.
// A report, not a test: it exits 0 whatever the figures (1 only when it could not measure at all).
//
//   node bench/run.mjs [--runs N] [--full] [--skip-fleet] [--skip-tty]
//     --runs N      timed repetitions per figure (default 3 for the fleet, 7 for first frames)
//     --full        run the whole 50-host fleet at --concurrency 1 (≈ 7 min) instead of 10 hosts × 5
//     --skip-fleet  only the terminal figures (no root needed)
//
// Needs root for the fleet (test users, sudoers, sshd): the integration harness's own setup.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleTs } from './lib/bundle.mjs';
import { installSignalCleanup, onCleanup } from './lib/cleanup.mjs';
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
installSignalCleanup(log);

/** A ratio with two decimals, or three when two would print the limit it misses or just meets. */
const fx = (x, limit = null) => x.toFixed(limit !== null && Number(x.toFixed(2)) === limit ? 3 : 2);

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} CPUs (nproc), ${model}, Node ${process.version}, ${process.platform} ${process.arch}`;
}

for (const [bin, pkg] of [['/usr/bin/script', 'bsdutils'], ['/usr/bin/time', 'time']]) {
  if (!existsSync(bin)) {
    process.stderr.write(`bench: needs ${bin}: apt-get install -y ${pkg}\n`);
    process.exit(1);
  }
}
if (!existsSync(cli)) {
  process.stderr.write('bench: no dist/meshtui.js: run `npm run bench` (it builds first) or `npm run build`\n');
  process.exit(1);
}

// Bundled TS helpers and generated data live in a scratch dir inside node_modules so that the
// bundle resolves the repo's packages.
const scratchRoot = join(repo, 'node_modules/.cache/meshtui-bench');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(join(scratchRoot, 'run-'));
onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
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
      const cpu = f.cpuAll[f.all.indexOf(all)] ?? f.cpuAll[0];
      const maxConns = Math.max(...f.connsOne, ...f.connsAll, ...f.dash.conns);
      const minConns = Math.min(...f.connsOne, ...f.connsAll, ...f.dash.conns);
      rows.push(
        row('50 hosts at --concurrency 50 / one host alone', all / one, 1.5, `${fx(all / one, 1.5)}× (${sec(all)} / ${sec(one)})`, `50 hosts: ${list(f.all)} ms; one host: ${list(f.one)} ms; in the median run the machine was busy ${cpu.busy.toFixed(1)} of ${cpu.total.toFixed(1)} core-seconds, meshtui itself ${cpu.meshtui.toFixed(2)} s`, '≤ 1.5×'),
        row('context: same steps via OpenSSH multiplexed, 50 at once / one host', f.muxAll / f.muxOne, null, `${(f.muxAll / f.muxOne).toFixed(2)}× (${sec(f.muxAll)} / ${sec(f.muxOne)})`, 'one ControlMaster connection per host, all hosts started together from bash: what the simulated fleet allows a C client'),
        row(`one host alone / same steps as ${f.steps} ssh runs from bash`, one / bash, 0.95, `${fx(one / bash, 0.95)}× (${sec(one)} / ${sec(bash)})`, `bash: ${list(f.bash)} ms`, '≤ 0.95×'),
        row('50 hosts at --concurrency 1 / at 50', f.seqMs / all, null, `${(f.seqMs / all).toFixed(1)}× (${sec(f.seqMs)} / ${sec(all)})`, f.seqSample === 50 ? 'all 50 hosts run' : `--concurrency 1 timed on ${f.seqSample} hosts, scaled to 50`),
        row('SSH connections per host per provision', maxConns, 1, minConns === maxConns ? String(maxConns) : `${minConns}–${maxConns}`, `sshd "Accepted publickey" per host and run, ${f.connsOne.length + f.connsAll.length + f.dash.conns.length} host-runs`, '1'),
        row('dashboard CPU while 50 hosts stream output', (100 * f.dash.cpu) / (f.dash.wallMs / 1000), 25, `${((100 * f.dash.cpu) / (f.dash.wallMs / 1000)).toFixed(1)} % of one core`, `${f.dash.cpu.toFixed(2)} s CPU over ${sec(f.dash.wallMs)}, ${(f.dash.bytes / 1024).toFixed(0)} KiB written to the terminal`, '≤ 25 %'),
        row('peak RSS: 50-host run (dashboard)', f.dash.rss, 150, `${f.dash.rss.toFixed(0)} MiB`, `headless provision --all: ${list(f.rssAll)} MiB`, '≤ 150 MiB'),
      );
      if (minConns !== maxConns || maxConns !== 1) rows.find((r) => r.figure.startsWith('SSH connections')).result = 'FAIL';
    } catch (e) {
      errors.push(`fleet: ${e.message}`);
      log(`fleet figures failed: ${e.stack ?? e.message}`);
    }
  }

  if (!opt['skip-tty']) {
    try {
      const ff = await firstFrames({ cli, hello, statusFile, runs: Number(opt.runs ?? 7), cwd: repo, log });
      const kp = await keypresses({ cli, helloKeys: join(repo, 'bench/hello-keys.mjs'), statusFile, cwd: repo, log });
      const { hello: hw, demo, status, floor } = ff.med;
      const sorted = [...kp.table].sort((a, b) => a - b);
      const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
      const perKey = Object.entries(kp.byKey).map(([k, v]) => `${k} ${msf(median(v))}`).join(', ');
      rows.push(
        row('first frame: meshtui --demo / Ink hello-world', demo / hw, 0.6, `${fx(demo / hw, 0.6)}× (${msf(demo)} / ${msf(hw)})`, `demo: ${list(ff.times.demo)}; hello: ${list(ff.times.hello)} ms; pty floor (sh printf) ${msf(floor)}; CPU by the first frame: demo ${msf(ff.cpuMed.demo)}, hello ${msf(ff.cpuMed.hello)} (${(ff.cpuMed.demo / ff.cpuMed.hello).toFixed(2)}×)`, '≤ 0.6×'),
        row('first frame: status --file (5,000 peers) / hello-world', status / hw, 0.8, `${fx(status / hw, 0.8)}× (${msf(status)} / ${msf(hw)})`, `status: ${list(ff.times.status)} ms; CPU by the first frame ${msf(ff.cpuMed.status)} (${(ff.cpuMed.status / ff.cpuMed.hello).toFixed(2)}× the hello-world's)`, '≤ 0.8×'),
        row('keypress → redraw, 5,000-peer table (median)', median(kp.table), 33, `${msf(median(kp.table))} (p90 ${msf(p90)})`, `per key: ${perKey}; max ${msf(sorted.at(-1))}; hello-world floor median ${msf(median(kp.floor))}`, '≤ 33 ms'),
        row('peak RSS: 5,000-peer table', kp.rss, 200, `${kp.rss.toFixed(0)} MiB`, '', '≤ 200 MiB'),
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
