/**
 * Windows and WSL hosts for the fleet (not in the default catalogue: ask for them by template). A
 * Windows host's sshd hands every command to win-shell, which answers as cmd.exe / PowerShell
 * (src/sim/windows.ts); `ipn` picks the IPN session failure `tailscale up` over SSH runs into.
 * Expectations are with the fleet's meshtui.yml (default_tags [tag:meshtui]).
 */
import { makeHost, OS_RELEASE, type SimHost } from '../../src/sim/index.js';
import { installedWindowsHost, makeWindowsHost, WSL2_UNAME, type IpnBehaviour } from '../../src/sim/windows.js';
import type { HostSpec } from './catalogue.js';
import { ONE_OFF_KEY, TEST_AUTH_KEY, USER_NOPW } from './paths.js';

type Template = Omit<HostSpec, 'id' | 'sim'> & { sim: (id: string) => SimHost };

const KEYS = { validKeys: [TEST_AUTH_KEY, ONE_OFF_KEY], reusableKeys: [TEST_AUTH_KEY] } satisfies Partial<SimHost>;

const win = (ipn: IpnBehaviour, expect: string): Template => ({
  user: USER_NOPW,
  reach: 'sshd',
  knownHosts: 'plain',
  shell: 'windows',
  sim: (id) => installedWindowsHost(id, KEYS, { ipn }),
  expect,
});

export const WINDOWS_TEMPLATES: Record<string, Template> = {
  'win-ok': win('ok', 'ok: joins over SSH with --unattended and stays Running'),
  'win-ipn': win('ipn-not-connected', 'needs-action ErrWindowsInteractive (daemon unreachable); ok once the operator runs C:\\temp\\join-mesh.ps1'),
  'win-drops': win('drops-after-up', 'needs-action ErrWindowsInteractive (not Running after up); ok once the operator runs the script'),
  'win-other': win('other-user', 'needs-action ErrWindowsInteractive (server mode for another user); ok once the operator runs the script'),
  'win-hang': win('hang', 'needs-action ErrWindowsInteractive after the up --timeout (slow: 3/4 of command_timeout)'),
  'win-fresh': { ...win('ok', 'ok: winget installs Tailscale, then joins'), sim: (id) => makeWindowsHost(id, KEYS) },
  'win-nowinget': {
    ...win('ok', 'failed ErrInstallFailed: winget is not available (manual MSI advice)'),
    sim: (id) => makeWindowsHost(id, KEYS, { winget: 'missing' }),
  },
  wsl: {
    user: USER_NOPW,
    reach: 'sshd',
    knownHosts: 'plain',
    sim: (id) => makeHost(id, { ...KEYS, osRelease: OS_RELEASE.ubuntu2404, uname: WSL2_UNAME }),
    expect: 'ok: the Linux flow, with a note that Tailscale on the Windows side may be better',
  },
};
