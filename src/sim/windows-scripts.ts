/**
 * meshtui's PowerShell scripts as the simulated Windows machine runs them, recognised by their first
 * line (`# meshtui:<kind>`) with values read from their `$name = '…'` header, plus winget and the
 * operator's interactive run of C:\temp\join-mesh.ps1. Everything the real scripts do that a test can
 * check is modelled: the key read from stdin, the user-only key file and its removal, the service start.
 */
import { psAssignments, type PsValue } from './pwsh.js';
import { failure, result } from './result.js';
import type { SimResult } from './types.js';
import { logged, type SimFile, type SimWindowsHost } from './windows-host.js';
import { simWindowsTailscale, type WinCtx } from './windows-tailscale.js';

export const JOIN_SCRIPT = 'C:\\temp\\join-mesh.ps1';
const TS_EXE = 'C:\\Program Files\\Tailscale\\tailscale.exe';

export interface ScriptCtx extends WinCtx {
  /** The SSH channel's stdin (the auth key line, for join and write-join-script). */
  stdin: string;
}

const str = (v: PsValue | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: PsValue | undefined): string[] => (Array.isArray(v) ? v : []);
const firstLine = (s: string) => s.split(/\r?\n/)[0] ?? '';

function withFile(h: SimWindowsHost, path: string, f: SimFile | null): SimWindowsHost {
  const files = { ...h.windows.files };
  if (f) files[path] = f;
  else delete files[path];
  const entry = f ? `create ${path}${f.userOnly ? ' user-only' : ''}` : `delete ${path}`;
  return { ...h, windows: { ...h.windows, files, fileLog: logged(h.windows.fileLog, entry) } };
}

const notFound = (h: SimWindowsHost) => failure(h, `meshtui: tailscale.exe not found (${TS_EXE} or PATH)\n`, 127);

function probe(h: SimWindowsHost): SimResult {
  const w = h.windows;
  return result(h, {
    stdout: `os=Windows_NT\nversion=${w.versionString}\ncaption=${w.caption}\nuser=${w.user}\nadmin=${w.admin ? 'True' : 'False'}\narch=AMD64\n`,
  });
}

/** winget.exe with meshtui's arguments. */
export function simWinget(args: readonly string[], h: SimWindowsHost): SimResult {
  const s: SimWindowsHost = { ...h, windows: { ...h.windows, calls: logged(h.windows.calls, ['winget.exe', ...args]) } };
  if (args[0] !== 'install' || !args.includes('Tailscale.Tailscale')) {
    return result(s, { stdout: 'No package found matching input criteria.\n', code: -1978335212 });
  }
  const v = h.installVersion;
  const head =
    `Found Tailscale [Tailscale.Tailscale] Version ${v}\nThis application is licensed to you by its owner.\n` +
    'Microsoft is not responsible for, nor does it grant any licenses to, third-party packages.\n' +
    `Downloading https://pkgs.tailscale.com/stable/tailscale-setup-${v}-amd64.msi\nSuccessfully verified installer hash\nStarting package install...\n`;
  if (h.windows.winget === 'fails') return result(s, { stdout: `${head}Installer failed with exit code: 1603\n`, code: -1978335226, delayMs: h.delays.installMs });
  const next: SimWindowsHost = { ...s, installed: true, version: v, daemonRunning: true, backendState: s.loggedIn ? s.backendState : 'NeedsLogin' };
  return result(next, { stdout: `${head}Successfully installed\n`, delayMs: h.delays.installMs });
}

function join(vars: Record<string, PsValue>, c: ScriptCtx): SimResult {
  let h = c.host;
  if (!h.installed) return notFound(h);
  let stderr = '';
  if (!h.daemonRunning && h.windows.admin) {
    stderr = 'meshtui: the Tailscale service was not running: starting it\n';
    h = { ...h, daemonRunning: true, backendState: h.loggedIn ? h.backendState : 'NeedsLogin' };
  }
  const key = firstLine(c.stdin);
  if (!key) return failure(h, `${stderr}meshtui: no auth key on stdin\n`, 98);
  const user = h.windows.user.split('\\').pop() ?? 'user';
  const path = `C:\\Users\\${user}\\AppData\\Local\\Temp\\meshtui-key-${(h.windows.fileLog.length + 1).toString(16).padStart(32, '0')}`;
  h = withFile(h, path, { content: key, userOnly: true });
  const r = simWindowsTailscale([...list(vars.tsArgs), `--auth-key=file:${path}`], { ...c, host: h });
  const after = withFile(r.state as SimWindowsHost, path, null);
  return { ...r, stderr: stderr + r.stderr, state: after };
}

function writeJoinScript(vars: Record<string, PsValue>, c: ScriptCtx): SimResult {
  const key = firstLine(c.stdin);
  if (!key) return failure(c.host, 'meshtui: no auth key on stdin\n', 98);
  const [scriptPath, keyPath] = [str(vars.scriptPath), str(vars.keyPath)];
  let h = withFile(c.host, keyPath, { content: key, userOnly: true });
  h = withFile(h, scriptPath, { content: str(vars.content), userOnly: true });
  return result(h, { stdout: `wrote ${scriptPath} and ${keyPath}\n` });
}

/** `Invoke-Expression <script>` in the SSH session. */
export function runMeshtuiScript(script: string, c: ScriptCtx): SimResult {
  const kind = /^# meshtui:([a-z-]+)\s*\n/.exec(script)?.[1];
  const vars = psAssignments(script);
  const h = c.host;
  switch (kind) {
    case 'probe':
      return probe(h);
    case 'version':
      return h.installed ? simWindowsTailscale(['version'], c) : notFound(h);
    case 'status':
      return h.installed ? simWindowsTailscale(['status', '--json'], c) : notFound(h);
    case 'install':
      if (h.windows.winget === 'missing') return failure(h, 'meshtui: winget is not available on this host (App Installer is missing, or not usable from an SSH session)\n', 91);
      return simWinget(list(vars.wingetArgs), h);
    case 'join':
      return join(vars, c);
    case 'write-join-script':
      return writeJoinScript(vars, c);
    default:
      return failure(h, `meshtui simulator: Invoke-Expression of an unknown script (${firstLine(script).slice(0, 60)})\n`);
  }
}

/**
 * The operator runs `powershell -ExecutionPolicy Bypass -File C:\temp\join-mesh.ps1` in an
 * interactive session: service restart, `tailscale up` with the script's flags and
 * `--auth-key=file:<key file>`, status check, and the key file deleted whatever happens.
 */
export function runJoinScriptInteractively(host: SimWindowsHost, now: () => number, path = JOIN_SCRIPT, core?: WinCtx['core']): SimResult {
  const file = host.windows.files[path];
  if (!file) return failure(host, `The argument '${path}' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.\n`, 1);
  const vars = psAssignments(file.content);
  const keyFile = str(vars.keyFile);
  let h: SimWindowsHost = { ...host, windows: { ...host.windows, operatorRuns: host.windows.operatorRuns + 1 } };
  let out = '';
  if (!h.windows.files[keyFile]) {
    out = `join-mesh.ps1: the auth key file ${keyFile} is missing (it is deleted after every run): run 'meshtui provision ${str(vars.meshtuiHost)}' again to write a new one\n`;
    return result(h, { stdout: out, code: 1 });
  }
  out += 'Restarting the Tailscale service...\n';
  h = { ...h, daemonRunning: h.installed, backendState: h.loggedIn ? h.backendState : 'NeedsLogin' };
  out += `Joining ${str(vars.meshtuiHost)} to the mesh...\n`;
  const r = simWindowsTailscale([...list(vars.tsArgs), `--auth-key=file:${keyFile}`], { host: h, now, interactive: true, core });
  const after = withFile(r.state as SimWindowsHost, keyFile, null);
  if (r.code !== 0) return result(after, { stdout: `${out}${r.stdout}tailscale up failed (exit ${r.code})\n`, stderr: r.stderr, code: r.code });
  if (after.backendState !== 'Running') return result(after, { stdout: `${out}tailscale up finished, but Tailscale is now ${after.backendState}\n`, code: 1 });
  return result(after, { stdout: `${out}${r.stdout}Joined: Tailscale is Running. meshtui notices within a few seconds if it is still watching.\n` });
}
