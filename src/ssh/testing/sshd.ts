/**
 * Test kit (not used by the app): a real OpenSSH sshd on 127.0.0.1 for the SSH integration tests.
 * Keys are made with ssh-keygen in a temp dir; sshd runs `-D -e` with LogLevel VERBOSE so tests can
 * count connections ("Accepted publickey" lines). Needs root and /usr/sbin/sshd.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** The host public key line: `ssh-ed25519 AAAA… comment`. */
  hostKeyPub: string;
  /** A client private key authorised for every user. */
  clientKey: string;
  /** sshd's stderr so far. */
  log(): string;
  /** How many sessions authenticated so far. */
  accepted(): number;
  stop(): Promise<void>;
}

export function keygen(file: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', path.basename(file), '-f', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function assertSshdAvailable(): void {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing: the SSH integration tests need OpenSSH (apt-get install -y openssh-server)`);
  }
}

export async function startSshd(
  opts: { hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa'; extraConfig?: string[] } = {},
): Promise<Sshd> {
  assertSshdAvailable();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtui-sshd-'));
  const hostKeyPub = keygen(path.join(dir, 'host_key'), opts.hostKeyType ?? 'ed25519');
  const clientKeyPub = keygen(path.join(dir, 'client_key'));
  // sshd reads authorized_keys as the logging-in user, so non-root test users need to reach it.
  chmodSync(dir, 0o711);
  writeFileSync(path.join(dir, 'authorized_keys'), `${clientKeyPub}\n`, { mode: 0o644 });
  const port = await freePort();
  const cfg = path.join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      // sshd takes the first value it reads for an option, so extra lines override the defaults below.
      ...(opts.extraConfig ?? []),
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${path.join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'MaxStartups 100',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10s:\n${stderr}`)), 10_000);
    const check = (): void => {
      if (stderr.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        proc.stderr?.off('data', check);
        resolve();
      }
    };
    proc.stderr?.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    host: '127.0.0.1',
    port,
    dir,
    hostKeyPub,
    clientKey: path.join(dir, 'client_key'),
    log: () => stderr,
    accepted: () => stderr.split('\n').filter((l) => l.includes('Accepted publickey')).length,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
