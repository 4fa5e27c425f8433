/** Self-test of the integration harness: real sshd + real sudo in front of the tailscale simulator. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { NODE_WRAPPERS, SUDO_PASSWORD, TEST_AUTH_KEY } from '../harness/paths.js';
import { installCommand, joinCommand } from '../harness/scripts.js';
import { ssh } from '../harness/ssh.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
});
afterAll(async () => {
  await fleet?.stop();
});

const calls = (id: string, cmd = 'tailscale') => fleet.argvLog(id).filter((e) => e.cmd === cmd);

describe('harness fleet', () => {
  it('serves `tailscale version` and `status --json` in the real formats', async () => {
    const v = await ssh(fleet, 'joined', 'tailscale version');
    expect(v.code).toBe(0);
    expect(v.stdout.split('\n')[0]).toBe('1.102.3');
    const s = await ssh(fleet, 'joined', 'tailscale status --json');
    expect(s.code).toBe(0);
    expect(s.stdout.endsWith('}')).toBe(true);
    const st = JSON.parse(s.stdout);
    expect(st).toMatchObject({ BackendState: 'Running', CurrentTailnet: { MagicDNSSuffix: 'example.ts.net' } });
    expect(st.Self.Tags).toEqual(['tag:meshtui']);
    expect(st.Self.DNSName).toBe('joined.example.ts.net.');
    expect((await ssh(fleet, 'old', 'tailscale version')).stdout.split('\n')[0]).toBe('1.70.0');
    const other = JSON.parse((await ssh(fleet, 'other', 'tailscale status --json')).stdout);
    expect(other.CurrentTailnet.Name).toBe('othercorp.com');
  });

  it('passes stdin, stdout, stderr and the exit code through', async () => {
    const r = await ssh(fleet, 'joined', 'cat; echo oops >&2; exit 7', { stdin: 'hello\n' });
    expect(r).toMatchObject({ stdout: 'hello\n', stderr: 'oops\n', code: 7 });
  });

  it('answers os-release and uname as each host', async () => {
    const probe = "sh -c 'uname -s; cat /etc/os-release 2>/dev/null'";
    expect((await ssh(fleet, 'alpine', probe)).stdout).toMatch(/^Linux\nNAME="Alpine Linux"\nID=alpine\n/);
    expect((await ssh(fleet, 'ubuntu', probe)).stdout).toContain('\nID=ubuntu\n');
    const mac = await ssh(fleet, 'macos', 'uname -s; uname -sr; cat /etc/os-release');
    expect(mac).toMatchObject({ stdout: 'Darwin\nDarwin 24.3.0\n', stderr: 'cat: /etc/os-release: No such file or directory\n', code: 1 });
    expect((await ssh(fleet, 'fresh', 'uname -a')).stdout).toMatch(/^Linux fresh 6\.1\.0-31-amd64 .* x86_64 GNU\/Linux\n$/);
    expect((await ssh(fleet, 'fresh', 'cat /etc/hostname /etc/os-release | tail -1')).stdout).toBe('BUG_REPORT_URL="https://bugs.debian.org/"\n');
  });

  it('refuses a non-root `tailscale up` with Access denied', async () => {
    const r = await ssh(fleet, 'badkey', 'tailscale up --auth-key=file:/nonexistent --hostname=badkey');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Access denied: checkprefs access denied\n\nUse 'sudo tailscale up --auth-key=file:/nonexistent --hostname=badkey'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n",
    );
    expect(calls('badkey').at(-1)).toMatchObject({ argv: ['up', '--auth-key=file:/nonexistent', '--hostname=badkey'], uid: 1001 });
  });

  it('installs with curl + the fake installer under sudo, then joins with the key on stdin', async () => {
    const missing = await ssh(fleet, 'fresh', 'tailscale version');
    expect(missing).toMatchObject({ code: 127, stderr: 'sh: 1: tailscale: not found\n' });
    expect((await ssh(fleet, 'fresh', 'command -v tailscale')).code).not.toBe(0);
    expect((await ssh(fleet, 'fresh', 'sudo -n tailscale version')).stderr).toBe('sudo: tailscale: command not found\n');

    const inst = await ssh(fleet, 'fresh', installCommand());
    expect(inst.code).toBe(0);
    expect(inst.stdout).toMatch(/^Installing Tailscale for debian bookworm, using method apt\n/);
    expect(inst.stdout).toMatch(/Installation complete! Log in to start using Tailscale by running:\n\ntailscale up\n$/);
    expect(inst.stderr).toContain('+ apt-get install -y tailscale tailscale-archive-keyring\n');
    expect(calls('fresh', 'curl').at(-1)?.argv.slice(0, 2)).toEqual(['-fsSL', 'https://tailscale.com/install.sh']);
    expect((await ssh(fleet, 'fresh', 'command -v tailscale')).code).toBe(0);
    expect(fleet.state('fresh')).toMatchObject({ installed: true, daemonRunning: true, backendState: 'NeedsLogin' });

    const flags = ['--timeout=60s', '--hostname=fresh', '--advertise-tags=tag:meshtui,tag:meshtui-app'];
    const join = await ssh(fleet, 'fresh', joinCommand(flags), { stdin: `${TEST_AUTH_KEY}\n` });
    expect(join).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const up = calls('fresh').find((e) => e.argv[0] === 'up')!;
    expect(up).toMatchObject({ uid: 0, sudo: true });
    expect(up.argv[1]).toMatch(/^--auth-key=file:\/tmp\/meshtui-key\.[A-Za-z0-9]{8}$/);
    expect(readFileSync(`${fleet.host('fresh').hostDir}/argv.log`, 'utf8')).not.toContain(TEST_AUTH_KEY);
    expect((await ssh(fleet, 'fresh', 'ls /tmp | grep -c meshtui-key || true')).stdout).toBe('0\n');
    const st = JSON.parse((await ssh(fleet, 'fresh', 'tailscale status --json')).stdout);
    expect(st).toMatchObject({ BackendState: 'Running', CurrentTailnet: { Name: 'example.com' } });
    expect(st.Self.Tags).toEqual(['tag:meshtui', 'tag:meshtui-app']);
  });

  it('runs real sudo: mt-pw needs the password (sudo -S reads it as stdin line 2)', async () => {
    const n = await ssh(fleet, 'sudopw', 'sudo -n true');
    expect(n.code).toBe(1);
    expect(n.stderr).toBe('sudo: a password is required\n');
    const flags = ['--hostname=sudopw', '--advertise-tags=tag:meshtui'];
    const join = await ssh(fleet, 'sudopw', joinCommand(flags, { sudoPassword: true }), { stdin: `${TEST_AUTH_KEY}\n${SUDO_PASSWORD}\n` });
    expect(join).toMatchObject({ code: 0, stderr: '' });
    expect(fleet.state('sudopw').backendState).toBe('Running');
    const wrong = await ssh(fleet, 'sudopw', joinCommand(flags, { sudoPassword: true }), { stdin: `${TEST_AUTH_KEY}\nnope\n` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Sorry, try again\.|incorrect password/);
  });

  it('gives the control plane errors for bad keys and refused tags', async () => {
    const bad = await ssh(fleet, 'badkey', joinCommand(['--hostname=badkey']), { stdin: `${TEST_AUTH_KEY}\n` });
    expect([bad.code, bad.stderr]).toEqual([1, 'backend error: invalid key: API key does not exist\n']);
    const denied = await ssh(fleet, 'denied', joinCommand(['--advertise-tags=tag:meshtui']), { stdin: `${TEST_AUTH_KEY}\n` });
    expect([denied.code, denied.stderr]).toEqual([1, 'backend error: requested tags [tag:meshtui] are invalid or not permitted\n']);
  });

  it('needs `sudo systemctl start tailscaled` when the daemon is down', async () => {
    fleet.setState('denied', { daemonRunning: false });
    const down = await ssh(fleet, 'denied', 'tailscale status --json');
    expect([down.code, down.stderr]).toEqual([1, "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n"]);
    expect((await ssh(fleet, 'denied', 'systemctl start tailscaled')).code).toBe(1);
    expect((await ssh(fleet, 'denied', 'sudo -n systemctl start tailscaled')).code).toBe(0);
    expect((await ssh(fleet, 'denied', 'tailscale status --json')).code).toBe(0);
  });

  it('times out a hanging `up` at --timeout', async () => {
    fleet.setState('old', { upBehaviour: 'hang' });
    const r = await ssh(fleet, 'old', joinCommand(['--timeout=1s']), { stdin: `${TEST_AUTH_KEY}\n` });
    expect(r.stderr).toBe('timeout waiting for Tailscale service to enter a Running state; check health with "tailscale status"\n');
    expect(r.ms).toBeGreaterThanOrEqual(1000);
  });

  it('refuses the installer on an OS it does not know', async () => {
    fleet.setState('unknownkey', { osRelease: 'ID=plan9\n' });
    // unknownkey is not in known_hosts: talk to it without host key checking for this one.
    const { spawnSync } = await import('node:child_process');
    const h = fleet.host('unknownkey');
    const r = spawnSync('ssh', ['-F', '/dev/null', '-i', fleet.identityFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-p', String(h.port), `${h.user}@127.0.0.1`, installCommand()], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Couldn't determine what kind of Linux is running\.\n/);
    expect(r.stdout).toMatch(/\nOS=other-linux\n.*\nID=plan9\n$/s);
  });

  it('refuses a closed port and times out a silent one', async () => {
    const closed = await ssh(fleet, 'closed', 'true');
    expect(closed.code).toBe(255);
    expect(closed.stderr).toMatch(/Connection refused/);
    const silent = await ssh(fleet, 'silent', 'true', { connectTimeout: 2 });
    expect(silent.code).toBe(255);
    expect(silent.stderr).toMatch(/timed out/i);
    expect(silent.ms).toBeGreaterThanOrEqual(1900);
    expect(silent.ms).toBeLessThan(10_000);
  });

  it('checks host keys: hashed entries match, a changed key and an unknown host are refused', async () => {
    const kh = readFileSync(fleet.knownHostsPath, 'utf8');
    expect(kh).toMatch(/^\|1\|/m);
    expect(kh).toContain(`[127.0.0.1]:${fleet.host('fresh').port} ssh-ed25519 `);
    expect((await ssh(fleet, 'ubuntu', 'true')).code).toBe(0);
    const changed = await ssh(fleet, 'changedkey', 'true');
    expect(changed.code).toBe(255);
    expect(changed.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    const unknown = await ssh(fleet, 'unknownkey', 'true');
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toMatch(/Host key verification failed/);
  });

  it('logs every call and every connection', async () => {
    const before = fleet.connections('joined');
    await ssh(fleet, 'joined', 'tailscale version');
    await ssh(fleet, 'joined', 'true');
    expect(fleet.connections('joined')).toBe(before + 2);
    const last = calls('joined').at(-1)!;
    expect(last).toMatchObject({ cmd: 'tailscale', argv: ['version'], uid: 1001, sudo: false });
    expect(last.ppid).toBeGreaterThan(1);
    expect(fleet.argvLog('joined').some((e) => e.argv[0] === 'up')).toBe(false);
  });

  it('writes meshtui.yml and the env file', () => {
    const cfg = parse(readFileSync(fleet.configPath, 'utf8'));
    const tsc = cfg.network.providers.tailscale;
    expect(tsc).toMatchObject({ auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'example.ts.net', default_tags: ['tag:meshtui'] });
    expect(cfg.ssh).toMatchObject({ known_hosts: fleet.knownHostsPath, connect_timeout: '2s' });
    expect(cfg.hosts.map((h: { id: string }) => h.id)).toEqual(fleet.hosts.map((h) => h.id));
    expect(cfg.hosts.find((h: { id: string }) => h.id === 'sudopw')).toMatchObject({ user: 'mt-pw', port: fleet.host('sudopw').port, identity_file: fleet.identityFile });
    expect(readFileSync(fleet.envPath, 'utf8')).toBe(`TS_AUTHKEY=${TEST_AUTH_KEY}\n`);
  });

  it('answers through the fleet\'s simulator server, and the same through Node when none answers', async () => {
    // The bin wrappers are bash clients of one simulator server per fleet (remote/server.ts); the
    // Node wrappers they fall back to must give the same stdout, stderr and exit code.
    const node = `${NODE_WRAPPERS}/tailscale`;
    const cases: [string, string, string][] = [
      ['joined', 'tailscale version', `${node} version`],
      ['badkey', 'tailscale up --auth-key=file:/nonexistent --hostname=x', `${node} up --auth-key=file:/nonexistent --hostname=x`],
      ['joined', 'sudo -n tailscale ip -4', `sudo -n ${node} ip -4`],
      ['fresh', "curl -fsSL https://example.com/x; echo \"rc=$?\"", `${NODE_WRAPPERS}/curl -fsSL https://example.com/x; echo "rc=$?"`],
    ];
    for (const [id, viaServer, viaNode] of cases) {
      const before = fleet.argvLog(id).length;
      const a = await ssh(fleet, id, viaServer);
      const served = fleet.argvLog(id).slice(before);
      const b = await ssh(fleet, id, viaNode);
      const fallback = fleet.argvLog(id).slice(before + served.length);
      expect({ ...a, ms: 0 }, viaServer).toEqual({ ...b, ms: 0 });
      expect(served.map((e) => e.via)).toEqual(['server']);
      expect(fallback.map((e) => e.via)).toEqual(['node']);
      expect(served.map(({ uid, sudo, argv }) => ({ uid, sudo, argv }))).toEqual(fallback.map(({ uid, sudo, argv }) => ({ uid, sudo, argv })));
    }
    // status --json carries the time of the call (peer LastSeen): same document otherwise.
    const strip = (t: string) => t.replace(/"\d{4}-\d\d-\d\dT[^"]*"/g, '"T"');
    const s1 = await ssh(fleet, 'joined', 'tailscale status --json');
    const s2 = await ssh(fleet, 'joined', `${node} status --json`);
    expect(strip(s1.stdout)).toBe(strip(s2.stdout));
    expect(s1.stdout.length).toBeGreaterThan(500);
  });
});

describe('generated fleet', () => {
  it('starts N identical hosts with the given delays', async () => {
    const f = await startFleet({ count: 3, delays: { perCommandMs: 300, installMs: 100, upMs: 100 } });
    try {
      expect(f.hosts.map((h) => h.id)).toEqual(['node-01', 'node-02', 'node-03']);
      const r = await ssh(f, 'node-02', 'a=$(date +%s%N); curl -fsSL https://tailscale.com/install.sh -o /dev/null; b=$(date +%s%N); echo $(( (b - a) / 1000000 ))');
      expect(Number(r.stdout.trim())).toBeGreaterThanOrEqual(300);
      expect(f.state('node-03').delays).toEqual({ perCommandMs: 300, installMs: 100, upMs: 100 });
      expect(parse(readFileSync(f.configPath, 'utf8')).hosts).toHaveLength(3);
    } finally {
      await f.stop();
    }
  });
});
