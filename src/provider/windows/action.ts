/**
 * When the join over SSH cannot work (an IPN session failure), meshtui writes C:\temp\join-mesh.ps1
 * and its key file, and the host ends `needs-action` (ErrWindowsInteractive) with the cause and the
 * exact command for an interactive session. `windowsJoinScript` is the UI's "show the script again"
 * hook: the same text, from the config alone (the script never holds the key).
 */
import type { Inventory } from '../../config/types.js';
import type { TailscaleConfig } from '../../config/types.js';
import { parseProviderConfig } from '../config.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, firstLine, type ProviderContext } from '../context.js';
import { redactKeys } from '../diagnose.js';
import { MeshError } from '../errors.js';
import { upTimeoutSeconds } from '../join.js';
import { computeHostTags } from '../tags.js';
import type { ProvisionMode } from '../api.js';
import { windowsFactsOf } from './detect.js';
import type { IpnCause } from './ipn.js';
import { operatorScriptFor } from './operator-script.js';
import { JOIN_KEY_PATH, JOIN_SCRIPT_PATH, OPERATOR_COMMAND, psArgv, writeJoinScript } from './scripts.js';

const P = 'tailscale provider';

export interface JoinScriptInfo {
  path: string;
  keyPath: string;
  /** What to run in an interactive session. */
  command: string;
  /** The script's text (no key in it). */
  text: string;
}

/**
 * "Show the script again": the text meshtui writes for `hostId` with this config. `tags`: the ones
 * the written script advertised (the needs-action error's detail.tags), which differ from the
 * config's when the key carried them (Headscale ≥ 0.28: no --advertise-tags).
 */
export function windowsJoinScript(inv: Inventory, hostId: string, mode: ProvisionMode = 'provision', tags?: readonly string[]): JoinScriptInfo {
  const host = inv.hosts.find((h) => h.id === hostId);
  if (!host) throw new MeshError('ErrConfigInvalid', `no host ${hostId} in the config`);
  const cfg = parseProviderConfig(inv.tailscale);
  const timeoutS = upTimeoutSeconds(inv.ssh?.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  return { path: JOIN_SCRIPT_PATH, keyPath: JOIN_KEY_PATH, command: OPERATOR_COMMAND, text: operatorScriptFor(cfg, host.id, tags ?? computeHostTags(cfg, host), timeoutS, mode) };
}

/** True for the needs-action error whose script is on the host (the engine then watches for the join). */
export function awaitsOperator(e: unknown): e is MeshError {
  return e instanceof MeshError && e.code === 'ErrWindowsInteractive' && typeof e.detail?.scriptPath === 'string';
}

/**
 * Writes the script and (via stdin) the key file, and returns the needs-action error naming the
 * cause and the command. When the script cannot be written, the error says so and how to join by hand.
 */
export async function needOperator(
  ctx: ProviderContext,
  cfg: TailscaleConfig,
  hostname: string,
  tags: readonly string[],
  key: string,
  cause: IpnCause,
  output = '',
): Promise<MeshError> {
  const text = operatorScriptFor(cfg, hostname, tags, upTimeoutSeconds(ctx.commandTimeoutMs), ctx.mode);
  const user = windowsFactsOf(ctx)?.user || 'the user meshtui connects as';
  const host = ctx.hostId;
  const shown = redactKeys(ctx.redact(output)).slice(0, 2000);
  let res;
  try {
    res = await ctx.run(psArgv(writeJoinScript(text)), { shell: 'powershell', stdin: `${key}\n` });
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    res = { code: -1, stdout: '', stderr: (e as Error).message };
  }
  if (res.code !== 0) {
    return new MeshError('ErrWindowsInteractive', `${P}: ${host} needs an interactive join (${cause.why}), and meshtui could not write ${JOIN_SCRIPT_PATH}: ${firstLine(`${res.stderr}\n${res.stdout}`) || `exit ${res.code}`}`, {
      cause: `windows-${cause.id}`,
      needsAction: true,
      remedy: `in an interactive session on ${host} (RDP or console), as ${user}: Restart-Service Tailscale, then "C:\\Program Files\\Tailscale\\tailscale.exe" up --unattended --reset with the auth key; then re-run 'meshtui provision ${host}'`,
      detail: { cause: cause.id, output: shown },
    });
  }
  return new MeshError('ErrWindowsInteractive', `${P}: ${host} needs an interactive join: ${cause.why}. Run in an interactive session on ${host} (RDP or console): ${OPERATOR_COMMAND}`, {
    cause: `windows-${cause.id}`,
    needsAction: true,
    remedy:
      `meshtui wrote ${JOIN_SCRIPT_PATH}, and the auth key to ${JOIN_KEY_PATH} (readable only by ${user}; the script deletes it when it ends). ` +
      `Log in to ${host} as ${user} (RDP or console) and run: ${OPERATOR_COMMAND}. meshtui watches the host and marks it ok once it has joined`,
    detail: { cause: cause.id, command: OPERATOR_COMMAND, scriptPath: JOIN_SCRIPT_PATH, keyPath: JOIN_KEY_PATH, user, tags: [...tags], output: shown },
  });
}
