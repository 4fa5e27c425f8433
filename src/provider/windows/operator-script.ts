/**
 * C:\temp\join-mesh.ps1: the seed's manual Windows join (Stop-Service / Start-Service Tailscale with
 * sleeps, then `tailscale up … --unattended --reset`), with meshtui's flags (hostname, tags, timeout,
 * login server) and the auth key NOT in the script: it is read by tailscale from the side file
 * C:\temp\join-mesh.key (user-only ACL, written from stdin), which the script deletes in `finally`,
 * whether the join worked or not. The text depends only on the config, so it can be shown again.
 *
 * `--accept-routes` (in the seed) is left out: meshtui's Linux joins do not set it either, and a
 * non-default pref set here would make later `tailscale up` runs fail the "mention all non-default
 * flags" check.
 */
import type { TailscaleConfig } from '../../config/types.js';
import { psString } from '../../quote.js';
import { upFlags } from '../join.js';
import { JOIN_KEY_PATH, OPERATOR_COMMAND } from './scripts.js';

/** The flags the operator's script passes to `tailscale up` (before `--auth-key=file:`). */
export function operatorUpArgs(cfg: TailscaleConfig, hostname: string, tags: readonly string[], timeoutS: number, mode = 'provision'): string[] {
  const flags = upFlags(cfg, hostname, tags, 'provision', timeoutS);
  return ['up', '--unattended', '--reset', ...(mode === 'rejoin' ? ['--force-reauth'] : []), ...flags];
}

const BODY = `
$ErrorActionPreference = 'Stop'
$code = 1
try {
  if (-not (Test-Path -LiteralPath $keyFile)) {
    throw "the auth key file $keyFile is missing (it is deleted after every run): run 'meshtui provision $meshtuiHost' again to write a new one"
  }
  $ts = Join-Path $env:ProgramFiles 'Tailscale\\tailscale.exe'
  if (-not (Test-Path -LiteralPath $ts)) {
    $c = Get-Command tailscale.exe -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $c) { throw 'tailscale.exe not found: install Tailscale first' }
    $ts = $c.Source
  }
  Write-Host 'Restarting the Tailscale service...'
  Stop-Service -Name Tailscale -Force -ErrorAction Continue
  Start-Sleep -Seconds 2
  Start-Service -Name Tailscale -ErrorAction Continue
  Start-Sleep -Seconds 3
  Write-Host "Joining $meshtuiHost to the mesh..."
  & $ts @tsArgs "--auth-key=file:$keyFile"
  $code = $LASTEXITCODE
  if ($code -eq 0) {
    Start-Sleep -Seconds 5
    $state = (& $ts status --json | Out-String | ConvertFrom-Json).BackendState
    if ($state -eq 'Running') {
      Write-Host 'Joined: Tailscale is Running. meshtui notices within a few seconds if it is still watching.'
    } else {
      Write-Host "tailscale up finished, but Tailscale is now $state"
      $code = 1
    }
  } else {
    Write-Host "tailscale up failed (exit $code)"
  }
} catch {
  Write-Host "join-mesh.ps1: $($_.Exception.Message)"
  $code = 1
} finally {
  Remove-Item -LiteralPath $keyFile -Force -ErrorAction SilentlyContinue
}
exit $code`;

/** The text of C:\temp\join-mesh.ps1 for one host (never contains the key). */
export function joinMeshScript(hostId: string, tsArgs: readonly string[]): string {
  return [
    '# join-mesh.ps1, written by meshtui: joins this machine to the mesh.',
    '# Run it in an interactive session on this machine (RDP or console), as the user meshtui connects as:',
    `#   ${OPERATOR_COMMAND}`,
    '# Over SSH, Windows Tailscale does not stay joined (the IPN session problem), so this restarts the',
    '# service and joins with --unattended (server mode) from your session.',
    `# The auth key is in ${JOIN_KEY_PATH}, readable only by that user; this script deletes it when it`,
    '# ends, joined or not.',
    `$meshtuiHost = ${psString(hostId)}`,
    `$keyFile = ${psString(JOIN_KEY_PATH)}`,
    `$tsArgs = @(${tsArgs.map(psString).join(', ')})`,
    BODY.trim(),
    '',
  ].join('\n');
}

export function operatorScriptFor(cfg: TailscaleConfig, hostId: string, tags: readonly string[], timeoutS: number, mode = 'provision'): string {
  return joinMeshScript(hostId, operatorUpArgs(cfg, hostId, tags, timeoutS, mode));
}
