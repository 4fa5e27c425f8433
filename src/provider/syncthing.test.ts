import { describe, expect, it } from 'vitest';
import { detectOutput, fakeHost, FakeCommander, fixture, OS_RELEASE } from '../../test/fake-commander.js';
import type { HostConfig, Inventory } from '../config/types.js';
import { createContext } from './context.js';
import type { EngineEvent } from './events.js';
import { syncthingStep, wantsSyncthing } from './extras.js';
import { provisionHost } from './provision.js';
import type { RunResult } from './commander.js';
import { deviceIdProblem, ensureSyncthing, parseDeviceId, parseProbe } from './syncthing.js';
import { testInventory } from '../../test/inventory-kit.js';

const ID = 'MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD';
const probe = (installed: boolean, enabled = installed, active = installed) =>
  `user=deploy\ninstalled=${installed ? 'yes' : 'no'}\nenabled=${enabled ? 'enabled' : ''}\nactive=${active ? 'active' : 'inactive'}\n`;

function host(o: { installed?: boolean; enabled?: boolean; os?: string; apt?: { code?: number; stderr?: string }[]; id?: string; idReply?: Partial<RunResult> } = {}) {
  const apt = [...(o.apt ?? [{ code: 0 }])];
  return new FakeCommander()
    .on(/kernel=\$\(uname -s/, { stdout: detectOutput({ osRelease: o.os }) })
    .on(/^sh -c 'u=\$\(id -un\)/, { stdout: probe(o.installed ?? false, o.enabled ?? o.installed ?? false, o.enabled ?? o.installed ?? false) })
    .on('sudo -n apt-get install -y syncthing', () => apt.shift() ?? { code: 0 })
    .on('sudo -n apt-get update', { code: 0 })
    .on('sudo -n systemctl enable --now syncthing@deploy.service', { code: 0, stderr: 'Created symlink /etc/systemd/system/multi-user.target.wants/syncthing@deploy.service\n' })
    .on(/syncthing device-id/, o.idReply ?? { stdout: o.id ?? `${ID}\n` });
}
const ctxFor = (fake: FakeCommander) => createContext({ commander: fake, hostId: 'app-1' });

describe('syncthing', () => {
  it('parses the probe and device ids (8 groups of 7)', () => {
    expect(parseProbe(probe(true))).toEqual({ user: 'deploy', installed: true, enabled: true, active: true });
    expect(parseDeviceId(`some log\n${ID}\n`)).toBe(ID);
    expect(parseDeviceId('MFZWI3D-BONSGYC-YLTMRWG')).toBeNull();
  });

  it('Debian without syncthing: apt-get install, enable syncthing@USER, device id', async () => {
    const fake = host();
    const r = await ensureSyncthing(ctxFor(fake));
    expect(r).toEqual({ changed: true, deviceId: ID, detail: `installed syncthing (apt), enabled syncthing@deploy.service; device id ${ID}` });
    expect(fake.calls.map((c) => c.line).filter((l) => l.startsWith('sudo'))).toEqual(['sudo -n apt-get install -y syncthing', 'sudo -n systemctl enable --now syncthing@deploy.service']);
  });

  it('stale package lists: apt-get update, then install again', async () => {
    const fake = host({ apt: [{ code: 100, stderr: 'E: Unable to locate package syncthing\n' }, { code: 0 }] });
    await ensureSyncthing(ctxFor(fake));
    expect(fake.callsMatching(/apt-get/).map((c) => c.line)).toEqual(['sudo -n apt-get install -y syncthing', 'sudo -n apt-get update', 'sudo -n apt-get install -y syncthing']);
  });

  it('already installed and running: nothing as root, unchanged, device id reported', async () => {
    const fake = host({ installed: true });
    expect(await ensureSyncthing(ctxFor(fake))).toMatchObject({ changed: false, deviceId: ID, detail: `syncthing@deploy.service already running; device id ${ID}` });
    expect(fake.callsMatching(/^sudo/)).toHaveLength(0);
  });

  it('not Debian/Ubuntu and not installed: ErrUnsupportedOS, nothing installed', async () => {
    const fake = host({ os: OS_RELEASE.fedora40 });
    await expect(ensureSyncthing(ctxFor(fake))).rejects.toMatchObject({ code: 'ErrUnsupportedOS', causeId: 'syncthing-unsupported-os' });
    expect(fake.callsMatching(/apt-get/)).toHaveLength(0);
  });

  it('install failure and sudo refusal are reported', async () => {
    await expect(ensureSyncthing(ctxFor(host({ apt: [{ code: 100, stderr: 'E: dpkg was interrupted\n' }] })))).rejects.toThrow('syncthing: apt-get install -y syncthing failed on app-1: E: dpkg was interrupted');
    await expect(ensureSyncthing(ctxFor(host({ apt: [{ code: 1, stderr: 'sudo: a password is required\n' }] })))).rejects.toMatchObject({ code: 'ErrSudoPassword' });
  });

  it('no device id: a clear error', async () => {
    await expect(ensureSyncthing(ctxFor(host({ installed: true, id: 'open cert.pem: no such file or directory\n' })))).rejects.toMatchObject({ causeId: 'syncthing-device-id' });
  });

  it('no device id on v1: the reason syncthing logged, not the usage error of the v2 command tried first', async () => {
    // What the script's last line prints on Debian's 1.19 when the service never wrote its certificate (the harness's simulator says the same).
    const why = '14:04:00 WARNING: Error reading device ID: open /home/deploy/.config/syncthing/cert.pem: no such file or directory';
    const idReply = { code: 1, stderr: 'syncthing: error: unexpected argument device-id\n', stdout: `${why}\n` };
    await expect(ensureSyncthing(ctxFor(host({ installed: true, idReply })))).rejects.toThrow(`syncthing: no device id from app-1: ${why}`);
    const v2 = 'syncthing: error: reading device ID: open /home/deploy/.local/state/syncthing/cert.pem: no such file or directory';
    expect(deviceIdProblem({ code: 80, stdout: '', stderr: `${v2}\nsyncthing: error: unknown flag --device-id\n` })).toBe(v2);
    expect(deviceIdProblem({ code: 2, stdout: 'unit crashed\n', stderr: 'flag provided but not defined: -device-id\n' })).toBe('unit crashed');
    expect(deviceIdProblem({ code: 124, stdout: '', stderr: '' })).toBe('exit 124');
  });

  it('Windows hosts are skipped with a detail', async () => {
    const win: HostConfig = { id: 'w', address: 'w', tags: [], os: 'windows' };
    expect(await syncthingStep(ctxFor(new FakeCommander()), win, () => {})).toEqual({ status: 'skipped', detail: 'syncthing is set up on Linux hosts only', changed: false });
  });

  it('wantsSyncthing: top level, per host, off for one host', () => {
    const inv = { syncthing: true } as Inventory;
    const h: HostConfig = { id: 'a', address: 'a', tags: [], os: 'auto' };
    expect(wantsSyncthing(inv, h)).toBe(true);
    expect(wantsSyncthing(inv, { ...h, syncthing: false })).toBe('off-for-host');
    expect(wantsSyncthing({ syncthing: false } as Inventory, { ...h, syncthing: true })).toBe(true);
    expect(wantsSyncthing({ syncthing: false } as Inventory, h)).toBe(false);
  });
});

describe('provisionHost with syncthing and verify.ping', () => {
  const inv = (over: Partial<Inventory> = {}, verify?: { ping: string }): Inventory =>
    testInventory(
      { tailnetDomain: 'tail4f2a9c.ts.net', defaultTags: ['tag:server'], roleTags: { web: ['tag:web'] }, ...(verify ? { verify } : {}) },
      { concurrency: 1, syncthing: true, ...over },
    );
  const HOST: HostConfig = { id: 'srv-web-01', address: '203.0.113.10', user: 'deploy', role: 'web', tags: [], os: 'auto' };

  async function run(i: Inventory, h: HostConfig, fake: FakeCommander) {
    const events: EngineEvent[] = [];
    const r = await provisionHost(i, h, { connect: async () => fake, env: () => undefined, now: () => 1 }, { runId: 'r', mode: 'provision', signal: new AbortController().signal, emit: (e) => events.push(e) });
    const steps = events.flatMap((e) => (e.type === 'step' && e.status !== 'running' ? [`${e.step}:${e.status}`] : []));
    const facts = Object.assign({}, ...events.flatMap((e) => (e.type === 'facts' ? [e.facts] : []))) as Record<string, string>;
    const detail = (s: string) => events.flatMap((e) => (e.type === 'step' && e.step === s && e.status !== 'running' ? [e.detail] : [])).at(-1);
    return { r, steps, facts, detail };
  }

  it('an unchanged host: verify pings the target (cheap), syncthing installs after the join and reports its device id', async () => {
    const fake = fakeHost({ status: [fixture('status-running.json')] })
      .on('tailscale ping -c 3 db-1', { stdout: fixture('ping-derp-then-direct.txt') })
      .on(/^sh -c 'u=\$\(id -un\)/, { stdout: probe(false) })
      .on(/^sudo -n (apt-get|systemctl enable)/, { code: 0 })
      .on(/syncthing device-id/, { stdout: `${ID}\n` });
    const { r, steps, facts, detail } = await run(inv({}, { ping: 'db-1' }), HOST, fake);
    expect(steps).toEqual(['connect:ok', 'detect-os:ok', 'check-version:ok', 'install:skipped', 'join:ok', 'verify:ok', 'fqdn:ok', 'syncthing:changed']);
    expect(r.status).toBe('ok');
    expect(detail('verify')).toMatch(/; ping db-1: 3ms direct$/);
    expect(facts).toMatchObject({ ping: '3ms direct', syncthing: ID });
  });

  it('no ping target: skipped with a detail; syncthing: false for the host: a skipped step', async () => {
    const fake = fakeHost({ status: [fixture('status-running.json')] });
    const { steps, detail } = await run(inv(), { ...HOST, syncthing: false }, fake);
    expect(detail('verify')).toMatch(/ping: skipped \(no target: set network\.providers\.tailscale\.verify\.ping\)$/);
    expect(steps.at(-1)).toBe('syncthing:skipped');
    expect(detail('syncthing')).toBe('syncthing: false for srv-web-01');
  });
});
