/**
 * Injected faults for one simulated host (the fault tests): `<host>/faults.json` holds a list of
 * faults; a simulated command that matches one uses it up (`times`, default 1; -1: every call).
 *
 * - drop-before: the SSH connection dies before the command does anything (its sshd session is
 *   killed with SIGKILL, so the client sees the connection go away mid-command);
 * - drop-after: the command does its work (state saved), then the connection dies before any output;
 * - truncate: stdout is cut to its first half (a status JSON that ends mid-object);
 * - replace: stdout is `text` instead;
 * - noise: `bytes` of log lines on stdout before the real output (a chatty command).
 */
import { existsSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export type FaultAction = 'drop-before' | 'drop-after' | 'truncate' | 'replace' | 'noise';

export interface HostFault {
  /** The simulated command: tailscale, systemctl, curl, sim-ctl. */
  cmd: string;
  /** Matches when the command's argv starts with these words. */
  argv?: string[];
  action: FaultAction;
  times?: number;
  text?: string;
  bytes?: number;
}

export const faultsPath = (dir: string): string => join(dir, 'faults.json');

export function writeFaults(dir: string, faults: HostFault[]): void {
  const tmp = join(dir, `.faults.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, JSON.stringify(faults));
  chmodSync(tmp, 0o666);
  renameSync(tmp, faultsPath(dir));
}

export function readFaults(dir: string): HostFault[] {
  const p = faultsPath(dir);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as HostFault[]) : [];
}

/** The first fault matching this call, used up by one. */
export function takeFault(dir: string, cmd: string, argv: readonly string[]): HostFault | undefined {
  const faults = readFaults(dir);
  const i = faults.findIndex((f) => f.cmd === cmd && (f.times ?? 1) !== 0 && (f.argv ?? []).every((w, k) => argv[k] === w));
  if (i < 0) return undefined;
  const f = faults[i]!;
  const left = f.times ?? 1;
  if (left > 0) {
    faults[i] = { ...f, times: left - 1 };
    writeFaults(dir, faults);
  }
  return f;
}

function parentOf(pid: number): { ppid: number; comm: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return { ppid, comm };
  } catch {
    return null;
  }
}

/**
 * Kill the sshd session process above `ppid` (the command's parent): the client's connection goes
 * away (no clean exit). Returns the exit code ssh reports for a lost connection (nobody is listening
 * any more).
 */
export function dropConnection(ppid: number): number {
  let pid = ppid;
  for (let i = 0; i < 20 && pid > 1; i++) {
    const p = parentOf(pid);
    if (!p) break;
    if (p.comm.startsWith('sshd')) {
      process.kill(pid, 'SIGKILL');
      return 255;
    }
    pid = p.ppid;
  }
  throw new Error('meshtui simulator: no sshd ancestor to drop');
}

/** `bytes` of numbered log lines, each chunk written (with back-pressure) through `out`. */
export async function writeNoise(bytes: number, out: (chunk: string) => Promise<void>): Promise<void> {
  const line = (n: number) => `noise ${String(n).padStart(9, '0')}: the quick brown fox jumps over the lazy dog\n`;
  let sent = 0;
  let n = 0;
  while (sent < bytes) {
    let chunk = '';
    while (chunk.length < 65_536 && sent + chunk.length < bytes) chunk += line(n++);
    sent += chunk.length;
    await out(chunk);
  }
}

/** Finish a simulated command through `finish`, with the fault (if any) applied to its result. */
export async function finishWithFault<R extends { stdout: string; stderr: string }>(
  fault: HostFault | undefined,
  r: R,
  finish: (r: R) => Promise<void>,
  drop: () => void,
): Promise<void> {
  if (fault?.action === 'truncate') return finish({ ...r, stdout: r.stdout.slice(0, Math.floor(r.stdout.length / 2)) });
  if (fault?.action === 'replace') return finish({ ...r, stdout: fault.text ?? '' });
  if (fault?.action !== 'drop-after') return finish(r);
  await finish({ ...r, stdout: '', stderr: '' });
  drop();
}
