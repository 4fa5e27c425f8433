/** `systemctl` for the units the simulator knows: tailscaled, and syncthing@USER (syncthing.ts). */
import { failure, result } from './result.js';
import { simSyncthingUnit } from './syncthing.js';
import type { SimCtx, SimResult } from './types.js';

const AUTH_REQUIRED = 'Interactive authentication required.';

export function simSystemctl(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const opts = argv.filter((a) => a.startsWith('-'));
  const [verb, ...units] = argv.filter((a) => !a.startsWith('-'));
  const now = opts.includes('--now');
  if (!verb) return failure(h, 'meshtui simulator: systemctl needs a verb\n');
  const unit = (units[0] ?? '').replace(/\.service$/, '');
  if (unit.startsWith('syncthing@')) return simSyncthingUnit(verb, unit.slice('syncthing@'.length), now, ctx);
  const known = unit === 'tailscaled' && h.installed;
  const svc = `${unit}.service`;
  switch (verb) {
    case 'is-active':
      return result(h, { stdout: known && h.daemonRunning ? 'active\n' : 'inactive\n', code: known && h.daemonRunning ? 0 : 3 });
    case 'is-enabled':
      return known ? result(h, { stdout: 'enabled\n' }) : failure(h, `Failed to get unit file state for ${svc}: No such file or directory\n`);
    case 'status':
      if (!known) return failure(h, `Unit ${svc} could not be found.\n`, 4);
      return result(h, {
        stdout: `● tailscaled.service - Tailscale node agent\n     Loaded: loaded (/lib/systemd/system/tailscaled.service; enabled; preset: enabled)\n     Active: ${h.daemonRunning ? 'active (running)' : 'inactive (dead)'}\n`,
        code: h.daemonRunning ? 0 : 3,
      });
    case 'start':
    case 'restart':
    case 'stop':
    case 'enable':
    case 'disable': {
      const starts = verb === 'start' || verb === 'restart' || (verb === 'enable' && now);
      const stops = verb === 'stop' || (verb === 'disable' && now);
      if (!known) {
        if (verb === 'enable' || verb === 'disable') return failure(h, `Failed to ${verb} unit: Unit file ${svc} does not exist.\n`);
        return failure(h, `Failed to ${verb} ${svc}: Unit ${svc} not found.\n`, 5);
      }
      if (ctx.uid !== 0) {
        if (verb === 'enable' || verb === 'disable') return failure(h, `Failed to ${verb} unit: Access denied\n`);
        return failure(h, `Failed to ${verb} ${svc}: ${AUTH_REQUIRED}\nSee system logs and 'systemctl status ${svc}' for details.\n`);
      }
      if (starts) return result({ ...h, daemonRunning: true, backendState: h.loggedIn ? h.backendState : 'NeedsLogin' });
      if (stops) return result({ ...h, daemonRunning: false });
      return result(h);
    }
    default:
      return failure(h, `meshtui simulator: systemctl ${verb} is not simulated\n`);
  }
}
