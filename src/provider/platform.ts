/**
 * The per-OS halves of the host steps. provision.ts runs the same steps (check-version, install,
 * join, verify) for every host; what runs remotely depends on the OS detect-os found: the POSIX
 * scripts (Linux, WSL) or PowerShell (Windows, windows/*.ts).
 */
import type { TailscaleConfig } from '../config/types.js';
import type { ProviderContext } from './context.js';
import { checkInstalled, installTailscale } from './install.js';
import { joinOnce, verifyJoin, type JoinOptions, type JoinResult } from './join.js';
import { sleep as realSleep, type Sleep } from './sleep.js';
import type { TailscaleStatus } from './status.js';
import type { InstalledVersion } from './version.js';
import { isWindows } from './windows/detect.js';
import { checkInstalledWindows, installWindows } from './windows/install.js';
import { joinWindows, verifyWindows } from './windows/join.js';

export interface PlatformOps {
  checkInstalled(ctx: ProviderContext): Promise<InstalledVersion | null>;
  install(ctx: ProviderContext, cfg: TailscaleConfig): Promise<InstalledVersion>;
  joinOnce(ctx: ProviderContext, cfg: TailscaleConfig, hostname: string, tags: readonly string[], opts?: JoinOptions): Promise<JoinResult>;
  verifyJoin(ctx: ProviderContext, cfg: TailscaleConfig, tags: readonly string[], prior?: JoinResult): Promise<TailscaleStatus>;
}

const LINUX: PlatformOps = { checkInstalled, install: installTailscale, joinOnce, verifyJoin };

/** The ops for the OS in ctx.os (set by detect-os). */
export function platformOps(ctx: Pick<ProviderContext, 'os'>, o: { sleep?: Sleep; settleMs?: number } = {}): PlatformOps {
  if (!isWindows(ctx)) return LINUX;
  const sleep = o.sleep ?? realSleep;
  return {
    checkInstalled: checkInstalledWindows,
    install: installWindows,
    joinOnce: (ctx, cfg, hostname, tags, opts) => joinWindows(ctx, cfg, hostname, tags, { sleep, settleMs: o.settleMs }, opts),
    verifyJoin: verifyWindows,
  };
}
