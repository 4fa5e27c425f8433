/**
 * The syncthing step through real sshd, real sudo and the real CLI (`provision --all --json`, config
 * `syncthing: true`): after the join it installs Debian's package as root (apt-get update first when
 * the lists are stale), enables syncthing@USER.service for the SSH user and reports the device id
 * (step detail and the journal's host facts; v1 `--device-id` and v2 `device-id`, certificate written
 * a moment after the first start); `syncthing: false` skips the host; a second run is unchanged
 * with no second install; sudo wanting a password is ErrSudoPassword at once, and `meshtui prepare`'s
 * rule then lets the same host through with `sudo -n`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_ID_SCRIPT, deviceIdProblem } from '../../src/provider/syncthing.js';
import { deviceIdFor } from '../../src/sim/index.js';
import { byHost, CLI, cliEnv, provisionAll, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { SIM_BIN, SUDO_PASSWORD, USER_NOPW, USER_PW } from '../harness/paths.js';
import { ssh } from '../harness/ssh.js';

const SUDOERS = '/etc/sudoers.d/meshtui';
const SYNC_HOSTS = ['st-fresh', 'st-v2'] as const;
const uidOf = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());

let fleet: Fleet;
let first: CliResult;
beforeAll(async () => {
  rmSync(SUDOERS, { force: true });
  fleet = await startFleet({
    syncthing: true,
    hosts: [
      // Debian 12, nothing installed, package lists older than syncthing's entry.
      { id: 'st-fresh', template: 'fresh', sim: { syncthing: { installed: false, packageVersion: '1.19.2~ds1-1+b4', repo: 'stale', enabled: [], active: [], certs: {}, certDelayMs: 0, installError: null } } },
      // Already joined; syncthing 2.x (`syncthing device-id`) whose certificate appears 1.5 s after the first start.
      { id: 'st-v2', template: 'joined', sim: { syncthing: { installed: false, packageVersion: '2.0.10', repo: 'listed', enabled: [], active: [], certs: {}, certDelayMs: 1500, installError: null } } },
      { id: 'st-off', template: 'joined', syncthing: false },
      // Joined (tailscale needs no root), but the SSH user's sudo wants a password.
      { id: 'st-pw', template: 'joined', user: USER_PW },
    ],
  });
  first = await provisionAll(fleet);
});
afterAll(async () => {
  rmSync(SUDOERS, { force: true });
  await fleet?.stop();
});

const stepLines = (r: CliResult, id: string) => r.events.filter((e) => e.type === 'step' && e.host === id && e.status !== 'running');
const step = (r: CliResult, id: string, name: string) => stepLines(r, id).find((e) => e.step === name);
const calls = (id: string, cmd: string) => fleet.argvLog(id).filter((e) => e.cmd === cmd);
const syncthingUnitCalls = (id: string) => calls(id, 'systemctl').filter((e) => e.argv.some((a) => a.startsWith('syncthing@')));

describe('provision with syncthing: true', () => {
  it('ends each host in the right status, the password host with the prepare guidance', () => {
    const got = byHost(first);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(Object.fromEntries(Object.entries(got).map(([id, h]) => [id, h.status]))).toEqual({ 'st-fresh': 'ok', 'st-v2': 'ok', 'st-off': 'unchanged', 'st-pw': 'needs-action' });
    expect(got['st-v2']!.changed).toBe(true); // the tailnet was already right: syncthing was the change
    expect(got['st-pw']!.error).toMatchObject({ code: 'ErrSudoPassword', remedy: "run 'meshtui prepare st-pw' once, or enter the password in the dashboard's prompt" });
    expect(got['st-pw']!.error!.message).toBe("sudo on st-pw wants a password: run 'meshtui prepare st-pw' once, or enter the password in the dashboard's prompt");
    expect(first.ms).toBeLessThan(15_000);
  });

  it('runs the step after the join: install through sudo (apt-get update when the lists are stale), enable for the SSH user, device id', () => {
    const id = deviceIdFor('st-fresh', USER_NOPW);
    expect(stepLines(first, 'st-fresh').map((e) => `${e.step}:${e.status}`)).toEqual([
      'connect:ok', 'detect-os:ok', 'check-version:ok', 'install:changed', 'join:changed', 'verify:ok', 'fqdn:ok', 'syncthing:changed',
    ]);
    expect(step(first, 'st-fresh', 'syncthing')!.detail).toBe(`installed syncthing (apt), enabled syncthing@${USER_NOPW}.service; device id ${id}`);
    const log = fleet.argvLog('st-fresh');
    const up = log.findIndex((e) => e.cmd === 'tailscale' && e.argv[0] === 'up');
    const firstApt = log.findIndex((e) => e.cmd === 'apt-get');
    expect(up).toBeGreaterThanOrEqual(0);
    expect(firstApt).toBeGreaterThan(up);
    expect(calls('st-fresh', 'apt-get').map((e) => [e.argv.join(' '), e.uid, e.sudo])).toEqual([
      ['install -y syncthing', 0, true],
      ['update', 0, true],
      ['install -y syncthing', 0, true],
    ]);
    expect(syncthingUnitCalls('st-fresh').map((e) => [e.argv.join(' '), e.uid])).toEqual([
      [`is-enabled syncthing@${USER_NOPW}.service`, uidOf(USER_NOPW)],
      [`is-active syncthing@${USER_NOPW}.service`, uidOf(USER_NOPW)],
      [`enable --now syncthing@${USER_NOPW}.service`, 0],
    ]);
    // Debian's 1.19 has no `device-id` subcommand: the engine falls back to --device-id, as the SSH user.
    expect(calls('st-fresh', 'syncthing').map((e) => [e.argv.join(' '), e.uid])).toEqual([
      ['device-id', uidOf(USER_NOPW)],
      ['--device-id', uidOf(USER_NOPW)],
    ]);
    expect(fleet.state('st-fresh').syncthing).toMatchObject({ installed: true, repo: 'listed', enabled: [USER_NOPW], active: [USER_NOPW] });
  });

  it('v2: `syncthing device-id`, waiting for the certificate the first start writes', () => {
    const id = deviceIdFor('st-v2', USER_NOPW);
    expect(step(first, 'st-v2', 'syncthing')).toMatchObject({ status: 'changed', detail: `installed syncthing (apt), enabled syncthing@${USER_NOPW}.service; device id ${id}` });
    expect(step(first, 'st-v2', 'syncthing')!.durationMs).toBeGreaterThanOrEqual(1000);
    expect(calls('st-v2', 'apt-get').map((e) => e.argv.join(' '))).toEqual(['install -y syncthing']);
    const ids = calls('st-v2', 'syncthing').map((e) => e.argv.join(' '));
    expect(ids.at(-1)).toBe('device-id');
    expect(ids.filter((a) => a === 'device-id').length).toBeGreaterThanOrEqual(2); // retried until the certificate was there
  });

  it('reports the device id as a host fact in the run journal', () => {
    const runs = join(fleet.dir, '.meshtui', 'runs');
    const lines = readdirSync(runs).flatMap((f) => readFileSync(join(runs, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    const facts = (host: string) => Object.assign({}, ...lines.filter((l) => l.type === 'facts' && l.host === host).map((l) => l.facts));
    for (const h of SYNC_HOSTS) expect({ h, id: facts(h).syncthing }).toEqual({ h, id: deviceIdFor(h, USER_NOPW) });
    expect(facts('st-off').syncthing).toBeUndefined();
  });

  it('skips the opted-out host with a detail, running nothing for it', async () => {
    expect(step(first, 'st-off', 'syncthing')).toMatchObject({ status: 'skipped', detail: 'syncthing: false for st-off' });
    expect(calls('st-off', 'apt-get')).toEqual([]);
    expect(calls('st-off', 'syncthing')).toEqual([]);
    expect(syncthingUnitCalls('st-off')).toEqual([]);
    expect((await ssh(fleet, 'st-off', 'command -v syncthing')).code).not.toBe(0);
    expect((await ssh(fleet, 'st-fresh', 'command -v syncthing')).stdout).toBe(`${fleet.host('st-fresh').hostDir}/bin/syncthing\n`);
  });

  it('stops at sudo on the password host: ErrSudoPassword on the syncthing step, nothing ran as root', () => {
    expect(step(first, 'st-pw', 'syncthing')).toMatchObject({ status: 'needs-action', error: { code: 'ErrSudoPassword' } });
    expect(step(first, 'st-pw', 'join')!.status).toBe('ok');
    expect(step(first, 'st-pw', 'syncthing')!.durationMs).toBeLessThan(5000);
    expect(calls('st-pw', 'apt-get')).toEqual([]); // sudo refused before apt-get ran
    expect(fleet.argvLog('st-pw').filter((e) => e.uid === 0)).toEqual([]);
  });

  it('a second run: unchanged, no second install or enable, the same device ids', async () => {
    const before = Object.fromEntries(SYNC_HOSTS.map((h) => [h, [calls(h, 'apt-get').length, syncthingUnitCalls(h).filter((e) => e.argv[0] === 'enable').length]]));
    const second = await provisionAll(fleet);
    const got = byHost(second);
    for (const h of SYNC_HOSTS) {
      expect({ h, status: got[h]!.status, changed: got[h]!.changed }).toEqual({ h, status: 'unchanged', changed: false });
      expect(step(second, h, 'syncthing')).toMatchObject({ status: 'ok', detail: `syncthing@${USER_NOPW}.service already running; device id ${deviceIdFor(h, USER_NOPW)}` });
      expect([calls(h, 'apt-get').length, syncthingUnitCalls(h).filter((e) => e.argv[0] === 'enable').length]).toEqual(before[h]);
    }
    expect(got['st-off']!.status).toBe('unchanged');
    expect(got['st-pw']).toMatchObject({ status: 'needs-action', error: { code: 'ErrSudoPassword' } });
  });

  it('after `meshtui prepare` (its syncthing rule), the password host installs with sudo -n', async () => {
    const prep = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [CLI, 'prepare', 'st-pw', '--config', fleet.configPath], { cwd: fleet.dir, env: cliEnv({ fleet }), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      const t = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.on('error', reject);
      p.on('close', (code) => (clearTimeout(t), resolve({ code, stdout, stderr })));
      p.stdin.end(`${SUDO_PASSWORD}\n`);
    });
    expect(prep).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(SUDOERS, 'utf8')).toContain(
      `Cmnd_Alias MESHTUI_SYNCTHING = ${SIM_BIN}/apt-get update, ${SIM_BIN}/apt-get install -y syncthing, ${SIM_BIN}/systemctl enable --now syncthing@${USER_PW}.service\n`,
    );
    const r = await provisionAll(fleet);
    expect(byHost(r)['st-pw']).toMatchObject({ status: 'ok', error: null });
    expect(step(r, 'st-pw', 'syncthing')!.detail).toBe(`installed syncthing (apt), enabled syncthing@${USER_PW}.service; device id ${deviceIdFor('st-pw', USER_PW)}`);
    expect(calls('st-pw', 'apt-get').map((e) => [e.argv.join(' '), e.uid, e.sudo])).toEqual([['install -y syncthing', 0, true]]);
    expect(r.code).toBe(0);
  });

  it('no certificate ever (v1): the last try reports syncthing’s reason, not the `device-id` usage error', async () => {
    // Installed and enabled, but the service never wrote cert.pem (e.g. a user without a writable home).
    fleet.setState('st-off', { syncthing: { installed: true, packageVersion: '1.19.2~ds1-1+b4', repo: 'listed', enabled: [USER_NOPW], active: [USER_NOPW], certs: {}, certDelayMs: 0, installError: null } });
    const r = await ssh(fleet, 'st-off', DEVICE_ID_SCRIPT.split('\n').at(-1)!);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('syncthing: error: unexpected argument device-id\n');
    expect(deviceIdProblem({ stdout: r.stdout, stderr: r.stderr, code: r.code ?? -1 })).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d WARNING: Error reading device ID: open /home/${USER_NOPW}/\\.config/syncthing/cert\\.pem: no such file or directory$`),
    );
  });
});
