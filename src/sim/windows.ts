/**
 * A Windows OpenSSH session: the exec request line goes to cmd.exe (the default shell), which
 * answers meshtui's POSIX detect script with "'sh' is not recognized …", and runs
 * `powershell … -EncodedCommand <base64 UTF-16LE>`: the program is decoded and, when it is the
 * Commander's `& 'word' …` invocation, run: `Invoke-Expression <meshtui script>` (windows-scripts.ts),
 * tailscale.exe, or winget. Pure: the harness's Windows shell shim and unit tests call it.
 */
import { decodeEncodedCommand, parseInvocation } from './pwsh.js';
import { failure, result } from './result.js';
import type { SimResult } from './types.js';
import { WIN_TEXT, type SimWindowsHost } from './windows-host.js';
import { runMeshtuiScript, simWinget, type ScriptCtx } from './windows-scripts.js';
import { simWindowsTailscale, type WinCtx } from './windows-tailscale.js';

export type { IpnBehaviour, SimFile, SimWindows, SimWindowsHost } from './windows-host.js';
export { installedWindowsHost, isWindowsHost, makeWindowsHost, WIN_TEXT, WINDOWS_UNAME, WSL2_UNAME } from './windows-host.js';
export { JOIN_SCRIPT, runJoinScriptInteractively, runMeshtuiScript, simWinget } from './windows-scripts.js';
export { simWindowsTailscale, type WinCtx } from './windows-tailscale.js';
export { decodeEncodedCommand, parseInvocation, psAssignments, readPsLiteral } from './pwsh.js';

export interface WinShellCtx {
  host: SimWindowsHost;
  /** Everything the client wrote to the channel's stdin. */
  stdin: string;
  now(): number;
  /** See WinCtx.core. */
  core?: WinCtx['core'];
}

/** A PowerShell program (the decoded -EncodedCommand). */
export function simPowerShell(program: string, c: ScriptCtx): SimResult {
  const words = parseInvocation(program);
  const h = c.host;
  if (!words) return failure(h, 'meshtui simulator: only the Commander\'s `& \'word\' …` PowerShell invocations are simulated\n');
  const [cmd = '', ...args] = words;
  if (/^Invoke-Expression$/i.test(cmd)) return runMeshtuiScript(args[0] ?? '', c);
  if (/(^|\\)tailscale(\.exe)?$/i.test(cmd)) return simWindowsTailscale(args, c);
  if (/^winget(\.exe)?$/i.test(cmd)) {
    return h.windows.winget === 'missing' ? failure(h, WIN_TEXT.psNotRecognized(cmd)) : simWinget(args, h);
  }
  return failure(h, WIN_TEXT.psNotRecognized(cmd));
}

/** One exec request, as cmd.exe runs it (`cmd.exe /c LINE`). */
export function simWindowsShell(line: string, c: WinShellCtx): SimResult {
  const h = c.host;
  const program = decodeEncodedCommand(line);
  if (program !== null) return simPowerShell(program, { host: h, now: c.now, stdin: c.stdin, core: c.core });
  const t = line.trim();
  if (/^echo %OS%$/i.test(t)) return result(h, { stdout: 'Windows_NT\r\n' });
  if (/^ver$/i.test(t)) return result(h, { stdout: `\r\nMicrosoft Windows [Version ${h.windows.versionString.replace(/^.* /, '')}]\r\n` });
  if (/^whoami$/i.test(t)) return result(h, { stdout: `${h.windows.user.toLowerCase()}\r\n` });
  const word = /^"([^"]*)"|^([^\s"&|<>]+)/.exec(t);
  const first = word?.[1] ?? word?.[2] ?? t;
  if (/^(powershell|pwsh)(\.exe)?$/i.test(first)) {
    return failure(h, 'meshtui simulator: powershell is simulated for -EncodedCommand only\n');
  }
  // cmd's ERRORLEVEL for an unknown command is 9009; the exit status is modelled as 1 (meshtui reads the text).
  return failure(h, WIN_TEXT.cmdNotRecognized(first), 1);
}
