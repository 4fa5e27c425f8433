/** The system OpenSSH client against a fleet host (for harness tests; the product uses ssh2). */
import { spawn } from 'node:child_process';
import type { Fleet } from './fleet.js';

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number | null;
  ms: number;
}

export function sshArgs(fleet: Fleet, id: string, opts: { user?: string; connectTimeout?: number } = {}): string[] {
  const h = fleet.host(id);
  return [
    '-F', '/dev/null',
    '-i', fleet.identityFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${fleet.knownHostsPath}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${opts.connectTimeout ?? 2}`,
    '-o', 'LogLevel=ERROR',
    '-p', String(h.port),
    `${opts.user ?? h.user}@127.0.0.1`,
  ];
}

/** Runs `command` (one remote shell line) on the host; resolves with its output and exit code. */
export function ssh(
  fleet: Fleet,
  id: string,
  command: string,
  opts: { user?: string; stdin?: string; connectTimeout?: number; timeoutMs?: number } = {},
): Promise<SshResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn('ssh', [...sshArgs(fleet, id, opts), command], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, ms: Date.now() - t0 });
    });
    p.stdin.end(opts.stdin ?? '');
  });
}
