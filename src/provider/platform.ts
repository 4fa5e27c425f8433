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
import { joinWindows, readWindowsStatus, verifyWindows } from './windows/join.js';
import { readStatus } from './daemon.js';

export interface PlatformOps {
  checkInstalled(ctx: ProviderContext): Promise<InstalledVersion | null>;
  install(ctx: ProviderContext, cfg: TailscaleConfig): Promise<InstalledVersion>;
  joinOnce(ctx: ProviderContext, cfg: TailscaleConfig, hostname: string, tags: readonly string[], opts?: JoinOptions): Promise<JoinResult>;
  verifyJoin(ctx: ProviderContext, cfg: TailscaleConfig, tags: readonly string[], prior?: JoinResult): Promise<TailscaleStatus>;
  /** The current status before a join (mint-key decides whether a key is needed); null: unreadable, let join decide. */
  readStatus(ctx: ProviderContext, step: string): Promise<TailscaleStatus | null>;
}

const LINUX: PlatformOps = {
  checkInstalled,
  install: installTailscale,
  joinOnce,
  verifyJoin,
  readStatus: (ctx, step) => readStatus(ctx, { startDaemon: true, step }),
};

/** The ops for the OS in ctx.os (set by detect-os). */
export function platformOps(ctx: Pick<ProviderContext, 'os'>, o: { sleep?: Sleep; settleMs?: number } = {}): PlatformOps {
  if (!isWindows(ctx)) return LINUX;
  const sleep = o.sleep ?? realSleep;
  return {
    checkInstalled: checkInstalledWindows,
    install: installWindows,
    joinOnce: (ctx, cfg, hostname, tags, opts) => joinWindows(ctx, cfg, hostname, tags, { sleep, settleMs: o.settleMs }, opts),
    verifyJoin: verifyWindows,
    readStatus: async (ctx) => {
      const r = await readWindowsStatus(ctx);
      return r.ok ? r.status : null;
    },
  };
}
