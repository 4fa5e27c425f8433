/**
 * A simulated Windows machine: the tailscale SimHost plus what Windows adds (who the SSH user is,
 * whose Tailscale it is, which IPN session failure `tailscale up` over SSH runs into, winget, and a
 * few files on disk). Plain JSON, stored like any SimHost (state.json in the SSH harness).
 */
import { installedHost, makeHost } from './presets.js';
import type { SimHost, SimUname } from './types.js';

/**
 * What `tailscale up` run over SSH does on this machine (FORMATS.md §6):
 * - ok: joins and stays joined (with --unattended; without it the node drops when the CLI exits);
 * - ipn-not-connected: the CLI cannot reach the service from the SSH session;
 * - hang: `up` never reaches Running (`--timeout` then fails with the real timeout text);
 * - other-user: another Windows user owns Tailscale (LocalAPI 401, also for `status`);
 * - drops-after-up: `up` succeeds, and the node is no longer Running a moment later.
 * An interactive session (the operator running C:\temp\join-mesh.ps1) always behaves like `ok`.
 */
export type IpnBehaviour = 'ok' | 'ipn-not-connected' | 'hang' | 'other-user' | 'drops-after-up';

export interface SimFile {
  content: string;
  /** Protected DACL granting only the owner access (what meshtui's scripts set). */
  userOnly: boolean;
}

export interface SimWindows {
  ipn: IpnBehaviour;
  /** DOMAIN\user of the SSH session. */
  user: string;
  /** Whose Tailscale it is (another user for other-user, until the operator's interactive join). */
  owner: string;
  admin: boolean;
  caption: string;
  /** [System.Environment]::OSVersion.VersionString */
  versionString: string;
  winget: 'ok' | 'missing' | 'fails';
  /** Server mode (ForceDaemon): set by `up --unattended`. */
  unattended: boolean;
  files: Record<string, SimFile>;
  /** `create PATH user-only` / `create PATH` / `delete PATH`, in order (bounded). */
  fileLog: string[];
  /** Every tailscale.exe / winget argv, in order (bounded): what would show in a process list. */
  calls: string[][];
  /** Interactive runs of the join script. */
  operatorRuns: number;
}

export interface SimWindowsHost extends SimHost {
  windows: SimWindows;
}

export const isWindowsHost = (h: SimHost): h is SimWindowsHost => 'windows' in h && typeof (h as SimWindowsHost).windows === 'object';

export const WINDOWS_UNAME: SimUname = { sysname: 'Windows', release: '10.0.20348', version: 'Windows Server 2022', machine: 'AMD64' };

const LOG_MAX = 200;
export const logged = <T>(list: readonly T[], item: T): T[] => [...list, item].slice(-LOG_MAX);

export function windowsDefaults(seed: string, over: Partial<SimWindows> = {}): SimWindows {
  const machine = seed.toUpperCase().slice(0, 15);
  return {
    ipn: 'ok',
    user: `${machine}\\deploy`,
    owner: `${machine}\\deploy`,
    admin: true,
    caption: 'Microsoft Windows Server 2022 Datacenter',
    versionString: 'Microsoft Windows NT 10.0.20348.0',
    winget: 'ok',
    unattended: false,
    files: {},
    fileLog: [],
    calls: [],
    operatorRuns: 0,
    ...over,
  };
}

/** A Windows Server 2022 machine; tailscale not installed unless `sim.installed`. */
export function makeWindowsHost(seed: string, sim: Partial<SimHost> = {}, win: Partial<SimWindows> = {}): SimWindowsHost {
  const base = makeHost(seed, { osRelease: null, uname: WINDOWS_UNAME, osHostname: seed.toUpperCase(), ...sim });
  const w = windowsDefaults(seed, win);
  if (w.ipn === 'other-user' && !win.owner) {
    // Another user runs it in server mode (the fixture's case): LocalAPI refuses the SSH user.
    w.owner = `${seed.toUpperCase().slice(0, 15)}\\Administrator`;
    w.unattended = win.unattended ?? true;
  }
  return { ...base, windows: w };
}

/** Installed, the service running, logged out. */
export function installedWindowsHost(seed: string, sim: Partial<SimHost> = {}, win: Partial<SimWindows> = {}): SimWindowsHost {
  const b = installedHost(seed, { osRelease: null, uname: WINDOWS_UNAME, osHostname: seed.toUpperCase(), ...sim });
  return makeWindowsHost(seed, b, win);
}

/** A WSL 2 distro (Ubuntu 24.04): Linux, with the kernel release WSL reports. */
export const WSL2_UNAME: SimUname = {
  sysname: 'Linux',
  release: '5.15.167.4-microsoft-standard-WSL2',
  version: '#1 SMP Tue Nov 5 00:21:55 UTC 2024',
  machine: 'x86_64',
};

/** Texts (stderr) of cmd.exe, PowerShell, tailscale.exe on Windows and winget. */
export const WIN_TEXT = {
  cmdNotRecognized: (word: string) => `'${word}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
  psNotRecognized: (word: string) =>
    `& : The term '${word}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\r\n`,
  /** cmd/tailscale/cli/diag.go on Windows (fixtures/up-error-tailscaled-not-running-windows.txt). */
  daemonDown: 'failed to connect to local tailscaled process; is the Tailscale service running?\n',
  /** LocalAPI 401 (fixtures/up-error-windows-server-mode-other-user.txt), Go %q of the user names. */
  serverMode: (owner: string, user: string) =>
    `failed to connect to local tailscaled (which appears to be running as tailscaled.exe, pid 3440). Got error: 401 Unauthorized: Tailscale running in server mode (${JSON.stringify(owner)}); connection from ${JSON.stringify(user)} not allowed\n`,
  inUse: (owner: string) =>
    `failed to connect to local tailscaled (which appears to be running as tailscaled.exe, pid 3440). Got error: 401 Unauthorized: Tailscale already in use by ${owner}, pid 7716\n`,
};
