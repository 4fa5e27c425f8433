/**
 * The hard-cases issue's "done means": a fleet with a Headscale host, two Linux hosts, a WSL host and
 * a Windows host provisions from one `meshtui provision --all` with NO key in the environment: the
 * Linux hosts join with a key minted on the Headscale host, the Windows host ends needs-action with
 * its script and command shown, and joins once that is run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, startCli } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { attachHeadscale, type HeadscaleHandle } from '../harness/headscale.js';

const LOGIN = 'http://127.0.0.1:8080';
const COMMAND = 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1';

describe('headscale + 2 Linux + WSL + Windows, no key in the environment', () => {
  let fleet: Fleet;
  let hs: HeadscaleHandle;
  beforeAll(async () => {
    fleet = await startFleet({
      hosts: [
        { id: 'ctl', template: 'fresh' },
        { id: 'app-1', template: 'fresh' },
        { id: 'db-1', template: 'ubuntu' },
        { id: 'wsl-1', template: 'wsl' },
        { id: 'win-1', template: 'win-drops' },
      ],
      loginServer: LOGIN,
    });
    hs = attachHeadscale(fleet, { host: 'ctl', version: '0.26.1' });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('mints keys, joins the Linux and WSL hosts, waits for the Windows operator, then joins it', async () => {
    const cli = startCli(['provision', '--all', '--json', '--config', fleet.configPath], { fleet, env: { TS_AUTHKEY: undefined }, timeoutMs: 120_000 });
    const needs = await cli.waitFor((e) => e.host === 'win-1' && e.step === 'join' && e.status === 'needs-action', 90_000).catch((err) => {
      console.log(cli.events.filter((e) => e.type === 'step' && e.status !== 'running').map((e) => `${e.host} ${e.step} ${e.status} ${e.detail ?? ''} ${e.error?.message ?? ''}`).join('\n'));
      throw err;
    });
    expect(needs.error.code).toBe('ErrWindowsInteractive');
    expect(needs.error.message).toContain(COMMAND);
    for (const id of ['app-1', 'db-1', 'wsl-1']) await cli.waitFor((e) => e.host === id && e.step === 'fqdn' && e.status === 'ok', 90_000);
    expect(fleet.runWindowsJoinScript('win-1').code).toBe(0);
    const r = await cli.result;
    const got = byHost(r);
    expect(Object.fromEntries(Object.values(got).map((h) => [h.id, h.status]))).toEqual({ ctl: 'ok', 'app-1': 'ok', 'db-1': 'ok', 'wsl-1': 'ok', 'win-1': 'ok' });
    expect(r.code).toBe(0);
    const minted = hs.state().keys;
    expect(minted.length).toBeGreaterThanOrEqual(1);
    const everything = r.stdout + r.stderr + fleet.hosts.map((h) => JSON.stringify(fleet.argvLog(h.id))).join('\n');
    for (const k of minted) expect(everything).not.toContain(k.key);
    expect(hs.state().nodes.map((n) => n.givenName).sort()).toEqual(['app-1', 'ctl', 'db-1', 'win-1', 'wsl-1']);
  }, 150_000);
});
