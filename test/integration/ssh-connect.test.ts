/**
 * Connecting with the SSH connector against a real OpenSSH sshd on loopback: host-key policies,
 * hashed known_hosts, refused / silent / unresolvable targets, cancellation, ~/.ssh/config aliases,
 * and authentication failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { HostConfig, SshSettings } from '../../src/config/types.js';
import { MeshError } from '../../src/provider/errors.js';
import { createSshConnector, type SshConnectorOptions } from '../../src/ssh/index.js';
import { fingerprint, hashKnownHostsName } from '../../src/ssh/knownHosts.js';
import { freePort, keygen, startSshd, type Sshd } from '../../src/ssh/testing/sshd.js';

let sshd: Sshd;
const never = new AbortController().signal;

function hostFor(s: Sshd, over: Partial<HostConfig> = {}): HostConfig {
  return { id: 'box', address: s.host, port: s.port, user: 'root', identityFile: s.clientKey, tags: [], os: 'linux', ...over };
}

function setup(over: Partial<SshSettings> = {}, extra: Partial<SshConnectorOptions> = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ssh-conn-home-'));
  mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const knownHosts = path.join(home, '.ssh', 'known_hosts');
  const settings: SshSettings = { knownHosts, hostKeyPolicy: 'ask', connectTimeoutMs: 5000, commandTimeoutMs: 30_000, ...over };
  const connector = createSshConnector({ settings, env: {}, homedir: home, sshConfigPath: path.join(home, '.ssh', 'config'), ...extra });
  return { home, knownHosts, connector };
}

async function rejection(p: Promise<unknown>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    return e as MeshError;
  }
  throw new Error('expected the promise to reject');
}

const hostBlob = (): Buffer => Buffer.from(sshd.hostKeyPub.split(' ')[1] ?? '', 'base64');

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

describe('host keys', () => {
  it('refuses an unknown key headless under ask, with the fingerprint and the fix', async () => {
    const { connector, knownHosts } = setup({ hostKeyPolicy: 'ask' });
    const e = await rejection(connector.connect(hostFor(sshd), never));
    expect(e.code).toBe('ErrHostKey');
    expect(e.message).toBe(
      `unknown host key for 127.0.0.1 (${fingerprint(hostBlob())}); verify it, then accept it with: ` +
        `ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ${knownHosts}, or set ssh.host_key_policy: accept-new`,
    );
    expect(e.detail).toMatchObject({ fingerprint: fingerprint(hostBlob()), host: 'box' });
  });

  it('asks when a prompt is given, and the answer decides', async () => {
    const questions: unknown[] = [];
    const { connector } = setup({ hostKeyPolicy: 'ask' }, { askHostKey: async (q) => (questions.push(q), true) });
    const c = await connector.connect(hostFor(sshd), never);
    expect(questions).toEqual([{ host: 'box', address: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprint: fingerprint(hostBlob()) }]);
    await connector.connect(hostFor(sshd), never); // now known: not asked again
    expect(questions).toHaveLength(1);
    await c.close();
    await connector.closeAll();
  });

  it('does not let the connect timeout run while a person decides', async () => {
    const ask = (): Promise<boolean> => new Promise((r) => setTimeout(() => r(true), 1500));
    const { connector } = setup({ hostKeyPolicy: 'ask', connectTimeoutMs: 1000 }, { askHostKey: ask });
    const c = await connector.connect(hostFor(sshd), never);
    expect((await c.run(['echo', 'ok'])).stdout).toBe('ok\n');
    await connector.closeAll();
  });

  it('strict refuses an unknown key', async () => {
    const { connector } = setup({ hostKeyPolicy: 'strict' });
    const e = await rejection(connector.connect(hostFor(sshd), never));
    expect(e.code).toBe('ErrHostKey');
    expect(e.message).toMatch(/^unknown host key for 127\.0\.0\.1 .*strict/);
  });

  it('accept-new appends [host]:port and the next connect verifies against it', async () => {
    const { connector, knownHosts } = setup({ hostKeyPolicy: 'accept-new' });
    const c = await connector.connect(hostFor(sshd), never);
    const line = `[127.0.0.1]:${sshd.port} ssh-ed25519 ${hostBlob().toString('base64')}`;
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${line}\n`);
    const strict = createSshConnector({
      settings: { knownHosts, hostKeyPolicy: 'strict', connectTimeoutMs: 5000, commandTimeoutMs: 30_000 },
      env: {},
    });
    const again = await strict.connect(hostFor(sshd), never);
    expect((await again.run(['true'])).code).toBe(0);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${line}\n`);
    await Promise.all([connector.closeAll(), strict.closeAll()]);
    await c.close();
  });

  it('refuses a changed key under accept-new, naming both fingerprints', async () => {
    const { connector, knownHosts, home } = setup({ hostKeyPolicy: 'accept-new' });
    const oldPub = keygen(path.join(home, 'old_host_key'));
    const oldBlob = Buffer.from(oldPub.split(' ')[1] ?? '', 'base64');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${oldPub}\n`);
    const accepted = sshd.accepted();
    const e = await rejection(connector.connect(hostFor(sshd), never));
    expect(e.code).toBe('ErrHostKey');
    expect(e.message).toBe(
      `host key for 127.0.0.1 has changed: known ${fingerprint(oldBlob)}, offered ${fingerprint(hostBlob())} ` +
        `(remove the old entry with: ssh-keygen -R "[127.0.0.1]:${sshd.port}" -f ${knownHosts})`,
    );
    expect(e.detail).toMatchObject({ known: fingerprint(oldBlob), offered: fingerprint(hostBlob()) });
    expect(sshd.accepted()).toBe(accepted); // refused before authenticating
    expect(readFileSync(knownHosts, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('accepts hashed entries, from us and from ssh-keygen -H', async () => {
    const { connector, knownHosts } = setup({ hostKeyPolicy: 'strict' });
    const [type, b64] = sshd.hostKeyPub.split(' ');
    writeFileSync(knownHosts, `${hashKnownHostsName(`[127.0.0.1]:${sshd.port}`)} ${type} ${b64}\n`);
    await (await connector.connect(hostFor(sshd), never)).close();
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${type} ${b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' });
    expect(readFileSync(knownHosts, 'utf8')).toMatch(/^\|1\|/);
    await (await connector.connect(hostFor(sshd), never)).close();
  });
});

describe('unreachable targets', () => {
  it('nothing listening: connection refused', async () => {
    const port = await freePort();
    const { connector } = setup({ hostKeyPolicy: 'accept-new' });
    const e = await rejection(connector.connect(hostFor(sshd, { port }), never));
    expect(e.code).toBe('ErrSSH');
    expect(e.message).toBe(`ssh: cannot connect to 127.0.0.1:${port}: connection refused`);
  });

  it('a port that accepts and never speaks times out within connect_timeout', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { connector } = setup({ hostKeyPolicy: 'accept-new', connectTimeoutMs: 1000 });
      const t0 = Date.now();
      const e = await rejection(connector.connect(hostFor(sshd, { port }), never));
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(2500);
      expect(e.code).toBe('ErrTimeout');
      expect(e.message).toBe(`ssh: 127.0.0.1:${port} accepted the connection but did not answer within 1s`);

      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const slow = setup({ hostKeyPolicy: 'accept-new', connectTimeoutMs: 10_000 });
      const t1 = Date.now();
      const cancelled = await rejection(slow.connector.connect(hostFor(sshd, { port }), ac.signal));
      expect(cancelled.code).toBe('ErrCancelled');
      expect(Date.now() - t1).toBeLessThan(2000);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('a connect aborted before it starts is cancelled without touching the network', async () => {
    const { connector } = setup({ hostKeyPolicy: 'accept-new' });
    const accepted = sshd.accepted();
    const e = await rejection(connector.connect(hostFor(sshd), AbortSignal.abort()));
    expect(e.code).toBe('ErrCancelled');
    expect(sshd.accepted()).toBe(accepted);
  });

  it('an unresolvable name is named', async () => {
    const { connector } = setup({ hostKeyPolicy: 'accept-new' });
    const e = await rejection(connector.connect(hostFor(sshd, { address: 'no-such-host.invalid' }), never));
    expect(e.code).toBe('ErrSSH');
    expect(e.message).toMatch(/^ssh: cannot resolve host name no-such-host\.invalid/);
  });
});

describe('~/.ssh/config and authentication', () => {
  it('resolves a Host alias with HostName, Port, User and IdentityFile', async () => {
    const { connector, home } = setup({ hostKeyPolicy: 'accept-new' });
    writeFileSync(
      path.join(home, '.ssh', 'config'),
      `Host web-*\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${sshd.clientKey}\n` +
        `Host *\n  User nobody-here\n  Port 1\n`,
    );
    const host: HostConfig = { id: 'web-1', address: 'web-1', tags: [], os: 'linux' };
    expect(await connector.resolve(host)).toMatchObject({ hostname: '127.0.0.1', port: sshd.port, user: 'root' });
    const c = await connector.connect(host, never);
    expect((await c.run(['id', '-un'])).stdout).toBe('root\n');
    await connector.closeAll();
  });

  it('authenticates through ssh-agent when SSH_AUTH_SOCK is set', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-'));
    const sock = path.join(dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', sock, '-s'], { encoding: 'utf8' });
    const pid = /SSH_AGENT_PID=(\d+)/.exec(out)?.[1];
    try {
      execFileSync('ssh-add', [sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const { connector, home } = setup({ hostKeyPolicy: 'accept-new' }, { env: { SSH_AUTH_SOCK: sock } });
      const c = await connector.connect(hostFor(sshd, { identityFile: path.join(home, 'absent') }), never);
      expect((await c.run(['echo', 'via-agent'])).stdout).toBe('via-agent\n');
      await connector.closeAll();
    } finally {
      if (pid) process.kill(Number(pid), 'SIGTERM');
    }
  });

  it('fails authentication with what was tried, and names a passphrase-protected key', async () => {
    const { connector, home } = setup({ hostKeyPolicy: 'accept-new' });
    keygen(path.join(home, '.ssh', 'id_ed25519'));
    keygen(path.join(home, '.ssh', 'id_rsa'), 'rsa', 'correct horse');
    const e = await rejection(connector.connect(hostFor(sshd, { identityFile: undefined }), never));
    expect(e.code).toBe('ErrSSH');
    expect(e.message).toBe(
      `ssh: authentication failed for root@127.0.0.1:${sshd.port} (tried: ~/.ssh/id_ed25519); ` +
        '~/.ssh/id_rsa is passphrase-protected and not in ssh-agent: add it with: ssh-add ~/.ssh/id_rsa',
    );
  });
});
