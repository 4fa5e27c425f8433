import { describe, expect, it } from 'vitest';
import { DEVICE_ID } from '../provider/syncthing.js';
import { simAptGet } from './apt.js';
import { OS_RELEASE, UNAME } from './osinfo.js';
import { joinedHost, makeHost, TAILNETS } from './presets.js';
import { deviceIdFor, luhn32, simSyncthing, syncthingOf, upstreamVersion, withSyncthing, type SimSyncthing } from './syncthing.js';
import { simSystemctl } from './systemctl.js';
import { ctxFor, NOW } from './testkit.js';
import type { SimCtx, SimHost, SimResult } from './types.js';

const RESOLVING = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';
const host = (st: Partial<SimSyncthing> = {}, over: Partial<SimHost> = {}) => withSyncthing(makeHost('app-1', over), st);
const as = (h: SimHost, uid: number, over: Partial<SimCtx> = {}) => ctxFor(h, { uid, user: uid === 0 ? 'root' : 'deploy', ...over });
const root = (h: SimHost, over: Partial<SimCtx> = {}) => as(h, 0, { viaSudo: true, ...over });
const st = (r: SimResult) => syncthingOf(r.state);

/** Runs commands in order, threading the host state through. */
function seq(h: SimHost, steps: [string, string[], number][]): { h: SimHost; results: SimResult[] } {
  const results: SimResult[] = [];
  for (const [cmd, argv, uid] of steps) {
    const ctx = uid === 0 ? root(h, { user: 'root' }) : as(h, uid);
    const r = cmd === 'apt-get' ? simAptGet(argv, ctx) : cmd === 'systemctl' ? simSystemctl(argv, ctx) : simSyncthing(argv, ctx);
    results.push(r);
    h = r.state;
  }
  return { h, results };
}

describe('syncthing device ids', () => {
  it('are 8 groups of 7 base32 characters with syncthing’s Luhn check characters, stable per host and user', () => {
    // A real device id (syncthing's own tests): every 14th character is the check of the 13 before it.
    const real = 'P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2'.replace(/-/g, '');
    for (let i = 0; i < 4; i++) expect(luhn32(real.slice(i * 14, i * 14 + 13))).toBe(real[i * 14 + 13]);
    const id = deviceIdFor('app-1', 'deploy');
    expect(id).toMatch(/^[A-Z2-7]{7}(-[A-Z2-7]{7}){7}$/);
    expect(DEVICE_ID.exec(id)?.[0]).toBe(id);
    const flat = id.replace(/-/g, '');
    for (let i = 0; i < 4; i++) expect(luhn32(flat.slice(i * 14, i * 14 + 13))).toBe(flat[i * 14 + 13]);
    expect(deviceIdFor('app-1', 'deploy')).toBe(id);
    expect(new Set([id, deviceIdFor('app-2', 'deploy'), deviceIdFor('app-1', 'root')]).size).toBe(3);
  });

  it('defaults follow the distribution: Debian 12 offers 1.19.2, Ubuntu 24.04 1.27.2, others have no apt', () => {
    expect(syncthingOf(makeHost('a'))).toMatchObject({ installed: false, packageVersion: '1.19.2~ds1-1+b4', repo: 'listed', enabled: [], active: [] });
    expect(syncthingOf(makeHost('a', { osRelease: OS_RELEASE.ubuntu2404 })).packageVersion).toBe('1.27.2~ds4-1ubuntu0.24.04.2');
    expect(syncthingOf(makeHost('a', { osRelease: OS_RELEASE.alpine321, uname: UNAME.alpine })).repo).toBe('absent');
    expect(upstreamVersion('1.19.2~ds1-1+b4')).toBe('1.19.2');
    expect(upstreamVersion('2.0.10')).toBe('2.0.10');
  });
});

describe('apt-get', () => {
  it('refuses a non-root caller with apt’s lock errors (exit 100), changing nothing', () => {
    const h = host();
    const inst = simAptGet(['install', '-y', 'syncthing'], as(h, 1001));
    expect(inst).toMatchObject({
      stdout: '',
      stderr: 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n',
      code: 100,
    });
    expect(inst.state).toBe(h);
    expect(simAptGet(['update'], as(h, 1001))).toMatchObject({
      stdout: 'Reading package lists...\n',
      stderr: 'E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n',
      code: 100,
    });
  });

  it('installs syncthing as root with apt’s non-interactive output; then it is already the newest version', () => {
    const r = simAptGet(['install', '-y', 'syncthing'], root(host()));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${RESOLVING}The following NEW packages will be installed:\\n  syncthing\\n0 upgraded, 1 newly installed`));
    expect(r.stdout).toContain('Get:1 http://deb.debian.org/debian bookworm/main amd64 syncthing amd64 1.19.2~ds1-1+b4 [7670 kB]\n');
    expect(r.stdout).toMatch(/Setting up syncthing \(1\.19\.2~ds1-1\+b4\) \.\.\.\n/);
    expect(st(r).installed).toBe(true);
    const again = simAptGet(['install', '-y', 'syncthing'], root(r.state));
    expect(again).toMatchObject({ code: 0, stdout: `${RESOLVING}syncthing is already the newest version (1.19.2~ds1-1+b4).\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n` });
    expect(again.state).toBe(r.state);
  });

  it('stale lists: Unable to locate package until apt-get update; a package not in the repositories stays unlocatable', () => {
    const { h, results } = seq(host({ repo: 'stale' }), [
      ['apt-get', ['install', '-y', 'syncthing'], 0],
      ['apt-get', ['update'], 0],
      ['apt-get', ['install', '-y', 'syncthing'], 0],
    ]);
    expect(results[0]).toMatchObject({ stdout: RESOLVING, stderr: 'E: Unable to locate package syncthing\n', code: 100 });
    expect(results[1]!.stdout).toMatch(/^Get:1 http:\/\/deb\.debian\.org\/debian bookworm InRelease \[151 kB\]\n[^]*Fetched \d+ kB in 2s[^]*Reading package lists\.\.\.\n$/);
    expect(results[2]!.code).toBe(0);
    expect(syncthingOf(h)).toMatchObject({ installed: true, repo: 'listed' });
    expect(simAptGet(['update'], root(h)).stdout).toMatch(/^Hit:1 http:\/\/deb\.debian\.org\/debian bookworm InRelease\n/);

    const absent = seq(host({ repo: 'absent' }), [['apt-get', ['update'], 0], ['apt-get', ['install', '-y', 'syncthing'], 0]]);
    expect(absent.results[1]).toMatchObject({ stderr: 'E: Unable to locate package syncthing\n', code: 100 });
  });

  it('without -y it shows the plan and aborts (no terminal to answer); unknown operations are refused', () => {
    const r = simAptGet(['install', 'syncthing'], root(host()));
    expect(r).toMatchObject({ code: 1 });
    expect(r.stdout).toMatch(/After this operation, 22\.1 MB of additional disk space will be used\.\nDo you want to continue\? \[Y\/n\] Abort\.\n$/);
    expect(st(r).installed).toBe(false);
    expect(simAptGet(['-qy', 'install', 'syncthing'], root(host())).code).toBe(0);
    expect(simAptGet(['frobnicate'], root(host()))).toMatchObject({ stderr: 'E: Invalid operation frobnicate\n', code: 100 });
  });

  it('without network: update warns (exit 0), install cannot fetch (exit 100); a broken package fails with its text', () => {
    const h = host({}, { networkDown: true });
    const upd = simAptGet(['update'], root(h));
    expect(upd.code).toBe(0);
    expect(upd.stdout).toContain("Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\n");
    expect(upd.stderr).toMatch(/W: Some index files failed to download\. They have been ignored, or old ones used instead\.\n$/);
    const inst = simAptGet(['install', '-y', 'syncthing'], root(h));
    expect(inst.code).toBe(100);
    expect(inst.stderr).toBe(
      "E: Failed to fetch http://deb.debian.org/debian/pool/main/s/syncthing/syncthing_1.19.2~ds1-1+b4_amd64.deb  Temporary failure resolving 'deb.debian.org'\n" +
        'E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?\n',
    );
    const broken = simAptGet(['install', '-y', 'syncthing'], root(host({ installError: 'E: Sub-process /usr/bin/dpkg returned an error code (1)\n' })));
    expect(broken).toMatchObject({ code: 100, stderr: 'E: Sub-process /usr/bin/dpkg returned an error code (1)\n' });
    expect(st(broken).installed).toBe(false);
  });

  it('is not there on a host without apt (sh / sudo wording)', () => {
    const alpine = host({}, { osRelease: OS_RELEASE.alpine321, uname: UNAME.alpine });
    expect(simAptGet(['update'], as(alpine, 1001))).toMatchObject({ stderr: 'sh: 1: apt-get: not found\n', code: 127 });
    expect(simAptGet(['update'], root(alpine))).toMatchObject({ stderr: 'sudo: apt-get: command not found\n', code: 1 });
  });
});

describe('systemctl syncthing@USER.service', () => {
  const installed = () => host({ installed: true });

  it('before the package: no unit file', () => {
    const h = host();
    expect(simSystemctl(['is-enabled', 'syncthing@deploy.service'], as(h, 1001))).toMatchObject({ stderr: 'Failed to get unit file state for syncthing@deploy.service: No such file or directory\n', code: 1 });
    expect(simSystemctl(['is-active', 'syncthing@deploy.service'], as(h, 1001))).toMatchObject({ stdout: 'inactive\n', code: 3 });
    expect(simSystemctl(['enable', '--now', 'syncthing@deploy.service'], root(h))).toMatchObject({ stderr: 'Failed to enable unit: Unit file syncthing@deploy.service does not exist.\n', code: 1 });
  });

  it('enable --now needs root; as root it links, starts, and writes the certificate; a second enable says nothing', () => {
    expect(simSystemctl(['enable', '--now', 'syncthing@deploy.service'], as(installed(), 1001))).toMatchObject({ stderr: 'Failed to enable unit: Access denied\n', code: 1 });
    const r = simSystemctl(['enable', '--now', 'syncthing@deploy.service'], root(installed()));
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'Created symlink /etc/systemd/system/multi-user.target.wants/syncthing@deploy.service → /lib/systemd/system/syncthing@.service.\n' });
    expect(st(r)).toMatchObject({ enabled: ['deploy'], active: ['deploy'], certs: { deploy: NOW } });
    expect(simSystemctl(['is-enabled', 'syncthing@deploy.service'], as(r.state, 1001))).toMatchObject({ stdout: 'enabled\n', code: 0 });
    expect(simSystemctl(['is-active', 'syncthing@deploy.service'], as(r.state, 1001))).toMatchObject({ stdout: 'active\n', code: 0 });
    expect(simSystemctl(['is-enabled', 'syncthing@other.service'], as(r.state, 1001))).toMatchObject({ stdout: 'disabled\n', code: 1 });
    expect(simSystemctl(['status', 'syncthing@deploy.service'], as(r.state, 1001)).stdout).toMatch(/^● syncthing@deploy\.service - Syncthing - Open Source Continuous File Synchronization for deploy\n/);
    const again = simSystemctl(['enable', '--now', 'syncthing@deploy.service'], root(r.state));
    expect(again).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(again.state).toBe(r.state);
    // tailscaled is untouched by any of it.
    expect(r.state.daemonRunning).toBe(false);
  });

  it('disable --now removes the link and stops it; the certificate (device id) stays', () => {
    const on = simSystemctl(['enable', '--now', 'syncthing@deploy.service'], root(installed())).state;
    const off = simSystemctl(['disable', '--now', 'syncthing@deploy.service'], root(on));
    expect(off.stderr).toBe('Removed "/etc/systemd/system/multi-user.target.wants/syncthing@deploy.service".\n');
    expect(st(off)).toMatchObject({ enabled: [], active: [], certs: { deploy: NOW } });
  });
});

describe('syncthing', () => {
  const running = (pkg: string, o: Partial<SimSyncthing> = {}) =>
    simSystemctl(['enable', '--now', 'syncthing@deploy.service'], root(host({ installed: true, packageVersion: pkg, ...o }))).state;

  it('is not found until installed', () => {
    expect(simSyncthing(['--device-id'], as(host(), 1001))).toMatchObject({ stderr: 'sh: 1: syncthing: not found\n', code: 127 });
  });

  it('v1 (Debian’s 1.19): --device-id, logging to stdout when the certificate is missing; `device-id` is a kong error', () => {
    const fresh = host({ installed: true });
    expect(simSyncthing(['--device-id'], as(fresh, 1001))).toMatchObject({
      stdout: '14:04:00 WARNING: Error reading device ID: open /home/deploy/.config/syncthing/cert.pem: no such file or directory\n',
      code: 1,
    });
    const h = running('1.19.2~ds1-1+b4');
    expect(simSyncthing(['--device-id'], as(h, 1001))).toMatchObject({ stdout: `${deviceIdFor('app-1', 'deploy')}\n`, stderr: '', code: 0 });
    expect(simSyncthing(['-device-id'], as(h, 1001)).code).toBe(0);
    expect(simSyncthing(['device-id'], as(h, 1001))).toMatchObject({ stdout: '', stderr: 'syncthing: error: unexpected argument device-id\n', code: 1 });
    // Another user's certificate is not this user's.
    expect(simSyncthing(['--device-id'], as(h, 1002, { user: 'other' })).code).toBe(1);
  });

  it('1.27 keeps its certificate in ~/.local/state; v2: `device-id`, and --device-id is an unknown flag', () => {
    const ubuntu = host({ installed: true, packageVersion: '1.27.2~ds4-1ubuntu0.24.04.2' });
    expect(simSyncthing(['--device-id'], as(ubuntu, 1001)).stdout).toBe(
      '2026/08/22 14:04:00 WARNING: Error reading device ID: open /home/deploy/.local/state/syncthing/cert.pem: no such file or directory\n',
    );
    const h = running('2.0.10');
    expect(simSyncthing(['device-id'], as(h, 1001))).toMatchObject({ stdout: `${deviceIdFor('app-1', 'deploy')}\n`, code: 0 });
    expect(simSyncthing(['--device-id'], as(h, 1001))).toMatchObject({ stderr: 'syncthing: error: unknown flag --device-id\n', code: 80 });
    expect(simSyncthing(['device-id'], as(host({ installed: true, packageVersion: '2.0.10' }), 1001))).toMatchObject({
      stderr: 'syncthing: error: reading device ID: open /home/deploy/.local/state/syncthing/cert.pem: no such file or directory\n',
      code: 1,
    });
  });

  it('the certificate appears certDelayMs after the first start', () => {
    const h = running('1.19.2~ds1-1+b4', { certDelayMs: 1500 });
    expect(simSyncthing(['--device-id'], as(h, 1001)).code).toBe(1);
    expect(simSyncthing(['--device-id'], as(h, 1001, { now: () => NOW + 1500 })).code).toBe(0);
  });

  it('the whole sequence the engine runs on a joined host: install, enable, device id', () => {
    const { h, results } = seq(withSyncthing(joinedHost('app-1', TAILNETS.example, ['tag:x']), { repo: 'stale' }), [
      ['apt-get', ['install', '-y', 'syncthing'], 0],
      ['apt-get', ['update'], 0],
      ['apt-get', ['install', '-y', 'syncthing'], 0],
      ['systemctl', ['enable', '--now', 'syncthing@deploy.service'], 0],
      ['syncthing', ['device-id'], 1001],
      ['syncthing', ['--device-id'], 1001],
    ]);
    expect(results.map((r) => r.code)).toEqual([100, 0, 0, 0, 1, 0]);
    expect(results[5]!.stdout).toBe(`${deviceIdFor('app-1', 'deploy')}\n`);
    expect(h).toMatchObject({ backendState: 'Running', daemonRunning: true });
  });
});
