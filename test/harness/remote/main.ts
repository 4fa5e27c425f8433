/**
 * The simulator's commands on a simulated host (bundled to SIM_ROOT/lib/sim.cjs). A command reaches
 * run() one of two ways: the fleet's simulator server (server.ts; the bin wrapper is a small bash
 * client) or, when no server answers, a Node process of its own (main(name), the fallback wrapper).
 * The host is the directory in MESHTUI_SIM_HOST (set by sim-shell, kept by sudo).
 */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { simAptGet, simSyncthing, simSystemctl, type SimCtx, type SimResult } from '../../../src/sim/index.js';
import { curl } from './curl.js';
import { dropConnection, finishWithFault, takeFault, writeNoise } from './faults.js';
import { loadState, logCall, saveState, type Caller } from './hoststate.js';
import { simCtl } from './simctl.js';
import { runHeadscale, runTailscale } from './headscale-io.js';
import { winCmd } from './wincmd.js';
import type { SimWindowsHost } from '../../../src/sim/windows.js';

export { serve } from './server.js';

/** Bundled into SIM_ROOT/lib/sim.cjs: SIM_ROOT is `__dirname/..`. */
const TAILSCALE_BIN = `${__dirname}/../tsbin/tailscale`;

/** One simulated command: who called it, with what, and where its output goes. */
export interface Call extends Caller {
  name: string;
  dir: string;
  argv: string[];
  user: string;
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
  exit(code: number): void;
  /** Resolves false once nobody waits for the command any more (a never-ending command stops then). */
  alive(): boolean;
}

function ctxFor(c: Call): SimCtx {
  return {
    host: loadState(c.dir),
    uid: c.uid,
    now: () => Date.now(),
    readFile: (p) => readFileSync(p, 'utf8'),
    user: c.user,
    viaSudo: c.uid === 0 && c.sudo,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Never-returning commands end when the host directory goes away (fleet stopped), the caller is gone, or after 10 minutes. */
async function wait(ms: number, c: Call): Promise<void> {
  if (Number.isFinite(ms)) {
    await sleep(ms);
    return;
  }
  const until = Date.now() + 600_000;
  while (Date.now() < until && existsSync(c.dir) && c.alive()) await sleep(250);
}

/** Apply a core result: state (before or after the delay), then output and exit code. */
async function finish(c: Call, before: unknown, r: SimResult): Promise<void> {
  const changed = r.state !== before;
  if (changed && r.saveStateFirst) saveState(c.dir, r.state, TAILSCALE_BIN);
  await wait(r.delayMs, c);
  if (changed && !r.saveStateFirst && existsSync(c.dir)) saveState(c.dir, r.state, TAILSCALE_BIN);
  await c.out(r.stdout);
  await c.err(r.stderr);
  c.exit(r.code);
}

/** Runs one command on the host in c.dir. */
export async function run(c: Call): Promise<void> {
  const { name, dir, argv } = c;
  if (!dir || !existsSync(dir)) {
    await c.err(`meshtui simulator: ${name}: MESHTUI_SIM_HOST is not set to a host directory\n`);
    c.exit(1);
    return;
  }
  logCall(dir, name, argv, c);
  // Injected faults (test/harness/remote/faults.ts): a dropped connection, odd output.
  const fault = takeFault(dir, name, argv);
  const drop = () => c.exit(dropConnection(c.ppid));
  if (fault?.action === 'drop-before') return drop();
  if (fault?.action === 'noise') await writeNoise(fault.bytes ?? 10_000_000, c.out);
  const ctx = ctxFor(c);
  const done = (r: SimResult) => finishWithFault(fault, r, (x) => finish(c, ctx.host, x), drop);
  switch (name) {
    case 'tailscale':
      return done(runTailscale(dir, argv, ctx));
    case 'headscale':
      return done(runHeadscale(dir, argv, ctx));
    case 'systemctl':
      return done(simSystemctl(argv, ctx));
    case 'curl':
      return done(curl(argv, ctx));
    case 'apt-get':
      return done(simAptGet(argv, ctx));
    case 'syncthing':
      return done(simSyncthing(argv, ctx));
    case 'sim-ctl':
      return done(simCtl(argv, ctx));
    default:
      await c.err(`meshtui simulator: unknown command ${name}\n`);
      c.exit(1);
  }
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => (text ? stream.write(text, () => resolve()) : resolve()));
}

/** The command as a Node process of its own (the fallback wrapper, and win-cmd, which reads stdin). */
export async function main(name: string): Promise<void> {
  const dir = process.env.MESHTUI_SIM_HOST ?? '';
  if (name === 'win-cmd' && dir && existsSync(dir)) return winCmd(dir, loadState(dir) as SimWindowsHost);
  await run({
    name,
    dir,
    argv: process.argv.slice(2),
    uid: process.getuid?.() ?? 0,
    ppid: process.ppid,
    sudo: process.env.SUDO_USER !== undefined,
    via: 'node',
    user: process.env.USER ?? userInfo().username,
    out: (t) => write(process.stdout, t),
    err: (t) => write(process.stderr, t),
    exit: (code) => void (process.exitCode = code),
    alive: () => true,
  });
}
