/**
 * Machine-wide setup for the integration tests (root only): prerequisites, the test users, the
 * sudoers drop-in, sshd's privilege-separation directory, and the simulator build.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSimulator } from './build.js';
import { LEGACY_SUDOERS_FILE, SIM_BIN, SUDOERS_FILE, SUDO_PASSWORD, TS_BIN, USER_NOPW, USER_PW } from './paths.js';

export class SetupError extends Error {}

function run(cmd: string, args: string[], input?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function need(path: string, pkg: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new SetupError(`integration tests need ${path}: install it with 'apt-get install -y ${pkg}'`);
  }
}

export function checkPrerequisites(): void {
  if (process.getuid?.() !== 0) {
    throw new SetupError('integration tests must run as root (they create users mt-nopw/mt-pw and /etc/sudoers.d/meshtui-test)');
  }
  need('/usr/sbin/sshd', 'openssh-server');
  need('/usr/bin/ssh', 'openssh-client');
  need('/usr/bin/ssh-keygen', 'openssh-client');
  need('/usr/bin/sudo', 'sudo');
  need('/usr/sbin/visudo', 'sudo');
  need('/usr/sbin/useradd', 'passwd');
  need('/usr/sbin/chpasswd', 'passwd');
}

function ensureUser(name: string): void {
  if (run('id', ['-u', name]).code !== 0) {
    const r = run('useradd', ['-m', '-s', '/bin/sh', name]);
    if (r.code !== 0) throw new SetupError(`useradd ${name} failed: ${r.out}`);
  }
}

export function ensureUsers(): void {
  ensureUser(USER_NOPW);
  ensureUser(USER_PW);
  // sshd (UsePAM no) refuses locked accounts ("!" in shadow); "*" is no password but not locked.
  const unlock = run('usermod', ['-p', '*', USER_NOPW]);
  if (unlock.code !== 0) throw new SetupError(`usermod ${USER_NOPW} failed: ${unlock.out}`);
  const pw = run('chpasswd', [], `${USER_PW}:${SUDO_PASSWORD}\n`);
  if (pw.code !== 0) throw new SetupError(`chpasswd ${USER_PW} failed: ${pw.out}`);
}

export function sudoersText(): string {
  const users = `${USER_NOPW},${USER_PW}`;
  return [
    '# meshtui integration tests (test/harness/system.ts). Safe to delete.',
    `Defaults:${users} env_keep += "MESHTUI_SIM_HOST"`,
    `Defaults:${users} secure_path="${TS_BIN}:${SIM_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`,
    `Defaults:${users} lecture=never, timestamp_timeout=0, !syslog`,
    `${USER_NOPW} ALL=(ALL:ALL) NOPASSWD: ALL`,
    `${USER_PW} ALL=(ALL:ALL) ALL`,
    '',
  ].join('\n');
}

export function ensureSudoers(): void {
  rmSync(LEGACY_SUDOERS_FILE, { force: true });
  const text = sudoersText();
  if (existsSync(SUDOERS_FILE) && readFileSync(SUDOERS_FILE, 'utf8') === text) return;
  const check = join(tmpdir(), `meshtui-sudoers.${process.pid}`);
  writeFileSync(check, text, { mode: 0o440 });
  const r = run('visudo', ['-cf', check]);
  rmSync(check, { force: true });
  if (r.code !== 0) throw new SetupError(`visudo rejected the test sudoers file: ${r.out}`);
  // A name with a dot is ignored by @includedir, so the half-written file is never live.
  const tmp = `${SUDOERS_FILE}.tmp`;
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o440);
  renameSync(tmp, SUDOERS_FILE);
}

function checkNodeForUsers(): void {
  const r = run('sudo', ['-n', '-u', USER_NOPW, process.execPath, '-e', '0']);
  if (r.code !== 0) {
    throw new SetupError(`${process.execPath} is not runnable by ${USER_NOPW} (${r.out}); install Node.js system-wide (e.g. /usr/bin/node)`);
  }
}

let done: Promise<void> | null = null;

/** Everything the fleet needs from the machine, the simulator build included; once per process. */
export function ensureSystem(): Promise<void> {
  done ??= (async () => {
    checkPrerequisites();
    ensureUsers();
    ensureSudoers();
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    checkNodeForUsers();
    await buildSimulator();
  })();
  return done;
}
