/**
 * A fleet with a Headscale host (ctl) and two Linux hosts, provisioned with NO auth key in the
 * environment: meshtui mints keys on ctl over SSH (as root, through sudo), joins every host, and
 * confirms each node in `headscale nodes list`. The real CLI, real sshd, real sudo; Headscale and
 * tailscale are the simulator (test/harness/headscale.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, provisionAll, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { attachHeadscale, type HeadscaleHandle } from '../harness/headscale.js';

const LOGIN = 'http://127.0.0.1:8080';
const NO_KEY = { env: { TS_AUTHKEY: undefined } };
const stepEvents = (r: CliResult, host: string, step: string) => r.events.filter((e) => e.type === 'step' && e.host === host && e.step === step && e.status !== 'running');

function argvText(fleet: Fleet): string {
  return fleet.hosts.flatMap((h) => fleet.argvLog(h.id).map((e) => e.argv.join(' '))).join('\n');
}

describe.each([
  ['0.26.1', 1],
  ['0.28.0', 2],
])('headscale %s: keys minted on the headscale host', (version, keyCount) => {
  let fleet: Fleet;
  let hs: HeadscaleHandle;
  let first: CliResult;
  beforeAll(async () => {
    fleet = await startFleet({ hosts: [{ id: 'ctl', template: 'fresh' }, { id: 'app-1', template: 'fresh' }, { id: 'db-1', template: 'ubuntu' }], loginServer: LOGIN });
    hs = attachHeadscale(fleet, { host: 'ctl', version });
    first = await provisionAll(fleet, [], NO_KEY);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('provisions every host with no key in the environment', () => {
    expect(first.stderr).toBe('');
    expect(Object.fromEntries(Object.values(byHost(first)).map((h) => [h.id, h.status]))).toEqual({ ctl: 'ok', 'app-1': 'ok', 'db-1': 'ok' });
    expect(first.code).toBe(0);
  });

  it(`mints ${keyCount} key(s) through sudo on ctl and never shows them`, () => {
    const st = hs.state();
    expect(st.keys).toHaveLength(keyCount);
    const creates = fleet.argvLog('ctl').filter((e) => e.cmd === 'headscale' && e.argv[0] === 'preauthkeys');
    expect(creates).toHaveLength(keyCount);
    expect(creates.every((e) => e.uid === 0 && e.sudo)).toBe(true);
    expect(creates[0]!.argv).toEqual(expect.arrayContaining(['--user', '2', '--reusable', '--expiration', '24h', '-o', 'json']));
    const everything = argvText(fleet) + first.stdout + first.stderr;
    for (const k of st.keys) expect(everything).not.toContain(k.key);
    const mint = stepEvents(first, 'app-1', 'mint-key')[0]!;
    expect(mint.status).toBe('ok');
    expect(mint.detail).toMatch(/key (on|from) ctl/);
  });

  it('confirms every node in headscale nodes list, with its tags', () => {
    const nodes = hs.state().nodes;
    expect(nodes.map((n) => n.givenName).sort()).toEqual(['app-1', 'ctl', 'db-1']);
    for (const id of ['app-1', 'db-1']) expect(stepEvents(first, id, 'verify')[0]!.detail).toMatch(new RegExp(`headscale ctl lists node ${id} \\(id \\d+`));
    const db = nodes.find((n) => n.givenName === 'db-1')!;
    const tags = version === '0.28.0' ? db.tags : db.advertisedTags;
    expect(tags).toEqual(['tag:meshtui', 'tag:meshtui-db']);
    expect(fleet.state('db-1').tags).toEqual(['tag:meshtui', 'tag:meshtui-db']);
    const up = fleet.argvLog('db-1').find((e) => e.cmd === 'tailscale' && e.argv[0] === 'up')!;
    expect(up.argv.some((a) => a.startsWith('--advertise-tags'))).toBe(version !== '0.28.0');
    expect(up.argv).toContain(`--login-server=${LOGIN}`);
  });

  it('a second run: all unchanged, nothing minted, the peers are pinged', async () => {
    const calls = fleet.argvLog('ctl').filter((e) => e.cmd === 'headscale').length;
    const again = await provisionAll(fleet, [], NO_KEY);
    expect(Object.values(byHost(again)).map((h) => h.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(fleet.argvLog('ctl').filter((e) => e.cmd === 'headscale')).toHaveLength(calls);
    expect(hs.state().keys).toHaveLength(keyCount);
    expect(stepEvents(again, 'app-1', 'mint-key')[0]).toMatchObject({ status: 'skipped', detail: 'already joined: no key needed' });
    expect(stepEvents(again, 'app-1', 'verify')[0]!.detail).toMatch(/ping ctl: \d+ms direct/);
    expect(stepEvents(again, 'ctl', 'verify')[0]!.detail).toMatch(/ping: skipped \(ctl is this host\)/);
  });
});
