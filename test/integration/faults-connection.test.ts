/**
 * Faults on the wire, through the real CLI against real sshd (issue "Prove it" §3): a connection
 * reset in the middle of a step (read-only steps retried once on a new connection; `up` never re-run
 * blindly: the status is read again first), a port that never answers, a changed host key, and
 * `tailscaled` not running. Every run includes a healthy host that must stay unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, runCli, tsCalls } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { writeFaults, type HostFault } from '../harness/remote/faults.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({
    hosts: [
      'joined',
      'changedkey',
      'silent',
      { id: 'drop-status', template: 'joined' },
      { id: 'drop-status-twice', template: 'joined' },
      { id: 'drop-version', template: 'old' },
      { id: 'drop-after-up', template: 'fresh' },
      { id: 'drop-install', template: 'fresh' },
      { id: 'drop-before-up', template: 'badkey' },
      { id: 'daemon-down', template: 'joined', sim: { daemonRunning: false } },
      { id: 'daemon-down-pw', template: 'sudopw', sim: { daemonRunning: false } },
    ],
  });
});
afterAll(async () => {
  await fleet?.stop();
});

const faults = (id: string, ...f: HostFault[]) => writeFaults(fleet.host(id).hostDir, f);
const provision = (...ids: string[]) => runCli(['provision', ...ids, '--json', '--config', fleet.configPath], { fleet });
const stepsOf = (r: { events: Record<string, any>[] }, id: string) => r.events.filter((e) => e.type === 'step' && e.host === id && e.status !== 'running');

describe('a connection reset in the middle of a step', () => {
  it('retries a read-only step once on a new connection (status during join)', async () => {
    faults('drop-status', { cmd: 'tailscale', argv: ['status', '--json'], action: 'drop-before' });
    const r = await provision('drop-status', 'joined');
    expect(byHost(r)['drop-status']).toMatchObject({ status: 'unchanged', error: null });
    expect(byHost(r).joined).toMatchObject({ status: 'unchanged', error: null });
    expect(tsCalls(fleet, 'drop-status', 'status', '--json').length).toBe(2);
    expect(fleet.connections('drop-status')).toBe(2);
    expect(fleet.connections('joined')).toBe(1);
    expect(stepsOf(r, 'drop-status').find((e) => e.step === 'join')!.detail).toMatch(/connection lost.*retried/i);
  });

  it('retries a read-only step once on a new connection (tailscale version)', async () => {
    faults('drop-version', { cmd: 'tailscale', argv: ['version'], action: 'drop-before' });
    const r = await provision('drop-version');
    // The retry reached the host: the real answer (version below minimum), not a connection error.
    expect(byHost(r)['drop-version']!.error).toMatchObject({
      code: 'ErrInstallFailed',
      message: 'tailscale provider: installation failed: installed version 1.70.0 is below minimum 1.78.0',
    });
    expect(tsCalls(fleet, 'drop-version', 'version').length).toBe(2);
  });

  it('retries only once: a second reset fails the host with ErrSSH', async () => {
    faults('drop-status-twice', { cmd: 'tailscale', argv: ['status', '--json'], action: 'drop-before', times: 2 });
    const r = await provision('drop-status-twice', 'joined');
    expect(byHost(r)['drop-status-twice']).toMatchObject({ status: 'failed', error: { code: 'ErrSSH' } });
    expect(byHost(r)['drop-status-twice']!.error!.message).toMatch(/^ssh: connection to 127\.0\.0\.1 lost during: tailscale status$/);
    expect(byHost(r).joined!.status).toBe('unchanged');
    expect(tsCalls(fleet, 'drop-status-twice', 'status', '--json').length).toBe(2);
    expect(r.code).toBe(1);
  });

  it('does not re-run `up` after a reset during it: the status says the join happened', async () => {
    faults('drop-after-up', { cmd: 'tailscale', argv: ['up'], action: 'drop-after' });
    const r = await provision('drop-after-up', 'joined');
    expect(byHost(r)['drop-after-up']).toMatchObject({ status: 'ok', error: null, fqdn: 'drop-after-up.example.ts.net' });
    expect(byHost(r).joined!.status).toBe('unchanged');
    const log = fleet.argvLog('drop-after-up').filter((e) => e.cmd === 'tailscale');
    expect(log.filter((e) => e.argv[0] === 'up').length).toBe(1);
    const upAt = log.findIndex((e) => e.argv[0] === 'up');
    expect(log.slice(upAt + 1).map((e) => e.argv.join(' '))).toContain('status --json');
    expect(stepsOf(r, 'drop-after-up').find((e) => e.step === 'join')!.detail).toMatch(/connection problem during tailscale up/);
  });

  it('does not re-run `up` when the reset came before it took effect: it says so and a re-run joins', async () => {
    fleet.setState('drop-before-up', { validKeys: fleet.state('joined').validKeys, reusableKeys: fleet.state('joined').reusableKeys });
    faults('drop-before-up', { cmd: 'tailscale', argv: ['up'], action: 'drop-before' });
    const r = await provision('drop-before-up', 'joined');
    const h = byHost(r)['drop-before-up']!;
    expect(h).toMatchObject({ status: 'failed', error: { code: 'ErrSSH' } });
    expect(h.error!.remedy).toMatch(/the join may have happened: re-run provision/);
    expect(tsCalls(fleet, 'drop-before-up', 'up').length).toBe(1);
    expect(fleet.state('drop-before-up').backendState).toBe('NeedsLogin');
    const again = await provision('drop-before-up');
    expect(byHost(again)['drop-before-up']!.status).toBe('ok');
    expect(tsCalls(fleet, 'drop-before-up', 'up').length).toBe(2);
  });

  it('does not re-run the installer after a reset during it: the host fails with the connection error', async () => {
    faults('drop-install', { cmd: 'curl', action: 'drop-before' });
    const r = await provision('drop-install', 'joined');
    expect(byHost(r)['drop-install']).toMatchObject({ status: 'failed', error: { code: 'ErrSSH', message: 'ssh: connection to 127.0.0.1 lost during: sh -c' } });
    expect(stepsOf(r, 'drop-install').at(-1)).toMatchObject({ step: 'install', status: 'failed' });
    expect(fleet.argvLog('drop-install').filter((e) => e.cmd === 'curl').length).toBe(1);
    expect(fleet.connections('drop-install')).toBe(1);
    expect(byHost(r).joined!.status).toBe('unchanged');
  });
});

describe('other wire faults leave the healthy host alone', () => {
  it('a changed host key and a port that never answers fail only their hosts, within the connect timeout', async () => {
    const r = await provision('changedkey', 'silent', 'joined');
    const got = byHost(r);
    expect(got.changedkey!.error!.code).toBe('ErrHostKey');
    expect(got.changedkey!.error!.message).toMatch(/^host key for 127\.0\.0\.1 has changed/);
    expect(got.silent!.error!.code).toBe('ErrTimeout');
    expect(got.joined!.status).toBe('unchanged');
    expect(fleet.connections('changedkey')).toBe(0);
    expect(r.ms).toBeLessThan(6000);
  });
});

describe('tailscaled not running', () => {
  it('starts it with `sudo -n systemctl start tailscaled`, says so, and carries on', async () => {
    const r = await provision('daemon-down', 'joined');
    expect(byHost(r)['daemon-down']).toMatchObject({ status: 'unchanged', error: null });
    const start = fleet.argvLog('daemon-down').find((e) => e.cmd === 'systemctl')!;
    expect(start).toMatchObject({ argv: ['start', 'tailscaled'], uid: 0, sudo: true });
    expect(stepsOf(r, 'daemon-down').find((e) => e.step === 'join')!.detail).toMatch(/tailscaled was not running: started it with sudo -n systemctl start tailscaled/);
    expect(fleet.state('daemon-down').daemonRunning).toBe(true);
  });

  it('says what to do when it cannot start it (sudo wants a password)', async () => {
    const r = await provision('daemon-down-pw', 'joined');
    const h = byHost(r)['daemon-down-pw']!;
    expect(h).toMatchObject({ status: 'needs-action', error: { code: 'ErrSudoPassword' } });
    expect(h.error!.message).toMatch(/^sudo on daemon-down-pw wants a password/);
    expect(h.error!.remedy).toMatch(/meshtui prepare daemon-down-pw/);
    expect(byHost(r).joined!.status).toBe('unchanged');
    expect(fleet.state('daemon-down-pw').daemonRunning).toBe(false);
  });
});
