/**
 * tailscale.exe on the simulated Windows machine: the Linux CLI core (simTailscale / simUp) with the
 * Windows differences: `--unattended` exists (server mode, a non-default pref that must be repeated),
 * OS "windows" in status, the Windows daemon-down text, LocalAPI 401s for another user, and the IPN
 * session failures of an SSH session (windows-host.ts IpnBehaviour). No root: the caller is uid 0.
 */
import { failure, result } from './result.js';
import { simTailscale } from './tailscale.js';
import * as T from './texts.js';
import type { SimCtx, SimResult } from './types.js';
import { simUp } from './up.js';
import { logged, WIN_TEXT, type SimWindowsHost } from './windows-host.js';

export interface WinCtx {
  host: SimWindowsHost;
  now(): number;
  /** The operator's interactive session (RDP or console): the IPN session failures do not apply. */
  interactive?: boolean;
  /**
   * The tailscale CLI core to run (default simTailscale): the harness passes one that uses the fleet's
   * Headscale as control plane (headscale-link.ts), as Linux hosts do.
   */
  core?: (argv: readonly string[], ctx: SimCtx) => SimResult;
}

const UNATTENDED = /^--?unattended(=(true|false|1|0))?$/;

function coreCtx(c: WinCtx): SimCtx {
  const w = c.host.windows;
  return {
    host: c.host,
    uid: 0,
    user: w.user,
    now: c.now,
    readFile(path) {
      const f = w.files[path];
      if (!f) throw Object.assign(new Error(`open ${path}: The system cannot find the file specified.`), { code: 'ENOENT' });
      return f.content;
    },
  };
}

const asWin = (r: SimResult, fallback: SimWindowsHost): SimWindowsHost => (r.state === fallback ? fallback : (r.state as SimWindowsHost));

function up(args: readonly string[], c: WinCtx): SimResult {
  const h = c.host;
  const w = h.windows;
  const unattended = args.some((a) => UNATTENDED.test(a) && !/=(false|0)$/.test(a));
  const rest = args.filter((a) => !UNATTENDED.test(a));
  const reset = rest.some((a) => /^--?reset(=(true|1))?$/.test(a));
  if (w.unattended && !unattended && !reset) {
    const shown = rest.filter((a) => !/^--?auth-?key/.test(a)).concat('--unattended').sort();
    return failure(h, T.accidentalRevert(shown));
  }
  if (!c.interactive && w.ipn === 'ipn-not-connected') return result(h, { stderr: WIN_TEXT.daemonDown, code: 1, delayMs: h.delays.upMs });
  const hang = !c.interactive && w.ipn === 'hang';
  const ctx = coreCtx(c);
  const upCtx = hang ? { ...ctx, host: { ...h, upBehaviour: 'hang' as const } } : ctx;
  const r = c.core ? c.core(['up', ...rest], upCtx) : simUp(rest, upCtx);
  if (hang) return { ...r, state: { ...asWin(r, h), upBehaviour: h.upBehaviour } as SimWindowsHost };
  if (r.code !== 0) return r;
  let s = asWin(r, h);
  const serverMode = unattended || (w.unattended && !reset);
  s = { ...s, windows: { ...s.windows, unattended: serverMode, owner: w.user } };
  // Client mode: the node stays up only while a client of its user is connected, and the CLI was the only one.
  const drops = !serverMode || (!c.interactive && w.ipn === 'drops-after-up');
  if (drops && s.backendState === 'Running') s = { ...s, backendState: 'NoState' };
  return { ...r, state: s };
}

/** `tailscale.exe ARGV…` (without the program name) as run in the SSH session (or interactively). */
export function simWindowsTailscale(argv: readonly string[], c: WinCtx): SimResult {
  const h: SimWindowsHost = { ...c.host, windows: { ...c.host.windows, calls: logged(c.host.windows.calls, ['tailscale.exe', ...argv]) } };
  const ctx: WinCtx = { ...c, host: h };
  const w = h.windows;
  const [cmd, ...rest] = argv;
  if (!h.installed) return failure(h, WIN_TEXT.psNotRecognized('tailscale.exe'));
  const needsDaemon = cmd !== 'version' && cmd !== '--version' && cmd !== '-V' && cmd !== undefined;
  if (needsDaemon && !h.daemonRunning) return failure(h, WIN_TEXT.daemonDown);
  if (needsDaemon && !c.interactive && w.owner !== w.user) {
    return failure(h, w.unattended ? WIN_TEXT.serverMode(w.owner, w.user) : WIN_TEXT.inUse(w.owner));
  }
  if (cmd === 'up') return up(rest, ctx);
  const r = (c.core ?? simTailscale)(argv, coreCtx(ctx));
  return r.state === h ? r : { ...r, state: r.state as SimWindowsHost };
}
