/**
 * Hostile output through the real CLI (issue "Prove it" §3): truncated or malformed
 * `tailscale status --json`, a command printing 10 MB (memory stays bounded, the tail is kept), an
 * installer failing after a chatty stdout, and a tailnet big enough that its status is ~7 MB.
 * A healthy host rides along in every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinedHost, statusJson, TAILNETS, type SimPeer } from '../../src/sim/index.js';
import { byHost, runCli, tsCalls, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { writeFaults, type HostFault } from '../harness/remote/faults.js';

const PEERS: SimPeer[] = Array.from({ length: 5000 }, (_, i) => ({
  hostName: `peer-${i}`,
  os: 'linux',
  ip: `100.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
  online: i % 3 !== 0,
  relay: 'fra',
  curAddr: '',
  active: false,
}));
const APT_ERROR = 'E: Unable to locate package tailscale';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({
    hosts: [
      'joined',
      { id: 'truncated', template: 'joined' },
      { id: 'malformed', template: 'joined' },
      { id: 'not-json', template: 'joined' },
      { id: 'tags-ignored', template: 'joined' },
      { id: 'chatty', template: 'fresh' },
      { id: 'apt-fails', template: 'fresh', sim: { installError: `${APT_ERROR}\n` } },
      { id: 'chatty-fails', template: 'fresh', sim: { installError: `${APT_ERROR}\n` } },
      { id: 'big-tailnet', template: 'joined', sim: { peers: PEERS } },
    ],
  });
});
afterAll(async () => {
  await fleet?.stop();
});

const faults = (id: string, ...f: HostFault[]) => writeFaults(fleet.host(id).hostDir, f);
const provision = (ids: string[], o: { sampleMem?: boolean } = {}) =>
  runCli(['provision', ...ids, '--json', '--config', fleet.configPath], { fleet, ...o });
const STATUS = { cmd: 'tailscale', argv: ['status', '--json'] };
const PARSE_ERROR = /^tailscale provider: cannot parse `tailscale status --json` output: /;

function expectHealthy(r: CliResult): void {
  expect(byHost(r).joined).toMatchObject({ status: 'unchanged', error: null });
}

describe('a status JSON that does not parse', () => {
  it('fails the host with a clear message when the JSON is cut short; other hosts are unaffected', async () => {
    faults('truncated', { ...STATUS, action: 'truncate', times: -1 });
    const r = await provision(['truncated', 'joined']);
    const h = byHost(r).truncated!;
    expect(h).toMatchObject({ status: 'failed', error: { code: 'ErrSSH' } });
    expect(h.error!.message).toMatch(PARSE_ERROR);
    expect(h.error!.message).toMatch(/invalid or truncated JSON \(\d+ bytes\)/);
    expect(h.error!.remedy).toMatch(/run 'tailscale status --json' on the host by hand/);
    expect(tsCalls(fleet, 'truncated', 'up')).toEqual([]);
    expectHealthy(r);
    expect(r.code).toBe(1);
  });

  it('says what is wrong with well-formed JSON of the wrong shape, and with text that is no JSON at all', async () => {
    faults('malformed', { ...STATUS, action: 'replace', text: '{"BackendState": "Running", "Self": "oops", "Peer": [1, 2]}', times: -1 });
    faults('not-json', { ...STATUS, action: 'replace', text: '<html><body>502 Bad Gateway</body></html>\n', times: -1 });
    const r = await provision(['malformed', 'not-json', 'joined']);
    expect(byHost(r).malformed!.error!.message).toBe('tailscale provider: cannot parse `tailscale status --json` output: no Self node in the output');
    expect(byHost(r)['not-json']!.error!.message).toMatch(PARSE_ERROR);
    expect(byHost(r)['not-json']!.error!.message).toMatch(/invalid or truncated JSON/);
    for (const id of ['malformed', 'not-json']) expect(tsCalls(fleet, id, 'up')).toEqual([]);
    expectHealthy(r);
  });
});

describe('a status that contradicts the join', () => {
  it('tags that did not stick after `up` fail verify with the spec’s tag-mismatch text', async () => {
    // The control plane takes `up --advertise-tags=tag:meshtui` but the node keeps tag:other
    // (as Headscale does with tags its policy does not allow): every status read says so.
    const frozen = statusJson(joinedHost('tags-ignored', TAILNETS.example, ['tag:other']), Date.now());
    faults('tags-ignored', { ...STATUS, action: 'replace', text: frozen, times: -1 });
    const r = await provision(['tags-ignored', 'joined']);
    const h = byHost(r)['tags-ignored']!;
    expect(h).toMatchObject({ status: 'failed', error: { code: 'ErrTagMismatch', message: 'tailscale provider: host tags [tag:other] do not match expected [tag:meshtui]' } });
    expect(tsCalls(fleet, 'tags-ignored', 'up').length).toBe(1);
    expect(r.events.find((e) => e.type === 'step' && e.host === 'tags-ignored' && e.status === 'failed')!.step).toBe('verify');
    expectHealthy(r);
  });
});

describe('a command printing megabytes', () => {
  it('installs fine while the CLI’s memory stays bounded (40 MB of output: the margin is clearer than with 10)', async () => {
    const base = await provision(['joined'], { sampleMem: true });
    faults('chatty', { cmd: 'sim-ctl', argv: ['installer-apply'], action: 'noise', bytes: 40_000_000 });
    const r = await provision(['chatty', 'joined'], { sampleMem: true });
    expect(byHost(r).chatty).toMatchObject({ status: 'ok', error: null });
    expectHealthy(r);
    expect(base.peakRssKb).toBeGreaterThan(0);
    // Kept whole, 40 MB of output would cost 40 MB as a Buffer plus as much again as a string; only a
    // 1 MiB tail is kept (what remains is garbage from the stream: about 20 MB measured).
    expect(r.peakRssKb - base.peakRssKb).toBeLessThan(40 * 1024);
  });

  it('keeps the tail: the installer’s error after 10 MB of output is what the message shows', async () => {
    faults('chatty-fails', { cmd: 'sim-ctl', argv: ['installer-apply'], action: 'noise', bytes: 10_000_000 });
    const r = await provision(['chatty-fails', 'apt-fails', 'joined']);
    for (const id of ['chatty-fails', 'apt-fails']) {
      const h = byHost(r)[id]!;
      expect({ id, code: h.error?.code }).toEqual({ id, code: 'ErrInstallFailed' });
      expect(h.error!.message).toBe(`tailscale provider: installation failed: install script exited 100 on Debian GNU/Linux 12 (bookworm): ${APT_ERROR}`);
    }
    expectHealthy(r);
  });
});

describe('a tailnet with 5,000 peers', () => {
  it('reads the whole ~7 MB status: the joined host is unchanged', async () => {
    const r = await provision(['big-tailnet', 'joined']);
    expect(byHost(r)['big-tailnet']).toMatchObject({ status: 'unchanged', error: null });
    expectHealthy(r);
  });

  it('`meshtui status HOST --json` prints all of it', async () => {
    const r = await runCli(['status', 'big-tailnet', '--json', '--config', fleet.configPath], { fleet });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(3_000_000);
    expect(Object.keys(JSON.parse(r.stdout).Peer).length).toBe(5000);
  });
});
