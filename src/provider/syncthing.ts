/**
 * Syncthing after the mesh join (`syncthing: true` at the top or per host; Linux only): installed
 * from the distribution (`apt-get install -y syncthing`, Debian/Ubuntu), run as the SSH user, and
 * its device id reported.
 *
 * Service choice: the system template unit `syncthing@USER.service` (shipped by Debian's package),
 * started with `sudo systemctl enable --now syncthing@USER.service`. The alternative, a user unit
 * (`loginctl enable-linger USER` + `systemctl --user enable --now syncthing.service`), needs the
 * user's systemd manager and its D-Bus reachable from a non-interactive SSH command
 * (XDG_RUNTIME_DIR, a PAM session), which is exactly what is missing on many servers and
 * containers; the system unit needs neither, survives logout and reboot, and is one root command
 * that `meshtui prepare` can allow exactly.
 */
import type { RunResult } from './commander.js';
import { firstLine, type ProviderContext } from './context.js';
import { MeshError } from './errors.js';
import { ensureFacts } from './os.js';
import { asRoot, sudoFailure } from './sudo.js';

export const SYNCTHING_PROBE_SCRIPT = [
  'u=$(id -un)',
  'echo "user=$u"',
  'if command -v syncthing >/dev/null 2>&1; then echo installed=yes; else echo installed=no; fi',
  'echo "enabled=$(systemctl is-enabled "syncthing@$u.service" 2>/dev/null)"',
  'echo "active=$(systemctl is-active "syncthing@$u.service" 2>/dev/null)"',
  'exit 0',
].join('\n');

/** `syncthing device-id` (v2) or `syncthing --device-id` (v1); the first start writes the certificate, so wait a little. */
export const DEVICE_ID_SCRIPT = [
  'i=0',
  'while [ "$i" -lt 20 ]; do',
  '  id=$(syncthing device-id 2>/dev/null || syncthing --device-id 2>/dev/null) && [ -n "$id" ] && { printf "%s\\n" "$id"; exit 0; }',
  '  i=$((i+1)); sleep 1',
  'done',
  'syncthing device-id || syncthing --device-id',
].join('\n');

/** Eight groups of seven base32 characters. */
export const DEVICE_ID = /\b[A-Z2-7]{7}(?:-[A-Z2-7]{7}){7}\b/;

export const APT_INSTALL_ARGV: readonly string[] = ['apt-get', 'install', '-y', 'syncthing'];
export const APT_UPDATE_ARGV: readonly string[] = ['apt-get', 'update'];
export const unitFor = (user: string) => `syncthing@${user}.service`;
export const enableArgv = (user: string): string[] => ['systemctl', 'enable', '--now', unitFor(user)];

export interface SyncthingProbe {
  user: string;
  installed: boolean;
  enabled: boolean;
  active: boolean;
}

export function parseProbe(stdout: string): SyncthingProbe {
  const kv = Object.fromEntries(stdout.split('\n').flatMap((l) => {
    const m = /^(\w+)=(.*)$/.exec(l.trim());
    return m ? [[m[1]!, m[2]!.trim()]] : [];
  }));
  return { user: kv.user ?? '', installed: kv.installed === 'yes', enabled: kv.enabled === 'enabled', active: kv.active === 'active' };
}

export function parseDeviceId(text: string): string | null {
  return DEVICE_ID.exec(text)?.[0] ?? null;
}

/** The usage error of the variant a version lacks: v1 has no `device-id` command, v2 no `--device-id` flag. */
const OTHER_VARIANT = /unexpected argument device-id|unknown flag --device-id|flag provided but not defined/;

/**
 * Why DEVICE_ID_SCRIPT's last try found no id. Both variants ran: syncthing's own reason (v1 logs
 * "Error reading device ID: open …/cert.pem: …" on stdout) wins over the other variant's usage
 * error on stderr, which would read as if meshtui had used the wrong command.
 */
export function deviceIdProblem(res: RunResult): string {
  const lines = `${res.stderr}\n${res.stdout}`.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /device ID:/i.test(l)) ?? lines.find((l) => !OTHER_VARIANT.test(l)) ?? lines[0];
  return why?.slice(0, 300) ?? `exit ${res.code}`;
}

function syncthingError(ctx: ProviderContext, what: string, res: RunResult, remedy: string): MeshError {
  return (
    sudoFailure(ctx, res) ??
    new MeshError('ErrInstallFailed', `syncthing: ${what} failed on ${ctx.hostId}: ${firstLine(`${res.stderr}\n${res.stdout}`) || `exit ${res.code}`}`, {
      cause: 'syncthing-failed',
      remedy,
    })
  );
}

async function asRootRun(ctx: ProviderContext, argv: readonly string[], timeoutMs?: number): Promise<RunResult> {
  const cmd = asRoot(ctx, argv);
  return ctx.run(cmd.argv, { stdin: cmd.stdin || undefined, ...(timeoutMs ? { timeoutMs } : {}) });
}

export interface SyncthingResult {
  changed: boolean;
  deviceId: string;
  detail: string;
}

export async function ensureSyncthing(ctx: ProviderContext): Promise<SyncthingResult> {
  const os = await ensureFacts(ctx);
  const probe = parseProbe((await ctx.run(['sh', '-c', SYNCTHING_PROBE_SCRIPT])).stdout);
  if (!/^[a-z_][a-z0-9_.-]*$/i.test(probe.user)) {
    throw new MeshError('ErrInstallFailed', `syncthing: cannot tell the SSH user on ${ctx.hostId} (id -un said ${JSON.stringify(probe.user)})`, { cause: 'syncthing-user' });
  }
  const done: string[] = [];
  if (!probe.installed) {
    if (!os.installSupported) {
      throw new MeshError('ErrUnsupportedOS', `syncthing: meshtui installs syncthing on Debian/Ubuntu only; ${ctx.hostId} runs ${os.label}`, {
        cause: 'syncthing-unsupported-os',
        remedy: `install syncthing on ${ctx.hostId} yourself (then meshtui only enables and reports it), or set syncthing: false for it`,
      });
    }
    const long = Math.max(ctx.commandTimeoutMs, 10 * 60_000);
    let res = await asRootRun(ctx, APT_INSTALL_ARGV, long);
    if (res.code !== 0 && /Unable to locate package|has no installation candidate/.test(res.stderr + res.stdout)) {
      const upd = await asRootRun(ctx, APT_UPDATE_ARGV, long);
      if (upd.code !== 0) throw syncthingError(ctx, 'apt-get update', upd, `run 'sudo apt-get update' on ${ctx.hostId} by hand`);
      res = await asRootRun(ctx, APT_INSTALL_ARGV, long);
    }
    if (res.code !== 0) throw syncthingError(ctx, 'apt-get install -y syncthing', res, `run 'sudo apt-get install -y syncthing' on ${ctx.hostId} by hand to see why`);
    done.push('installed syncthing (apt)');
  }
  if (!probe.enabled || !probe.active) {
    const res = await asRootRun(ctx, enableArgv(probe.user));
    if (res.code !== 0) throw syncthingError(ctx, `systemctl enable --now ${unitFor(probe.user)}`, res, `check 'systemctl status ${unitFor(probe.user)}' on ${ctx.hostId}`);
    done.push(`enabled ${unitFor(probe.user)}`);
  }
  const idRes = await ctx.run(['sh', '-c', DEVICE_ID_SCRIPT], { timeoutMs: Math.max(ctx.commandTimeoutMs, 60_000) });
  const deviceId = parseDeviceId(idRes.stdout);
  if (!deviceId) {
    throw new MeshError('ErrInstallFailed', `syncthing: no device id from ${ctx.hostId}: ${deviceIdProblem(idRes)}`, {
      cause: 'syncthing-device-id',
      remedy: `check 'systemctl status ${unitFor(probe.user)}' and run 'syncthing device-id' (2.x) or 'syncthing --device-id' (1.x) on ${ctx.hostId}`,
    });
  }
  const state = done.length ? done.join(', ') : `${unitFor(probe.user)} already running`;
  return { changed: done.length > 0, deviceId, detail: `${state}; device id ${deviceId}` };
}
