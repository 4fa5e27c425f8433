/**
 * What a failed SSH connection attempt means, pure: the socket / ssh2 error (or the connect deadline)
 * and the phase it happened in → a MeshError with a cause id from the diagnosis catalogue
 * (src/provider/catalogue-host.ts) and a remedy the operator can act on. connect.ts calls these.
 */
import { MeshError } from '../provider/errors.js';
import type { SshTarget } from './target.js';

/** How far the attempt got: TCP connect, waiting for the banner, key exchange, authentication. */
export type ConnectPhase = 'tcp' | 'banner' | 'handshake' | 'auth';

/** The facts an error names: `where` = host:port, `after` = the connect timeout as people read it. */
export interface ConnectWhere {
  target: Pick<SshTarget, 'hostname' | 'port' | 'alias' | 'user'>;
  after: string;
}

/** A socket or ssh2 error as it reaches the client's 'error' listener. */
export interface ConnectErrorLike {
  message: string;
  code?: string;
  level?: string;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'connection closed by peer',
  EADDRNOTAVAIL: 'address not available',
};
const DNS_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

const at = (w: ConnectWhere) => `${w.target.hostname}:${w.target.port}`;
const sshV = (w: ConnectWhere) => `ssh -v -p ${w.target.port} ${w.target.user}@${w.target.hostname}`;

function timedOut(w: ConnectWhere, message: string): MeshError {
  return new MeshError('ErrTimeout', message, {
    cause: 'ssh-timeout',
    remedy: `check that ${w.target.hostname} is up and that a firewall lets TCP ${w.target.port} through (try: ${sshV(w)}); raise ssh.connect_timeout for slow links`,
  });
}

function silent(w: ConnectWhere, message: string): MeshError {
  return new MeshError('ErrTimeout', message, {
    cause: 'ssh-silent',
    remedy: `something on port ${w.target.port} accepted the connection but did not finish SSH in time: check it is sshd (try: ${sshV(w)}), or raise ssh.connect_timeout`,
  });
}

/** The connect deadline expired in `phase`. */
export function connectTimeout(phase: ConnectPhase, w: ConnectWhere): MeshError {
  const where = at(w);
  switch (phase) {
    case 'tcp':
      return timedOut(w, `ssh: cannot connect to ${where}: no answer within ${w.after}`);
    case 'banner':
      return silent(w, `ssh: ${where} accepted the connection but did not answer within ${w.after}`);
    case 'handshake':
      return silent(w, `ssh: ${where} did not complete the SSH handshake within ${w.after}`);
    case 'auth':
      return silent(w, `ssh: ${where} did not complete authentication within ${w.after}`);
  }
}

/** A socket or ssh2 error (other than authentication and agent notes, which connect.ts handles). */
export function connectFailure(e: ConnectErrorLike, phase: ConnectPhase, w: ConnectWhere): MeshError {
  const where = at(w);
  const { hostname, port, alias } = w.target;
  if (e.level === 'client-timeout') return timedOut(w, `ssh: connection to ${where} timed out (${e.message})`);
  if (e.code && DNS_ERRORS.has(e.code)) {
    const from = alias !== hostname ? ` (HostName of ${alias} in ~/.ssh/config)` : '';
    return new MeshError('ErrSSH', `ssh: cannot resolve host name ${hostname}${from}: ${e.code}`, {
      cause: 'ssh-dns',
      remedy: `fix the name (the host's address: in the config, or HostName in ~/.ssh/config), or use its IP address`,
    });
  }
  if (e.code === 'ETIMEDOUT') return timedOut(w, `ssh: cannot connect to ${where}: connection timed out`);
  if (e.code && phase === 'tcp') {
    const msg = `ssh: cannot connect to ${where}: ${SOCKET_ERRORS[e.code] ?? e.message}`;
    if (e.code === 'ECONNREFUSED') {
      return new MeshError('ErrSSH', msg, {
        cause: 'ssh-refused',
        remedy: `nothing listens on ${where}: start sshd on ${hostname} (sudo systemctl start ssh), or fix the host's port:`,
      });
    }
    return new MeshError('ErrSSH', msg, {
      cause: 'ssh-unreachable',
      remedy: `${hostname} cannot be reached from here: check the address, the route or VPN, and that the machine is up`,
    });
  }
  if (phase === 'banner' || /identification|Bad packet|header/i.test(e.message)) {
    return new MeshError('ErrSSH', `ssh: ${where} closed the connection or does not speak SSH (${e.message})`, {
      cause: 'ssh-not-ssh',
      remedy: `check that port ${port} on ${hostname} is sshd and that it accepts this client (MaxStartups, fail2ban, AllowUsers): ${sshV(w)}`,
    });
  }
  const reason = e.code ? (SOCKET_ERRORS[e.code] ?? e.message) : e.message;
  return new MeshError('ErrSSH', `ssh: handshake with ${where} failed: ${reason}`, {
    cause: 'ssh-handshake',
    remedy: `see why with: ${sshV(w)} (an old sshd may offer only algorithms that are no longer accepted)`,
  });
}

/** The server closed the connection before the handshake finished. */
export function closedDuringHandshake(w: ConnectWhere): MeshError {
  return new MeshError('ErrSSH', `ssh: ${at(w)} closed the connection during the SSH handshake`, {
    cause: 'ssh-not-ssh',
    remedy: `check that port ${w.target.port} on ${w.target.hostname} is sshd and that it accepts this client (MaxStartups, fail2ban, AllowUsers): ${sshV(w)}`,
  });
}

export function connectCancelled(where: string): MeshError {
  return new MeshError('ErrCancelled', `ssh: connecting to ${where} was cancelled`, { cause: 'cancelled', remedy: 're-run when ready' });
}
