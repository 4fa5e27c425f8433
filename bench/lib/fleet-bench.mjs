// The fleet figures: 50 simulated hosts behind real sshd on 127.0.0.1 (test/harness/fleet.ts), every
// remote command delayed 300 ms, install 4 s, `up` 1.5 s. Every run starts from fresh hosts (each
// host's simulated state is put back between runs), and every timed process is spawned the same way.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { cpuSeconds, peakRssMiB, startPty } from './pty.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const DELAYS = { perCommandMs: 300, installMs: 4000, upMs: 1500 };
const HOSTS = 50;

/** Busy and total core-seconds of the machine so far (/proc/stat). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

/**
 * Runs a command to its end; resolves with wall ms, exit code, stderr tail and (with `rss`, through
 * /usr/bin/time) its peak RSS in MiB and CPU seconds.
 */
function timed(cmd, args, env, { rss = false } = {}) {
  const rssFile = join('/tmp', `meshtui-bench-rss.${process.pid}`);
  const [c, a] = rss ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(c, a, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = performance.now() - t0;
      let rssMiB = null;
      let cpu = null;
      if (rss) {
        const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rssMiB = kb / 1024;
        cpu = user + sys;
        rmSync(rssFile, { force: true });
      }
      resolve({ ms, code, err, rssMiB, cpu });
    });
  });
}

function must(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.err.trim().split('\n').slice(-3).join(' | ')}`);
  return r;
}

/**
 * Everything that needs the fleet. `h` is the bundled bench/helpers.ts; `cli` the built dist/meshtui.js.
 * Returns raw numbers; run.mjs turns them into rows.
 */
export async function fleetBench(h, { cli, runs, full, log }) {
  const t = performance.now();
  const fleet = await h.startFleet({ count: HOSTS, delays: DELAYS, concurrency: HOSTS });
  log(`fleet: ${HOSTS} sshd hosts up in ${((performance.now() - t) / 1000).toFixed(1)} s (${fleet.dir})`);
  const unregister = onCleanup(() => fleet.stop());
  try {
    const ids = fleet.hosts.map((x) => x.id);
    const first = ids[0];
    const fresh = new Map(ids.map((id) => [id, fleet.state(id)]));
    const reset = (list = ids) => list.forEach((id) => fleet.setState(id, fresh.get(id)));
    const conns = (list) => list.map((id) => fleet.connections(id));
    const env = { ...process.env, ...fleet.env };
    const meshtui = (args, o) => timed(process.execPath, [cli, ...args, '--config', fleet.configPath], env, o);
    const joined = (id) => fleet.state(id).backendState === 'Running';

    // The steps meshtui runs for one host, captured from a real (undelayed) run, as a bash script.
    process.env.TS_AUTHKEY = fleet.env.TS_AUTHKEY;
    fleet.setState(first, { delays: { perCommandMs: 0, installMs: 0, upMs: 0 } });
    const steps = await h.captureSteps(fleet, first);
    const script = join(fleet.dir, 'bash-ssh-steps.sh');
    writeFileSync(script, h.bashScript(fleet, first, steps), { mode: 0o755 });
    log(`bash baseline: ${steps.length + 1} ssh runs (${['connect', ...steps.map((s) => s.step)].join(', ')})`);

    // One host alone (meshtui) and the same steps as separate ssh runs from bash, alternating.
    const one = [];
    const bash = [];
    const connsOne = [];
    for (let i = 0; i < runs; i++) {
      reset([first]);
      const [c0] = conns([first]);
      one.push(must(await meshtui(['provision', first]), 'meshtui provision (one host)').ms);
      if (!joined(first)) throw new Error(`meshtui provision left ${first} not Running`);
      connsOne.push(fleet.connections(first) - c0);
      reset([first]);
      bash.push(must(await timed('bash', [script], env), 'bash ssh steps').ms);
      if (!joined(first)) throw new Error(`the bash steps left ${first} not Running`);
      log(`one host: meshtui ${(one[i] / 1000).toFixed(2)} s, bash ${(bash[i] / 1000).toFixed(2)} s`);
    }

    // The whole fleet at --concurrency 50.
    const all = [];
    const connsAll = [];
    const rssAll = [];
    const cpuAll = [];
    for (let i = 0; i < runs; i++) {
      reset();
      const c0 = conns(ids);
      const m0 = machineCpu();
      const r = must(await meshtui(['provision', '--all', '--concurrency', String(HOSTS)], { rss: true }), 'meshtui provision --all');
      const m1 = machineCpu();
      cpuAll.push({ meshtui: r.cpu, busy: m1.busy - m0.busy, total: m1.total - m0.total });
      const bad = ids.filter((id) => !joined(id));
      if (bad.length) throw new Error(`provision --all left ${bad.length} hosts not Running (${bad.slice(0, 3).join(', ')})`);
      all.push(r.ms);
      rssAll.push(r.rssMiB);
      connsAll.push(...conns(ids).map((c, k) => c - c0[k]));
      log(`${HOSTS} hosts at --concurrency ${HOSTS}: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB, meshtui ${r.cpu.toFixed(2)} s CPU of the machine's ${(m1.busy - m0.busy).toFixed(1)} s busy (of ${(m1.total - m0.total).toFixed(1)} s)`);
    }

    // Context for the ratio: the same steps through OpenSSH, one multiplexed connection per host,
    // all hosts at once (bash `&`). What the simulated fleet allows a client written in C.
    const muxDir = join(fleet.dir, 'mux');
    mkdirSync(muxDir);
    const muxScripts = ids.map((id) => {
      const f = join(fleet.dir, `mux-${id}.sh`);
      writeFileSync(f, h.bashScript(fleet, id, steps, { from: first, controlDir: muxDir }));
      return f;
    });
    const muxAllScript = join(fleet.dir, 'mux-all.sh');
    writeFileSync(muxAllScript, `${muxScripts.map((f) => `bash ${f} &`).join('\n')}\nwait\n`);
    reset([first]);
    const muxOne = must(await timed('bash', [muxScripts[0]], env), 'bash ssh steps (multiplexed)').ms;
    reset();
    const muxAll = must(await timed('bash', [muxAllScript], env), 'bash ssh steps, all hosts (multiplexed)').ms;
    const muxBad = ids.filter((id) => !joined(id));
    if (muxBad.length) throw new Error(`the multiplexed OpenSSH run left ${muxBad.length} hosts not Running`);
    log(`OpenSSH multiplexed: one host ${(muxOne / 1000).toFixed(2)} s, ${HOSTS} at once ${(muxAll / 1000).toFixed(2)} s`);

    // --concurrency 1: strictly one host after another, so a sample of hosts scales linearly.
    const sample = full ? ids : ids.slice(0, 10);
    reset(sample);
    const seq = must(await meshtui(['provision', ...sample, '--concurrency', '1']), 'meshtui provision --concurrency 1');
    const seqMs = (seq.ms * ids.length) / sample.length;
    log(`--concurrency 1: ${sample.length} hosts in ${(seq.ms / 1000).toFixed(1)} s${full ? '' : ` → ${HOSTS} hosts ≈ ${(seqMs / 1000).toFixed(0)} s`}`);

    const dash = await dashboardRun(fleet, { cli, env, ids, reset, conns, log });
    return { steps: steps.length + 1, one, bash, all, connsOne, connsAll, rssAll, cpuAll, muxOne, muxAll, seqMs, seqSample: sample.length, dash };
  } finally {
    unregister();
    await fleet.stop();
  }
}

/** Resolves with performance.now() once `check()` returns truthy (polled), or rejects after `timeoutMs`. */
async function until(check, what, timeoutMs, everyMs = 50) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return { at: performance.now(), value: v };
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The real dashboard in a terminal: press `a`, sample its CPU and peak RSS until the run ends. The end
 * is read from the run journal (its run-end line), not from the screen, whose wording may change.
 */
export async function dashboardRun(fleet, { cli, env, ids, reset, conns, log, nodeArgs = [], quit = false }) {
  reset();
  const c0 = conns(ids);
  const runsDir = join(fleet.dir, '.meshtui', 'runs');
  const runFiles = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.jsonl')) : []);
  const before = new Set(runFiles());
  const p = startPty([process.execPath, ...nodeArgs, cli, '--config', fleet.configPath], { env, cwd: fleet.dir });
  try {
    await p.waitFor('q quit', { timeoutMs: 20_000 });
    const pid = p.appPid();
    const cpu0 = cpuSeconds(pid);
    const [t0] = p.send('a');
    const ended = () => {
      const f = runFiles().find((x) => !before.has(x));
      const text = f ? readFileSync(join(runsDir, f), 'utf8') : '';
      return text.includes('"type":"run-end"') ? text : null;
    };
    const { at: end, value: journal } = await until(ended, 'the dashboard run to end (run-end in the journal)', 180_000);
    const cpu = cpuSeconds(pid) - cpu0;
    const wallMs = end - t0;
    const rss = peakRssMiB(pid);
    const done = journal.split('\n').filter((l) => l.includes('"type":"host-done"')).map((l) => JSON.parse(l).result);
    const notOk = done.filter((r) => r.status !== 'ok');
    if (done.length !== ids.length || notOk.length) {
      throw new Error(`dashboard run: ${done.length} hosts finished, not ok: ${notOk.map((r) => `${r.id} ${r.status} ${r.error?.code ?? ''} ${r.error?.message ?? ''}`).join('; ')}`);
    }
    const connsDash = conns(ids).map((c, k) => c - c0[k]);
    log(`dashboard: ${ids.length} hosts in ${(wallMs / 1000).toFixed(2)} s, ${cpu.toFixed(2)} s CPU, peak RSS ${rss.toFixed(0)} MiB, ${(p.bytes / 1024).toFixed(0)} KiB drawn`);
    return { wallMs, cpu, rss, conns: connsDash, bytes: p.bytes };
  } finally {
    // `quit`: leave with q (profiles and the like are written on a normal exit).
    if (quit) await Promise.race([p.exit, sleep(3000)], p.send('q'));
    await p.stop();
  }
}
