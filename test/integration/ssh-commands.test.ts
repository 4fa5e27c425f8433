/**
 * The SSH Commander against a real OpenSSH sshd on loopback: output, stdin, exit codes, one
 * connection for many commands, timeouts, cancellation, bounded output, connection loss, closeAll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HostConfig } from '../../src/config/types.js';
import type { Commander } from '../../src/provider/commander.js';
import { MeshError } from '../../src/provider/errors.js';
import { createSshConnector, type SshConnector } from '../../src/ssh/index.js';
import { startSshd, type Sshd } from '../../src/ssh/testing/sshd.js';
import { USER_NOPW } from '../harness/paths.js';

let sshd: Sshd;
let connector: SshConnector;
const logLines: string[] = [];

// A non-root user (the harness's, made by the integration globalSetup): OpenSSH refuses signal
// requests for root sessions, and timeouts and aborts should be seen to stop the remote process.
const USER = USER_NOPW;
/** The pid of the sshd process serving this session: the nearest ancestor named sshd. */
const SESSION_SSHD =
  'p=$$; while [ "$p" -gt 1 ]; do case "$(ps -o comm= -p "$p")" in sshd*) echo "$p"; exit 0;; esac; ' +
  'p=$(ps -o ppid= -p "$p" | tr -d " "); done; exit 1';

function remoteRunning(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-u', USER, '-f', pattern], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function hostFor(s: Sshd): HostConfig {
  return { id: 'box', address: s.host, port: s.port, user: USER, identityFile: s.clientKey, tags: [], os: 'linux' };
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

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const never = new AbortController().signal;

beforeAll(async () => {
  sshd = await startSshd();
  const home = mkdtempSync(path.join(os.tmpdir(), 'ssh-cmd-home-'));
  connector = createSshConnector({
    settings: {
      knownHosts: path.join(home, '.ssh', 'known_hosts'),
      hostKeyPolicy: 'accept-new',
      connectTimeoutMs: 5000,
      commandTimeoutMs: 30_000,
    },
    env: {},
    homedir: home,
    sshConfigPath: path.join(home, '.ssh', 'config'),
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await connector?.closeAll();
  await sshd?.stop();
});

describe('run', () => {
  let box: Commander;
  beforeAll(async () => {
    box = await connector.connect(hostFor(sshd), never);
  });

  it('returns stdout, stderr and the exit code', async () => {
    const r = await box.run(['sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(r).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 7 });
    expect((await box.run(['id', '-un'])).stdout).toBe(`${USER}\n`);
  });

  it('passes argv words literally (quoted once, by renderCommand)', async () => {
    const words = ["it's", '$(id)', 'a b', '日本 ✓', ''];
    const r = await box.run(['printf', '%s|', ...words]);
    expect(r.stdout).toBe(`${words.join('|')}|`);
    await expect(box.run([])).rejects.toThrow(/empty command/);
  });

  it('delivers stdin, then EOF', async () => {
    const secret = 'tskey-auth-SECRET\nsecond line ü\n';
    const r = await box.run(['sh', '-c', 'cat; echo "<eof>"'], { stdin: secret });
    expect(r.stdout).toBe(`${secret}<eof>\n`);
    expect(logLines.some((l) => l.includes('SECRET'))).toBe(false); // stdin is never logged
    const empty = await box.run(['cat']); // no stdin: EOF at once, cat returns
    expect(empty).toMatchObject({ stdout: '', code: 0 });
  });

  it('reports a signal as 128 + n', async () => {
    const r = await box.run(['sh', '-c', 'kill -TERM $$']);
    expect(r.code).toBe(143);
  });

  it('streams live output through onData, whole characters only', async () => {
    const chunks: string[] = [];
    const r = await box.run(['sh', '-c', 'printf "日本"; sleep 0.2; printf "語\\n" >&2'], {
      onData: (c, s) => chunks.push(`${s}:${c}`),
    });
    expect(chunks.join('')).toBe('stdout:日本stderr:語\n');
    expect(r).toMatchObject({ stdout: '日本', stderr: '語\n' });
  });

  it('runs many commands over ONE connection', async () => {
    const before = sshd.accepted();
    const c = await connector.connect(hostFor(sshd), never);
    for (let i = 0; i < 20; i++) expect((await c.run(['echo', String(i)])).stdout).toBe(`${i}\n`);
    const parallel = await Promise.all([1, 2, 3, 4, 5].map((i) => c.run(['sh', '-c', `sleep 0.1; echo ${i}`])));
    expect(parallel.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
    expect(sshd.accepted() - before).toBe(1);
    await c.close();
    await c.close(); // idempotent
  });

  it('times out a command, naming only its first two words', async () => {
    const t0 = Date.now();
    const e = await rejection(box.run(['sh', '-c', 'sleep 5.25; echo "$0"', 'secret-word'], { timeoutMs: 500 }));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('ErrTimeout');
    expect(e.message).toBe('command timed out after 0.5s: sh -c');
    await until(() => !remoteRunning('sleep 5.25'), 3000); // the remote process got SIGTERM
    expect(logLines.some((l) => l.includes('secret-word'))).toBe(false);
    expect((await box.run(['echo', 'still', 'usable'])).stdout).toBe('still usable\n');
  });

  it('cancels a command on abort', async () => {
    const ac = new AbortController();
    const p = box.run(['sleep', '10.25'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    const e = await rejection(p);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('ErrCancelled');
    await until(() => !remoteRunning('sleep 10.25'), 3000);
    const pre = await rejection(box.run(['echo'], { signal: AbortSignal.abort() }));
    expect(pre.code).toBe('ErrCancelled');
  });

  it('keeps the last MiB of 10 MB of output with bounded memory', async () => {
    // Measure what is retained, not garbage awaiting collection: collect, then sample, every ~1 MB.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let seen = 0;
    const onData = (chunk: string): void => {
      seen += chunk.length;
      if (seen < 1024 * 1024) return;
      seen = 0;
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    };
    const r = await box.run(['sh', '-c', "head -c 10485760 /dev/zero | tr '\\0' x; printf END; echo tail >&2"], { onData });
    expect(r.code).toBe(0);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.stdout)).toBe(1024 * 1024);
    expect(r.stdout.endsWith('xxxEND')).toBe(true);
    expect(r.stderr).toBe('tail\n');
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(4 * 1024 * 1024); // the 1 MiB tail plus transport buffers, not 10 MB
    const small = await box.run(['sh', '-c', 'seq 1 1000'], { maxOutputBytes: 10 });
    expect(small).toMatchObject({ stdout: '\n999\n1000\n', truncated: true });
  });
});

describe('connection loss and closeAll', () => {
  it('reports a connection lost mid-command', async () => {
    const c = await connector.connect(hostFor(sshd), never);
    // Killing the sshd process serving this session drops the connection.
    const e = await rejection(c.run(['sh', '-c', `kill -9 $(${SESSION_SSHD}); sleep 1.5`]));
    expect(e.code).toBe('ErrSSH');
    expect(e.message).toBe(`ssh: connection to ${sshd.host} lost during: sh -c`);
    const after = await rejection(c.run(['true']));
    expect(after.message).toMatch(/is closed/);
    await until(() => !remoteRunning('sleep 1.5'), 4000);
  });

  it('notices a silent connection through keepalives', async () => {
    const local = createSshConnector({
      settings: { knownHosts: path.join(sshd.dir, 'kh-keepalive'), hostKeyPolicy: 'accept-new', connectTimeoutMs: 5000, commandTimeoutMs: 30_000 },
      env: {},
      keepaliveIntervalMs: 200,
    });
    const c = await local.connect(hostFor(sshd), never);
    const pid = Number((await c.run(['sh', '-c', SESSION_SSHD])).stdout.trim());
    expect(pid).toBeGreaterThan(1);
    let sleepPid = 0; // the remote sleep prints its pid first, so the test can end it by id
    const running = rejection(
      c.run(['sh', '-c', 'echo $$; exec sleep 20.25'], { onData: (d) => (sleepPid ||= Number.parseInt(d, 10)) }),
    );
    await until(() => sleepPid > 0);
    process.kill(pid, 'SIGSTOP'); // the session's sshd stops answering, the TCP connection stays up
    try {
      const t0 = Date.now();
      const e = await running;
      expect(e.message).toBe(`ssh: connection to ${sshd.host} lost during: sh -c`);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      process.kill(pid, 'SIGKILL');
      if (sleepPid > 1) process.kill(sleepPid, 'SIGKILL');
    }
  });

  it('closeAll ends every open connection and cancels running commands', async () => {
    const local = createSshConnector({
      settings: { knownHosts: path.join(sshd.dir, 'kh-closeall'), hostKeyPolicy: 'accept-new', connectTimeoutMs: 5000, commandTimeoutMs: 30_000 },
      env: {},
      homedir: mkdtempSync(path.join(os.tmpdir(), 'ssh-closeall-')),
    });
    const disconnects = (): number => sshd.log().split('\n').filter((l) => l.includes(`Disconnected from user ${USER}`)).length;
    const d0 = disconnects();
    const cs = await Promise.all([1, 2, 3].map(() => local.connect(hostFor(sshd), never)));
    const running = rejection(cs[0]!.run(['sleep', '30.25']));
    await new Promise((r) => setTimeout(r, 200));
    await local.closeAll();
    const e = await running;
    expect(e.code).toBe('ErrCancelled');
    for (const c of cs) expect((await rejection(c.run(['true']))).code).toBe('ErrSSH');
    await until(() => disconnects() - d0 >= 3);
    await until(() => !remoteRunning('sleep 30.25'), 3000);
  });
});
