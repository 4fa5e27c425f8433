/**
 * The fleet's simulated Headscale server: one registry directory (REGISTRY/state.json) shared by
 * every host of the fleet. A host is linked to it by HOSTDIR/headscale.json
 * (`{"registry": DIR, "server": bool}`): the server host answers `headscale`, every linked host's
 * `tailscale` sees the server's keys and nodes (src/sim/headscale-link.ts). Writers (headscale
 * commands, `tailscale up`) take a lock directory, so concurrent joins never lose a registration.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { result, simHeadscale, simTailscale, tailscaleWithHeadscale, type HeadscaleState, type SimCtx, type SimResult } from '../../../src/sim/index.js';
import { NOT_FOUND_SH, NOT_FOUND_SUDO } from '../../../src/sim/texts.js';

export interface HeadscaleLink {
  registry: string;
  server: boolean;
}

export const linkPath = (hostDir: string): string => join(hostDir, 'headscale.json');
const statePath = (registry: string) => join(registry, 'state.json');

export function linkOf(hostDir: string): HeadscaleLink | null {
  const p = linkPath(hostDir);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as HeadscaleLink) : null;
}

export function loadHeadscale(registry: string): HeadscaleState {
  return JSON.parse(readFileSync(statePath(registry), 'utf8')) as HeadscaleState;
}

export function saveHeadscale(registry: string, st: HeadscaleState): void {
  const tmp = join(registry, `.state.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, JSON.stringify(st, null, 2) + '\n');
  chmodSync(tmp, 0o666);
  renameSync(tmp, statePath(registry));
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn holding REGISTRY/lock (mkdir is atomic); a lock older than 10 s is stale. */
export function withLock<T>(registry: string, fn: () => T): T {
  const lock = join(registry, 'lock');
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      if (Date.now() > until) throw new Error(`headscale simulator: ${lock} stays locked`);
      pause(10);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

/** `headscale ARGV` on the host in hostDir (not found unless it is the fleet's headscale host). */
export function runHeadscale(hostDir: string, argv: readonly string[], ctx: SimCtx): SimResult {
  const link = linkOf(hostDir);
  if (!link?.server) return ctx.viaSudo ? result(ctx.host, { stderr: NOT_FOUND_SUDO('headscale'), code: 1 }) : result(ctx.host, { stderr: NOT_FOUND_SH('headscale'), code: 127 });
  return withLock(link.registry, () => {
    const st = loadHeadscale(link.registry);
    const r = simHeadscale(argv, { state: st, uid: ctx.uid, now: ctx.now });
    if (r.state !== st) saveHeadscale(link.registry, r.state);
    return result(ctx.host, { stdout: r.stdout, stderr: r.stderr, code: r.code });
  });
}

/** `tailscale ARGV`, with the fleet's headscale as control plane when the host is linked to one. */
export function runTailscale(hostDir: string, argv: readonly string[], ctx: SimCtx): SimResult {
  const link = linkOf(hostDir);
  if (!link) return simTailscale(argv, ctx);
  if (argv[0] !== 'up') return tailscaleWithHeadscale(argv, ctx, loadHeadscale(link.registry)).result;
  return withLock(link.registry, () => {
    const st = loadHeadscale(link.registry);
    const r = tailscaleWithHeadscale(argv, ctx, st);
    if (r.hs !== st) saveHeadscale(link.registry, r.hs);
    return r.result;
  });
}
