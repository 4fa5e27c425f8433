/**
 * The secrets audit (issue "Prove it" §5): a full provision of the integration fleet through the real
 * CLI while `ps -eo args` is sampled every ~100 ms, then the auth key is searched for in the
 * simulator's argv logs, the ps samples, the journal, stdout, stderr and every log file: zero
 * occurrences. The sudo password (typed in the dashboard, so HostDeps.sudoPassword) goes through the
 * same headless runner in-process and is searched for the same way.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineServices } from '../../src/cli/engine.js';
import { runHeadless } from '../../src/cli/headless.js';
import { loadConfig } from '../../src/config/index.js';
import type { EngineEvent } from '../../src/provider/events.js';
import { Journal } from '../../src/state/journal.js';
import { byHost, provisionAll, tsCalls, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { SUDO_PASSWORD, TEST_AUTH_KEY } from '../harness/paths.js';

let fleet: Fleet;
let run: CliResult;
beforeAll(async () => {
  // `up` and the installer take a moment, so the ps sampler sees them running.
  fleet = await startFleet({ delays: { upMs: 400, installMs: 300 } });
  run = await provisionAll(fleet, [], { samplePs: true });
});
afterAll(async () => {
  await fleet?.stop();
});

/**
 * Every file under `dir` as text (journal, sshd logs, argv logs), except the harness's own inputs:
 * `env` (the key the test hands the CLI), each host's state.json (the simulated control plane's list
 * of valid keys) and the SSH key files.
 */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !/(\/env|\/hosts\/[^/]+\/state\.json|_ed25519(\.pub)?|\/authorized_keys)$/.test(p))
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

/** Where `secret` (or one of `pieces`: a split or partly redacted copy) occurs. */
function occurrences(secret: string, texts: { where: string; text: string }[], pieces: string[] = []): string[] {
  return texts.filter((t) => [secret, ...pieces].some((p) => t.text.includes(p))).map((t) => t.where);
}
/** The key's ID and its secret half, each on its own. */
const KEY_PIECES = [TEST_AUTH_KEY.slice(0, 30), TEST_AUTH_KEY.slice(-30)];

describe('secrets audit: the auth key', () => {
  it('the run provisioned the fleet and the sampler saw it working', () => {
    expect(byHost(run).fresh!.status).toBe('ok');
    expect(run.ps.length).toBeGreaterThan(5);
    const all = run.ps.join('\n');
    expect(all).toContain('meshtui.js provision --all --json');
    expect(all).toMatch(/sudo -n tailscale up --timeout=90s --hostname=(fresh|ubuntu)/); // a join was caught in flight
    expect(all).toMatch(/meshtui-join/);
  });

  it('appears nowhere: argv logs, ps samples, journal, stdout, stderr, log files', () => {
    const texts = [
      { where: 'stdout', text: run.stdout },
      { where: 'stderr', text: run.stderr },
      ...run.ps.map((text, i) => ({ where: `ps sample ${i}`, text })),
      ...filesUnder(fleet.dir).map((f) => ({ where: f.path, text: f.text })),
    ];
    expect(texts.some((t) => t.where.endsWith('argv.log'))).toBe(true);
    expect(texts.some((t) => t.where.includes('.meshtui/runs/'))).toBe(true);
    expect(texts.some((t) => t.where.endsWith('.log') && t.where.includes('/sshd/'))).toBe(true);
    expect(texts.some((t) => t.where.endsWith('state.json'))).toBe(true); // .meshtui/state.json
    expect(occurrences(TEST_AUTH_KEY, texts, KEY_PIECES)).toEqual([]);
  });

  it('was handed over in a file that is gone: every `up` used --auth-key=file:, and the files are removed', () => {
    const ups = fleet.hosts.flatMap((h) => (h.reach === 'sshd' ? tsCalls(fleet, h.id, 'up') : []));
    expect(ups.length).toBeGreaterThanOrEqual(3);
    for (const up of ups) {
      const file = /^--auth-key=file:(\/tmp\/meshtui-key\.\w{8})$/.exec(up.argv.at(-1)!)?.[1];
      expect(file).toBeDefined();
      expect(existsSync(file!)).toBe(false);
    }
  });
});

describe('secrets audit: the sudo password (HostDeps.sudoPassword, in-process)', () => {
  async function provisionWithPassword(id: string, password: string) {
    const inv = loadConfig({ path: fleet.configPath, cwd: fleet.dir });
    const journalDir = mkdtempSync(join(tmpdir(), 'meshtui-journal-'));
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
    const events: EngineEvent[] = [];
    const ps: string[] = [];
    const sampler = setInterval(() => execFile('ps', ['-eo', 'args'], (_e, o) => o && ps.push(o)), 100);
    process.env.TS_AUTHKEY = TEST_AUTH_KEY;
    try {
      const { code, results } = await runHeadless({
        inv,
        hosts: inv.hosts.filter((h) => h.id === id),
        mode: 'provision',
        concurrency: 1,
        json: true,
        stdout: sink((s) => (out += s)),
        stderr: sink((s) => (err += s)),
        engine: { open: () => createEngineServices(inv, { sudoPasswords: new Map([[id, password]]) }) },
        journal: new Journal(journalDir),
        onEvent: (e) => events.push(e),
      });
      const texts = [
        { where: 'stdout', text: out },
        { where: 'stderr', text: err },
        { where: 'events', text: JSON.stringify(events) },
        ...ps.map((text, i) => ({ where: `ps sample ${i}`, text })),
        ...filesUnder(journalDir).map((f) => ({ where: f.path, text: f.text })),
        ...filesUnder(fleet.dir).map((f) => ({ where: f.path, text: f.text })),
      ];
      return { code, results, texts, ps };
    } finally {
      clearInterval(sampler);
      delete process.env.TS_AUTHKEY;
      rmSync(journalDir, { recursive: true, force: true });
    }
  }

  it('joins with `sudo -S` and the password appears nowhere', async () => {
    fleet.setState('sudopw', { delays: { perCommandMs: 0, installMs: 0, upMs: 400 } });
    const r = await provisionWithPassword('sudopw', SUDO_PASSWORD);
    expect(r.results[0]).toMatchObject({ id: 'sudopw', status: 'ok', error: null });
    expect(r.code).toBe(0);
    expect(tsCalls(fleet, 'sudopw', 'up').at(-1)).toMatchObject({ uid: 0, sudo: true });
    expect(r.ps.join('\n')).toMatch(/sudo -S -k -p {2}tailscale up/); // the sampler saw the join
    expect(occurrences(SUDO_PASSWORD, r.texts)).toEqual([]);
    expect(occurrences(TEST_AUTH_KEY, r.texts, KEY_PIECES)).toEqual([]);
  });

  it('a wrong password ends needs-action, and is not shown either', async () => {
    const wrong = 'not-the-Sudo-passw0rd';
    fleet.setState('sudopw', { loggedIn: false, backendState: 'NeedsLogin', tailnet: null, tags: [], prefs: {} });
    const r = await provisionWithPassword('sudopw', wrong);
    expect(r.results[0]).toMatchObject({ status: 'needs-action', error: { code: 'ErrSudoPassword' } });
    expect(r.results[0]!.error!.message).toMatch(/^sudo on sudopw rejected the password/);
    expect(occurrences(wrong, r.texts)).toEqual([]);
  });
});
