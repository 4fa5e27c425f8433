/**
 * The simulator's commands on a simulated host (bundled to SIM_ROOT/lib/sim.cjs; each bin wrapper
 * calls main(name)). The host is the directory in MESHTUI_SIM_HOST (set by sim-shell, kept by sudo).
 */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { simAptGet, simSyncthing, simSystemctl, type SimCtx, type SimResult } from '../../../src/sim/index.js';
import { curl } from './curl.js';
import { dropConnection, finishWithFault, takeFault, writeNoise } from './faults.js';
import { loadState, logCall, saveState } from './hoststate.js';
import { simCtl } from './simctl.js';
import { runHeadscale, runTailscale } from './headscale-io.js';
import { winCmd } from './wincmd.js';
import type { SimWindowsHost } from '../../../src/sim/windows.js';

/** Bundled into SIM_ROOT/lib/sim.cjs: SIM_ROOT is `__dirname/..`. */
const TAILSCALE_BIN = `${__dirname}/../tsbin/tailscale`;

function ctxFor(dir: string): SimCtx {
  const uid = process.getuid?.() ?? 0;
  return {
    host: loadState(dir),
    uid,
    now: () => Date.now(),
    readFile: (p) => readFileSync(p, 'utf8'),
    user: process.env.USER ?? userInfo().username,
    viaSudo: uid === 0 && process.env.SUDO_USER !== undefined,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Never-returning commands end when the host directory goes away (fleet stopped) or after 10 minutes. */
async function wait(ms: number, dir: string): Promise<void> {
  if (Number.isFinite(ms)) {
    await sleep(ms);
    return;
  }
  const until = Date.now() + 600_000;
  while (Date.now() < until && existsSync(dir)) await sleep(250);
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => (text ? stream.write(text, () => resolve()) : resolve()));
}

/** Apply a core result: state (before or after the delay), then output and exit code. */
export async function finish(dir: string, before: unknown, r: SimResult): Promise<void> {
  const changed = r.state !== before;
  if (changed && r.saveStateFirst) saveState(dir, r.state, TAILSCALE_BIN);
  await wait(r.delayMs, dir);
  if (changed && !r.saveStateFirst && existsSync(dir)) saveState(dir, r.state, TAILSCALE_BIN);
  await write(process.stdout, r.stdout);
  await write(process.stderr, r.stderr);
  process.exitCode = r.code;
}

export async function main(name: string): Promise<void> {
  const dir = process.env.MESHTUI_SIM_HOST;
  const argv = process.argv.slice(2);
  if (!dir || !existsSync(dir)) {
    process.stderr.write(`meshtui simulator: ${name}: MESHTUI_SIM_HOST is not set to a host directory\n`);
    process.exitCode = 1;
    return;
  }
  logCall(dir, name, argv);
  // Injected faults (test/harness/remote/faults.ts): a dropped connection, odd output.
  const fault = takeFault(dir, name, argv);
  if (fault?.action === 'drop-before') return dropConnection();
  if (fault?.action === 'noise') await writeNoise(fault.bytes ?? 10_000_000);
  const ctx = ctxFor(dir);
  const done = (r: SimResult) => finishWithFault(fault, r, (x) => finish(dir, ctx.host, x));
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
    case 'win-cmd':
      return winCmd(dir, ctx.host as SimWindowsHost);
    default:
      process.stderr.write(`meshtui simulator: unknown command ${name}\n`);
      process.exitCode = 1;
  }
}
