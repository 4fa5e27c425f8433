/** One OpenSSH sshd per simulated host on 127.0.0.1, plus the closed and silent ports. */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SIM_BIN, USER_NOPW, USER_PW } from './paths.js';

const exec = promisify(execFile);

/** A fresh ed25519 key pair at `path` (+ .pub); returns the public key line. */
export async function keygen(path: string, comment: string): Promise<string> {
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface SshdOptions {
  id: string;
  /** Directory for config, pid file and log. */
  dir: string;
  hostKey: string;
  authorizedKeys: string;
  hostDir: string;
  /** The ForceCommand shim in SIM_BIN: sim-shell (POSIX, default) or win-shell (a Windows host). */
  shell?: 'sim-shell' | 'win-shell';
}

export interface Sshd {
  port: number;
  logPath: string;
  stop(): Promise<void>;
}

function config(o: SshdOptions, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKey}`,
    `PidFile ${join(o.dir, `${o.id}.pid`)}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    `AllowUsers ${USER_NOPW} ${USER_PW}`,
    `ForceCommand ${SIM_BIN}/${o.shell ?? 'sim-shell'} ${o.hostDir}`,
    'LogLevel VERBOSE',
    'MaxSessions 50',
    'MaxStartups 200',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'UseDNS no',
    '',
  ].join('\n');
}

/** Resolves once the port answers with an SSH banner. */
function waitForBanner(port: number, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (proc.exitCode !== null) return reject(new Error(`sshd exited with ${proc.exitCode}`));
      if (Date.now() > deadline) return reject(new Error(`sshd on port ${port} did not answer`));
      const sock = connect(port, '127.0.0.1');
      sock.setTimeout(1000);
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString();
        if (buf.startsWith('SSH-2.0-')) {
          sock.destroy();
          resolve();
        }
      });
      const retry = () => {
        sock.destroy();
        setTimeout(attempt, 25);
      };
      sock.on('error', retry);
      sock.on('timeout', retry);
    };
    attempt();
  });
}

async function tryStart(o: SshdOptions, port: number): Promise<Sshd> {
  const cfg = join(o.dir, `${o.id}.conf`);
  const logPath = join(o.dir, `${o.id}.log`);
  writeFileSync(cfg, config(o, port));
  const log = openSync(logPath, 'a');
  const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', cfg], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    await waitForBanner(port, proc, 10_000);
  } catch (e) {
    proc.kill('SIGKILL');
    await exited;
    throw new Error(`${(e as Error).message}: ${readFileSync(logPath, 'utf8').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return {
    port,
    logPath,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Starts sshd on a free port (retrying if another process takes the port first). */
export async function startSshd(o: SshdOptions): Promise<Sshd> {
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      return await tryStart(o, await freePort());
    } catch (e) {
      last = e;
    }
  }
  throw new Error(`could not start sshd for ${o.id}: ${(last as Error).message}`);
}

/** A port that accepts TCP connections and never says anything (no SSH banner). */
export async function startSilent(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    port,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
