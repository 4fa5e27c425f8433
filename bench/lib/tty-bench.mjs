// The terminal figures: first frame of `meshtui --demo` and of `meshtui status --file` (5,000 peers)
// against a plain Ink hello-world, keypress → redraw in the 5,000-peer table, and that table's peak
// RSS. Each program runs in a 120×40 pseudo-terminal (bench/lib/pty.mjs); a figure is the time from
// just before the spawn (or the key write) to the moment the expected text arrives from the terminal.
import { median } from './report.mjs';
import { cpuSeconds, peakRssMiB, startPty } from './pty.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wall ms from spawn to the expected text, and the program's CPU ms by then (less sensitive to a busy machine). */
async function firstFrame(argv, expect, cwd) {
  const p = startPty(argv, { cwd });
  try {
    const t = await p.waitFor(expect, { timeoutMs: 20_000 });
    const pid = p.appPid();
    return { ms: t - p.t0, cpuMs: pid ? 1000 * cpuSeconds(pid) : NaN };
  } finally {
    await p.stop();
  }
}

/** Median first-frame ms of each case, the runs alternating case by case. */
export async function firstFrames({ cli, hello, statusFile, runs, cwd, log }) {
  const node = process.execPath;
  const cases = {
    // Every frame ends with the footer, so its arrival means the whole first frame is on screen.
    floor: { argv: ['sh', '-c', 'printf hello; sleep 5'], expect: 'hello' },
    hello: { argv: [node, hello], expect: 'hello' },
    demo: { argv: [node, cli, '--demo'], expect: 'q quit' },
    status: { argv: [node, cli, 'status', '--file', statusFile], expect: 'q quit' },
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // One unmeasured round first: the page cache and the bundle's first load are not what we measure.
  for (let i = -1; i < runs; i++) {
    for (const [k, c] of Object.entries(cases)) {
      const r = await firstFrame(c.argv, c.expect, cwd);
      if (i >= 0) {
        times[k].push(r.ms);
        cpu[k].push(r.cpuMs);
      }
    }
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const cpuMed = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
  log(`first frames (median of ${runs}): ${Object.entries(med).map(([k, v]) => `${k} ${v.toFixed(0)} ms (CPU ${cpuMed[k].toFixed(0)} ms)`).join(', ')}`);
  return { times, med, cpuMed };
}

/** Sends each key, waits for the frame it causes (`done(i)` on the output since the key), returns ms per key. */
async function pressKeys(p, keys, done, gapMs = 120) {
  const out = [];
  for (const [i, k] of keys.entries()) {
    const [t, from] = p.send(k);
    const end = await p.waitFor(done(i), { from, timeoutMs: 5000 });
    out.push({ key: k, ms: end - t });
    await sleep(gapMs);
  }
  return out;
}

// Moves, jumps, and re-sorts of all 5,000 rows (`.`/`,` next/previous sort column, `o` flips the order).
const TABLE_KEYS = ['j', 'j', 'j', 'j', 'j', 'k', 'k', 'G', 'g', 'G', 'g', '.', ',', '.', ',', 'o', 'o', 'j', 'j', 'j'];

/** Keypress → redraw in the 5,000-peer table, the hello-world's own floor, and the table's peak RSS. */
export async function keypresses({ cli, helloKeys, statusFile, cwd, log }) {
  const node = process.execPath;
  const h = startPty([node, helloKeys], { cwd });
  let floor;
  try {
    await h.waitFor('hello');
    await sleep(300);
    floor = await pressKeys(h, Array(10).fill('x'), (i) => `hello ${i + 1}`);
  } finally {
    await h.stop();
  }
  const t = startPty([node, cli, 'status', '--file', statusFile], { cwd });
  let table;
  let rss;
  try {
    await t.waitFor('q quit', { timeoutMs: 20_000 });
    await sleep(300);
    // Each frame is written whole and ends with the footer.
    table = await pressKeys(t, TABLE_KEYS, () => 'q quit');
    rss = peakRssMiB(t.appPid());
  } finally {
    await t.stop();
  }
  const byKey = {};
  for (const { key, ms } of table) (byKey[key] ??= []).push(ms);
  log(`keypress → redraw: table ${table.map((x) => `${x.key}:${x.ms.toFixed(0)}`).join(' ')}; hello-world ${floor.map((x) => x.ms.toFixed(0)).join(' ')}`);
  return { table: table.map((x) => x.ms), byKey, floor: floor.map((x) => x.ms), rss };
}
