/**
 * The PowerShell meshtui runs on Windows targets, and the join script it leaves for the operator.
 *
 * How a script travels: argv `['Invoke-Expression', SCRIPT]` with `shell: 'powershell'`, so the SSH
 * Commander renders it through src/quote.ts (`& 'Invoke-Expression' '<script>'` inside
 * `powershell … -EncodedCommand <base64 UTF-16LE>`): cmd.exe (OpenSSH's default shell on Windows)
 * sees only base64, and PowerShell sees one single-quoted literal. Every script is a constant body
 * under a header of `$name = <psString literal>` assignments, the only place values (hostname,
 * tags, login server, paths) enter; the first line `# meshtui:<kind>` names it (the simulator
 * recognises scripts by that). Secrets never enter a script: the auth key is read from stdin.
 */
import { psString } from '../../quote.js';

export const PS_ENTRY = 'Invoke-Expression';
export const TS_EXE = 'C:\\Program Files\\Tailscale\\tailscale.exe';
export const JOIN_DIR = 'C:\\temp';
export const JOIN_SCRIPT_PATH = 'C:\\temp\\join-mesh.ps1';
export const JOIN_KEY_PATH = 'C:\\temp\\join-mesh.key';
/** What the operator runs in an interactive session (RDP or console). */
export const OPERATOR_COMMAND = `powershell -ExecutionPolicy Bypass -File ${JOIN_SCRIPT_PATH}`;
export const WINGET_ARGS: readonly string[] = [
  'install', '--id', 'Tailscale.Tailscale', '--source', 'winget', '--accept-source-agreements', '--accept-package-agreements', '--silent',
];
export const WINGET_COMMAND = `winget ${WINGET_ARGS.join(' ')}`;
export const MSI_ADVICE =
  'install Tailscale by hand: download the MSI from https://pkgs.tailscale.com/stable/#windows and run it (msiexec /i tailscale-setup-<version>-amd64.msi /quiet), or run the winget command in an interactive session; then re-run meshtui';

/** Exit codes of our own scripts (the tailscale CLI itself uses 0, 1 and 2). */
export const EXIT = { notFound: 127, keyFile: 97, noKey: 98, noWinget: 91 } as const;

export type ScriptKind = 'probe' | 'version' | 'status' | 'install' | 'join' | 'write-join-script';
export type PsValue = string | readonly string[];

/** `# meshtui:<kind>`, then the values as PowerShell literals, then the constant body. */
export function psScript(kind: ScriptKind, vars: Record<string, PsValue>, body: string): string {
  const header = Object.entries(vars).map(([k, v]) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(k)) throw new Error(`bad PowerShell variable name ${k}`);
    return `$${k} = ${typeof v === 'string' ? psString(v) : `@(${v.map(psString).join(', ')})`}`;
  });
  return [`# meshtui:${kind}`, ...header, body.trim()].join('\n');
}

/** The argv for a script (run with `shell: 'powershell'`). */
export const psArgv = (script: string): string[] => [PS_ENTRY, script];

/** The kind of one of our scripts, from its first line; null when it is not one. */
export function scriptKind(script: string): ScriptKind | null {
  const m = /^# meshtui:([a-z-]+)\s*(?:\n|$)/.exec(script);
  return (m?.[1] as ScriptKind | undefined) ?? null;
}

const ERR = (text: string) => `[Console]::Error.WriteLine(${psString(text)})`;

/** Finds tailscale.exe (Program Files, then PATH) into $ts; exit 127 when there is none. */
const FIND_TS = `
$ts = Join-Path $env:ProgramFiles 'Tailscale\\tailscale.exe'
if (-not (Test-Path -LiteralPath $ts)) {
  $c = Get-Command tailscale.exe -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($c) { $ts = $c.Source } else { ${ERR(`meshtui: tailscale.exe not found (${TS_EXE} or PATH)`)}; exit ${EXIT.notFound} }
}`;

/**
 * A NEW file only the current user can open: created in one step WITH its protected DACL (the user,
 * full control, nothing inherited) and owned by us; CreateNew fails if the path exists, so a file
 * planted by another local user is never reused. (FileStream with FileSecurity: Windows PowerShell 5.1.)
 */
const USER_ONLY = `
function New-MeshtuiUserOnlyFile([string]$Path, [string]$Text, [bool]$Bom) {
  $acl = New-Object System.Security.AccessControl.FileSecurity
  $acl.SetAccessRuleProtection($true, $false)
  $me = [Security.Principal.WindowsIdentity]::GetCurrent().User
  $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($me, 'FullControl', 'Allow')))
  $fs = New-Object System.IO.FileStream($Path, [IO.FileMode]::CreateNew, [Security.AccessControl.FileSystemRights]::FullControl, [IO.FileShare]::None, 4096, [IO.FileOptions]::None, $acl)
  try {
    $w = New-Object System.IO.StreamWriter($fs, (New-Object System.Text.UTF8Encoding $Bom))
    $w.Write($Text)
    $w.Flush()
  } finally {
    $fs.Dispose()
  }
}`;

const READ_KEY = `
$key = [Console]::In.ReadLine()
if ([string]::IsNullOrEmpty($key)) { ${ERR('meshtui: no auth key on stdin')}; exit ${EXIT.noKey} }`;

/** Confirms Windows (after cmd.exe refused the POSIX detect) and learns who we are. */
export const PROBE_SCRIPT = psScript('probe', {}, `
$ErrorActionPreference = 'SilentlyContinue'
$id = [Security.Principal.WindowsIdentity]::GetCurrent()
$admin = ([Security.Principal.WindowsPrincipal]$id).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
$caption = (Get-CimInstance -ClassName Win32_OperatingSystem).Caption
"os=$env:OS"
"version=$([System.Environment]::OSVersion.VersionString)"
"caption=$caption"
"user=$($id.Name)"
"admin=$admin"
"arch=$env:PROCESSOR_ARCHITECTURE"
exit 0`);

export const VERSION_SCRIPT = psScript('version', {}, `${FIND_TS}
& $ts version
exit $LASTEXITCODE`);

export const STATUS_SCRIPT = psScript('status', {}, `${FIND_TS}
& $ts status --json
exit $LASTEXITCODE`);

export const INSTALL_SCRIPT = psScript('install', { wingetArgs: WINGET_ARGS }, `
$w = Get-Command winget.exe -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $w) { ${ERR('meshtui: winget is not available on this host (App Installer is missing, or not usable from an SSH session)')}; exit ${EXIT.noWinget} }
& $w.Source @wingetArgs
exit $LASTEXITCODE`);

/**
 * `tailscale up` over SSH: the service is started if it is stopped, the key goes from stdin into a
 * user-only file under $env:TEMP read by `--auth-key=file:`, and the file is removed in `finally`.
 */
export function joinScript(tsArgs: readonly string[]): string {
  return psScript('join', { tsArgs }, `${FIND_TS}
$svc = Get-Service -Name Tailscale -ErrorAction SilentlyContinue
if ($svc -and $svc.Status -ne 'Running') {
  ${ERR('meshtui: the Tailscale service was not running: starting it')}
  Start-Service -Name Tailscale -ErrorAction SilentlyContinue
  Start-Sleep -Seconds 3
}
${USER_ONLY}
${READ_KEY}
$f = Join-Path $env:TEMP ('meshtui-key-' + [guid]::NewGuid().ToString('N'))
$code = 1
try {
  try {
    New-MeshtuiUserOnlyFile $f $key $false
  } catch { ${ERR('meshtui: cannot write the key file under $env:TEMP')}; exit ${EXIT.keyFile} }
  $key = $null
  & $ts @tsArgs "--auth-key=file:$f"
  $code = $LASTEXITCODE
} finally {
  Remove-Item -LiteralPath $f -Force -ErrorAction SilentlyContinue
}
exit $code`);
}

/**
 * Writes the operator's script and (from stdin) its key file, both new files readable only by this
 * user (the script too: C:\temp is writable by every local user, and an administrator will run it).
 */
export function writeJoinScript(content: string): string {
  return psScript('write-join-script', { dir: JOIN_DIR, scriptPath: JOIN_SCRIPT_PATH, keyPath: JOIN_KEY_PATH, content }, `
${USER_ONLY}
${READ_KEY}
try {
  New-Item -ItemType Directory -Path $dir -Force -ErrorAction Stop | Out-Null
  Remove-Item -LiteralPath $keyPath -Force -ErrorAction SilentlyContinue
  New-MeshtuiUserOnlyFile $keyPath $key $false
  $key = $null
  Remove-Item -LiteralPath $scriptPath -Force -ErrorAction SilentlyContinue
  New-MeshtuiUserOnlyFile $scriptPath $content $true
} catch { [Console]::Error.WriteLine('meshtui: cannot write the join script: ' + $_.Exception.Message); exit ${EXIT.keyFile} }
"wrote $scriptPath and $keyPath"
exit 0`);
}
