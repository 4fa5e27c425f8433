/**
 * WSL hosts take the Linux flow; these are the facts worth telling the operator about them.
 * - WSL 2 runs the distro behind a NAT'd virtual network: Tailscale there puts the DISTRO on the mesh
 *   (only while it runs), not the Windows machine, whose own services stay off the mesh.
 * - WSL 1 has no TUN device: tailscaled cannot run there at all.
 * - Distros often run without systemd: `systemctl` then fails with "System has not been booted with
 *   systemd", and tailscaled cannot be started by meshtui.
 */
import type { RunResult } from './commander.js';
import type { ProviderContext } from './context.js';
import { MeshError } from './errors.js';
import type { OsFacts } from './os.js';

export const WINDOWS_SIDE =
  'to put the Windows machine itself on the mesh, install Tailscale on its Windows side instead (a host with os: windows on its Windows SSH port, 22 in the seed)';

export function wslVersion(os: Pick<OsFacts, 'wsl' | 'kernelRelease'>): 1 | 2 | null {
  if (!os.wsl) return null;
  // WSL 2: 5.15.167.4-microsoft-standard-WSL2; WSL 1: 4.4.0-19041-Microsoft.
  return /-Microsoft$/.test(os.kernelRelease) ? 1 : 2;
}

/** Notes for a WSL host's result (empty for other hosts). */
export function wslNotes(os: Pick<OsFacts, 'wsl' | 'kernelRelease'>): string[] {
  const v = wslVersion(os);
  if (v === 1) return [`WSL 1 has no TUN device, so tailscaled cannot run in this distro: ${WINDOWS_SIDE}`];
  if (v === 2) {
    return [`WSL host: Tailscale here puts only this WSL 2 distro on the mesh, behind WSL's NAT network and only while it runs; ${WINDOWS_SIDE}`];
  }
  return [];
}

const NO_SYSTEMD = /System has not been booted with systemd|Failed to connect to bus: (Host is down|No such file or directory)/;

/** `systemctl start tailscaled` failed because there is no systemd (typical in WSL): the error to report, else null. */
export function noSystemd(ctx: Pick<ProviderContext, 'hostId' | 'os'>, res: RunResult): MeshError | null {
  if (!NO_SYSTEMD.test(`${res.stderr}\n${res.stdout}`)) return null;
  const wsl = ctx.os?.wsl === true;
  return new MeshError('ErrInstallFailed', `tailscale provider: tailscaled is not running on ${ctx.hostId} and cannot be started: the system has not been booted with systemd${wsl ? ' (WSL)' : ''}`, {
    cause: 'no-systemd',
    remedy: wsl
      ? `enable systemd in the distro: put "[boot]" and "systemd=true" in /etc/wsl.conf, run 'wsl --shutdown' on Windows, then re-run; or ${WINDOWS_SIDE}`
      : `start tailscaled by hand on ${ctx.hostId} (tailscaled --state=/var/lib/tailscale/tailscaled.state &), or boot it with systemd`,
  });
}
