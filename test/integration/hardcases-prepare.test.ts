/**
 * `meshtui prepare` on the host whose SSH user (mt-pw) needs a sudo password: the password goes in
 * once on stdin, /etc/sudoers.d/meshtui appears (checked by visudo, 0440), and then `provision`
 * succeeds with `sudo -n` and no password. `--undo` takes it away again. Real sshd, real sudo.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, CLI, cliEnv, provisionAll } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { SUDO_PASSWORD, TS_BIN, USER_PW } from '../harness/paths.js';

const SUDOERS = '/etc/sudoers.d/meshtui';

function prepare(fleet: Fleet, args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, 'prepare', ...args, '--config', fleet.configPath], { cwd: fleet.dir, env: cliEnv({ fleet }), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code) => (clearTimeout(t), resolve({ code, stdout, stderr })));
    p.stdin.end(stdin);
  });
}

let fleet: Fleet;
beforeAll(async () => {
  rmSync(SUDOERS, { force: true });
  fleet = await startFleet({ hosts: ['sudopw'] });
});
afterAll(async () => {
  rmSync(SUDOERS, { force: true });
  await fleet?.stop();
});

describe('meshtui prepare on the sudo-password host', () => {
  it('without prepare: provision needs the password', async () => {
    const r = await provisionAll(fleet);
    expect(byHost(r).sudopw).toMatchObject({ status: 'needs-action', error: { code: 'ErrSudoPassword' } });
  });

  it('a wrong password changes nothing', async () => {
    const r = await prepare(fleet, ['sudopw'], 'not-the-password\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/prepare: sudo on sudopw rejected the password; nothing was changed/);
    expect(existsSync(SUDOERS)).toBe(false);
  });

  it('installs the sudoers rule with the password read once from stdin, and says sudo -n now works', async () => {
    const r = await prepare(fleet, ['sudopw'], `${SUDO_PASSWORD}\n`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`sudopw: installed ${SUDOERS}: ${USER_PW} may run ${TS_BIN}/tailscale up and the rest without a password\n`);
    expect(r.code).toBe(0);
    expect(statSync(SUDOERS).mode & 0o777).toBe(0o440);
    const text = readFileSync(SUDOERS, 'utf8');
    expect(text).toContain(`Cmnd_Alias MESHTUI_TAILSCALE = ${TS_BIN}/tailscale up *, `);
    expect(text).toContain(`${USER_PW} ALL=(root) NOPASSWD: MESHTUI_TAILSCALE\n`);
    expect(text).not.toContain(SUDO_PASSWORD);
    // The password was in no process's argv on the host.
    expect(fleet.argvLog('sudopw').every((e) => !e.argv.join(' ').includes(SUDO_PASSWORD))).toBe(true);
  });

  it('is idempotent', async () => {
    const r = await prepare(fleet, ['sudopw'], `${SUDO_PASSWORD}\n`);
    expect(r.stdout).toMatch(/^sudopw: \/etc\/sudoers\.d\/meshtui already up to date/);
    expect(r.code).toBe(0);
  });

  it('then provision succeeds without any password (sudo -n)', async () => {
    const r = await provisionAll(fleet);
    expect(byHost(r).sudopw).toMatchObject({ status: 'ok', error: null });
    const up = fleet.argvLog('sudopw').filter((e) => e.cmd === 'tailscale' && e.argv[0] === 'up').at(-1)!;
    expect(up).toMatchObject({ uid: 0, sudo: true });
    expect(r.code).toBe(0);
  });

  it('--undo removes it', async () => {
    const r = await prepare(fleet, ['sudopw', '--undo'], `${SUDO_PASSWORD}\n`);
    expect(r.stdout).toBe(`sudopw: removed ${SUDOERS}\n`);
    expect(existsSync(SUDOERS)).toBe(false);
  });
});
