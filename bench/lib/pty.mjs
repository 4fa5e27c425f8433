// A command in a pseudo-terminal (util-linux `script -qfec`), its output read as it is written: no
// screen polling, so "first text on screen" and "keypress → redraw" are measured without a poll
// interval. Keys are written to script's stdin, which it copies to the terminal.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onCleanup } from './cleanup.mjs';

// CSI (incl. private modes), OSC, and two-byte escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;
export const stripAnsi = (s) => s.replace(ANSI, '');

/**
 * Starts `argv` (no shell) in a cols×rows terminal. `t0` is taken just before the spawn.
 * Returns helpers to wait for text, send keys, find the app's pid, and stop it.
 */
export function startPty(argv, { cols = 120, rows = 40, env = {}, cwd } = {}) {
  const cmd = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const t0 = performance.now();
  const proc = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${cmd}`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, TERM: 'xterm-256color', COLUMNS: String(cols), LINES: String(rows), ...env },
    cwd,
  });
  let text = '';
  let raw = 0;
  let waiters = [];
  const check = () => {
    const now = performance.now();
    waiters = waiters.filter((w) => {
      if (!w.pred(text.slice(w.from))) return true;
      clearTimeout(w.timer);
      w.resolve(now);
      return false;
    });
  };
  proc.stdout.on('data', (d) => {
    raw += d.length;
    // Strip per whole buffer; an escape split across two reads is rare and only costs a missed match.
    text += stripAnsi(d.toString('utf8'));
    check();
  });
  let exited = false;
  const kill = () => {
    const app = api.appPid();
    if (app) {
      try {
        process.kill(app, 'SIGKILL');
      } catch {}
    }
    proc.kill('SIGKILL');
  };
  const unregister = onCleanup(kill);
  const exit = new Promise((r) => proc.once('exit', () => {
    exited = true;
    unregister();
    for (const w of waiters) w.reject(new Error(`exited before ${w.what}`));
    waiters = [];
    r();
  }));
  proc.stdin.on('error', () => {});
  const api = {
    t0,
    proc,
    get text() {
      return text;
    },
    get bytes() {
      return raw;
    },
    /** Resolves with performance.now() when the output from offset `from` satisfies `pred` (string: contains it; RegExp: matches). */
    waitFor(pred, { from = 0, timeoutMs = 30_000 } = {}) {
      const p = typeof pred === 'string' ? (s) => s.includes(pred) : pred instanceof RegExp ? (s) => pred.test(s) : pred;
      const what = typeof pred === 'function' ? 'the expected output' : String(pred);
      return new Promise((resolve, reject) => {
        if (exited) return reject(new Error(`exited before ${what}`));
        const w = { pred: p, from, resolve, reject, what };
        w.timer = setTimeout(() => {
          waiters = waiters.filter((x) => x !== w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen tail: ${JSON.stringify(text.slice(-300))}`));
        }, timeoutMs);
        waiters.push(w);
        check();
      });
    },
    /** Writes keys to the terminal; returns [performance.now() just before, output offset]. */
    send(keys) {
      const from = text.length;
      const t = performance.now();
      proc.stdin.write(keys);
      return [t, from];
    },
    /** The pid of the command itself (script's child, which exec'd it). */
    appPid() {
      try {
        const kids = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        return kids.length ? Number(kids[0]) : null;
      } catch {
        return null;
      }
    },
    async stop() {
      if (!exited) kill();
      await exit;
    },
    exit,
  };
  return api;
}

/** utime+stime of a pid in seconds (clock ticks are 100 Hz on Linux). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** VmHWM (peak resident set) of a pid in MiB. */
export function peakRssMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
