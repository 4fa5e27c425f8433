/**
 * `meshtui provision --all --json` (dist/meshtui.js) against the whole harness catalogue: each host's
 * status and the spec's exact message, exit 1, then a second run with every joined host `unchanged`
 * and no second `tailscale up`; plain output; one SSH connection per host per run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, provisionAll, runCli, tsCalls, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { TEST_AUTH_KEY } from '../harness/paths.js';

let fleet: Fleet;
let first: CliResult;
beforeAll(async () => {
  fleet = await startFleet();
  first = await provisionAll(fleet);
});
afterAll(async () => {
  await fleet?.stop();
});

const UNSUPPORTED = 'tailscale provider: unsupported operating system (v1 supports Linux Debian/Ubuntu only)';
/** [status, error code, exact message or pattern] per catalogue host. */
const EXPECTED: Record<string, [string, string | null, string | RegExp | null]> = {
  fresh: ['ok', null, null],
  joined: ['unchanged', null, null],
  old: ['failed', 'ErrInstallFailed', 'tailscale provider: installation failed: installed version 1.70.0 is below minimum 1.78.0'],
  other: ['failed', 'ErrTailnetMismatch', 'tailscale provider: host is in tailnet othercorp, expected example'],
  denied: ['failed', 'ErrTagMismatch', 'tailscale provider: requested tags [tag:meshtui] are invalid or not permitted'],
  badkey: ['failed', 'ErrAuthKeyInvalid', 'tailscale provider: invalid or expired auth key'],
  sudopw: ['needs-action', 'ErrSudoPassword', /^sudo on sudopw wants a password: run 'meshtui prepare sudopw' once/],
  alpine: ['failed', 'ErrUnsupportedOS', UNSUPPORTED],
  closed: ['failed', 'ErrSSH', /^ssh: cannot connect to 127\.0\.0\.1:\d+: connection refused$/],
  silent: ['failed', 'ErrTimeout', /^ssh: 127\.0\.0\.1:\d+ accepted the connection but did not answer within 2s$/],
  ubuntu: ['ok', null, null],
  changedkey: ['failed', 'ErrHostKey', /^host key for 127\.0\.0\.1 has changed: known SHA256:\S+, offered SHA256:\S+/],
  unknownkey: ['failed', 'ErrHostKey', /^unknown host key for 127\.0\.0\.1 \(SHA256:\S+\); ssh\.host_key_policy is strict/],
  macos: ['failed', 'ErrUnsupportedOS', `${UNSUPPORTED}: macos runs macOS`],
};

describe('meshtui provision --all --json against the catalogue fleet', () => {
  it('gives each host the right status, error code and the spec’s exact message, and exits 1', () => {
    expect(first.code).toBe(1);
    expect(first.stderr).toBe('');
    expect(first.summary).toBeDefined();
    expect(first.events.at(-1)).toBe(first.summary);
    const got = byHost(first);
    expect(Object.keys(got)).toEqual(fleet.hosts.map((h) => h.id)); // input order
    for (const [id, [status, code, message]] of Object.entries(EXPECTED)) {
      const h = got[id]!;
      expect({ id, status: h.status }).toEqual({ id, status });
      if (code === null) {
        expect(h.error).toBeNull();
        expect(h.fqdn).toBe(`${id}.example.ts.net`);
        continue;
      }
      expect({ id, code: h.error?.code }).toEqual({ id, code });
      if (typeof message === 'string') expect(h.error?.message).toBe(message);
      else expect(h.error?.message).toMatch(message!);
      expect(h.fqdn).toBeNull();
    }
    expect(got.fresh!.changed).toBe(true);
    expect(got.joined!.changed).toBe(false);
  });

  it('prints one well-formed step line per step change, ending each host in its summary status', () => {
    const steps = first.events.filter((e) => e.type === 'step');
    expect(steps.length).toBeGreaterThan(30);
    for (const e of steps) {
      expect(Object.keys(e).slice(0, 4)).toEqual(['type', 'host', 'step', 'status']);
      expect(['running', 'ok', 'changed', 'skipped', 'failed', 'needs-action']).toContain(e.status);
    }
    const last = (id: string) => steps.filter((e) => e.host === id && e.status !== 'running').at(-1)!;
    expect(last('old')).toMatchObject({ step: 'check-version', status: 'failed', error: { code: 'ErrInstallFailed' } });
    expect(last('alpine')).toMatchObject({ step: 'install', status: 'failed' });
    expect(last('sudopw')).toMatchObject({ step: 'join', status: 'needs-action' });
    expect(last('fresh')).toMatchObject({ step: 'fqdn', status: 'ok', detail: 'fresh.example.ts.net' });
    expect(steps.find((e) => e.host === 'fresh' && e.step === 'install' && e.status === 'changed')?.detail).toBe('installed tailscale 1.102.3');
  });

  it('gives up on a port that accepts TCP and never speaks within connect_timeout (2s)', () => {
    const connect = first.events.find((e) => e.type === 'step' && e.host === 'silent' && e.step === 'connect' && e.status === 'failed')!;
    expect(connect.durationMs).toBeGreaterThanOrEqual(1900);
    expect(connect.durationMs).toBeLessThan(3500);
    expect(first.ms).toBeLessThan(20_000);
  });

  it('installs and joins fresh hosts with the plan’s tags; an already joined host gets no `up`', () => {
    const install = fleet.argvLog('fresh').find((e) => e.cmd === 'curl')!;
    expect(install.argv).toContain('https://tailscale.com/install.sh');
    const [up, ...more] = tsCalls(fleet, 'fresh', 'up');
    expect(more).toEqual([]);
    expect(up).toMatchObject({ uid: 0, sudo: true });
    expect(up!.argv.slice(1)).toEqual([
      '--timeout=90s',
      '--hostname=fresh',
      '--advertise-tags=tag:meshtui,tag:meshtui-app',
      expect.stringMatching(/^--auth-key=file:\/tmp\/meshtui-key\.[A-Za-z0-9]{8}$/),
    ]);
    expect(tsCalls(fleet, 'ubuntu', 'up')[0]!.argv).toContain('--advertise-tags=tag:meshtui,tag:meshtui-db');
    expect(fleet.state('ubuntu')).toMatchObject({ backendState: 'Running', tags: ['tag:meshtui', 'tag:meshtui-db'] });
    for (const id of ['joined', 'old', 'other', 'alpine', 'macos']) expect({ id, ups: tsCalls(fleet, id, 'up').length }).toEqual({ id, ups: 0 });
    expect(tsCalls(fleet, 'joined', 'status', '--json').length).toBe(1);
  });

  it('opens exactly one SSH connection per reachable host', () => {
    for (const id of ['fresh', 'joined', 'old', 'other', 'denied', 'badkey', 'sudopw', 'alpine', 'ubuntu', 'macos']) {
      expect({ id, connections: fleet.connections(id) }).toEqual({ id, connections: 1 });
    }
    for (const id of ['changedkey', 'unknownkey']) expect({ id, connections: fleet.connections(id) }).toEqual({ id, connections: 0 });
  });

  it('a second run reports every joined host unchanged, runs no second `up`, and fails the same hosts the same way', async () => {
    const second = await provisionAll(fleet);
    expect(second.code).toBe(1);
    const got = byHost(second);
    for (const id of ['fresh', 'joined', 'ubuntu']) {
      expect({ id, status: got[id]!.status, changed: got[id]!.changed }).toEqual({ id, status: 'unchanged', changed: false });
      expect(got[id]!.fqdn).toBe(`${id}.example.ts.net`);
    }
    expect(tsCalls(fleet, 'fresh', 'up').length).toBe(1);
    expect(tsCalls(fleet, 'ubuntu', 'up').length).toBe(1);
    expect(tsCalls(fleet, 'joined', 'up').length).toBe(0);
    expect(fleet.argvLog('fresh').filter((e) => e.cmd === 'curl').length).toBe(1); // no second install
    const before = byHost(first);
    for (const id of ['old', 'other', 'denied', 'badkey', 'sudopw', 'alpine', 'closed', 'macos']) {
      expect({ id, s: got[id]!.status, e: got[id]!.error?.code }).toEqual({ id, s: before[id]!.status, e: before[id]!.error?.code });
    }
    for (const id of ['fresh', 'joined', 'old', 'ubuntu', 'macos']) expect({ id, n: fleet.connections(id) }).toEqual({ id, n: 2 });
  });

  it('prints plain `HOST STEP STATUS [detail]` lines and a summary when not asked for JSON', async () => {
    const r = await runCli(['provision', 'joined', 'old', '--config', fleet.configPath], { fleet });
    expect(r.code).toBe(1);
    const [steps, summary] = r.stdout.split('\n\nsummary:\n');
    const lines = steps!.split('\n');
    for (const l of lines) expect(l).toMatch(/^(joined|old) [a-z-]+ (running|ok|changed|skipped|failed|needs-action)( .+)?$/);
    const failed = 'old check-version failed ErrInstallFailed: tailscale provider: installation failed: installed version 1.70.0 is below minimum 1.78.0';
    expect(lines.some((l) => l === failed || (l.startsWith(failed) && /^ \(\d+\.\ds\)$/.test(l.slice(failed.length))))).toBe(true);
    expect(lines.some((l) => /^joined fqdn ok joined\.example\.ts\.net( \(\d+\.\ds\))?$/.test(l))).toBe(true);
    expect(r.stdout).not.toContain('{');
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colour when not a TTY
    expect(summary).toMatch(/^ {2}joined +unchanged +joined\.example\.ts\.net$/m);
    expect(summary).toMatch(/^ {2}old +failed +ErrInstallFailed: tailscale provider: installation failed: installed version 1\.70\.0 is below minimum 1\.78\.0$/m);
    expect(summary).toMatch(/^2 hosts: 1 unchanged, 1 failed\n$/m);
  });

  it('exits 0 when every host it was asked about is ok or unchanged', async () => {
    const r = await runCli(['provision', 'fresh', 'joined', '--json', '--config', fleet.configPath], { fleet });
    expect(r.code).toBe(0);
    expect(r.summary!.hosts.map((h) => [h.id, h.status])).toEqual([['fresh', 'unchanged'], ['joined', 'unchanged']]);
  });

  it('never shows the auth key: not in any argv log, the CLI output, the journal or the sshd logs', () => {
    const journal = join(fleet.dir, '.meshtui');
    const files = readdirSync(journal, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(1);
    const texts = [
      first.stdout,
      first.stderr,
      ...files.map((f) => readFileSync(join(f.parentPath, f.name), 'utf8')),
      ...fleet.hosts.map((h) => readFileSync(join(h.hostDir, 'argv.log'), 'utf8') + fleet.sshdLog(h.id)),
    ];
    for (const t of texts) expect(t).not.toContain(TEST_AUTH_KEY);
    expect(texts.join('\n')).not.toContain(TEST_AUTH_KEY.slice(-20));
  });
});
