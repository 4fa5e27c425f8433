/**
 * The real `meshtui` binary (dist/meshtui.js) in tmux, driven as a person would: provision all with
 * `a` against real sshd hosts, open a failed host's detail, answer the sudo host's prompt with the
 * password (never on screen), run `prepare` from the prompt for a second sudo host and provision it
 * again, quit with `q`. Then `meshtui --demo`: `a`, accept the host key, wait for the summary (its
 * Windows host waits for its "operator" and then joins by itself).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, REPO } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { SUDO_PASSWORD } from '../harness/paths.js';
import { EXIT_MARK, TmuxSession } from '../harness/tmux.js';

const SUDOERS = '/etc/sudoers.d/meshtui';
const T = 60_000;

/** Only what the CLI needs (cliEnv: HOME = the fleet dir, TS_AUTHKEY, NO_COLOR), plus PATH. */
function envFor(fleet?: Fleet): Record<string, string> {
  const env = cliEnv(fleet ? { fleet } : {});
  const keep = ['PATH', 'HOME', 'TS_AUTHKEY', 'NO_COLOR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]));
}

describe('the dashboard in tmux, against the sshd fleet', () => {
  let fleet: Fleet;
  let tmux: TmuxSession;
  /** Every screen read, history included: the password must be on none of them. */
  const seen: string[] = [];
  const look = (s: string) => (seen.push(s), s);

  beforeAll(async () => {
    rmSync(SUDOERS, { force: true });
    fleet = await startFleet({ hosts: ['fresh', 'joined', 'denied', 'sudopw', { id: 'sudopw2', template: 'sudopw' }] });
    tmux = TmuxSession.start({ dir: fleet.dir, cwd: fleet.dir, argv: [process.execPath, CLI, '--config', fleet.configPath], env: { ...envFor(fleet), LANG: 'C.UTF-8' } });
  });
  afterAll(async () => {
    tmux?.kill();
    rmSync(SUDOERS, { force: true });
    await fleet?.stop();
  });

  it('starts with every host idle, and `a` provisions all until the run finishes', async () => {
    look(await tmux.waitFor('5 hosts: 5 idle', { timeoutMs: T }));
    tmux.key('a');
    const s = look(await tmux.waitFor(/finished provision 5\/5/, { timeoutMs: T }));
    expect(s).toMatch(/5 hosts: 1 ok · 1 unchanged · 1 failed · 2 needs action/);
    // The first fixable failure offers its fix when the run ends.
    expect(s).toContain('denied: tags not permitted');
    const all = look(tmux.capture(true));
    expect(all).toMatch(/✓ fresh +ok .*fresh\.example\.ts\.net/);
    expect(all).toMatch(/! sudopw +needs action .*sudo wants a password/);
  }, 2 * T);

  it('opens the failed host: its error and remedy; Esc goes back', async () => {
    tmux.key('Escape'); // "later": close the offered fix
    await tmux.waitFor((s) => !s.includes('denied: tags not permitted'), { timeoutMs: T });
    tmux.key('Escape'); // run view → host list
    look(await tmux.waitFor(/HOST +ADDRESS/, { timeoutMs: T }));
    await tmux.select('denied');
    tmux.key('Enter');
    const top = look(await tmux.waitFor(/status failed/, { timeoutMs: T }));
    expect(top).toMatch(/^denied +mt-nopw@127\.0\.0\.1:\d+/m);
    expect(top).toMatch(/✗ join +failed/);
    tmux.key('G'); // the end of the page: error, remedy, output
    const d = look(await tmux.waitFor('Remedy', { timeoutMs: T }));
    expect(d).toContain('ErrTagMismatch');
    expect(d).toContain('requested tags [tag:meshtui] are invalid or not permitted');
    expect(d).toContain('tags not permitted by the tailnet policy  (press f)');
    tmux.key('Escape');
    look(await tmux.waitFor(/HOST +ADDRESS/, { timeoutMs: T }));
  }, 2 * T);

  it("answers the sudo host's prompt with the password, masked: the host ends ok", async () => {
    await tmux.select('sudopw');
    tmux.key('f');
    look(await tmux.waitFor('sudopw: sudo wants a password', { timeoutMs: T }));
    tmux.key('p');
    look(await tmux.waitFor('password: ▏', { timeoutMs: T }));
    tmux.type(SUDO_PASSWORD);
    const typed = look(await tmux.waitFor(`password: ${'•'.repeat(SUDO_PASSWORD.length)}▏`, { timeoutMs: T }));
    expect(typed).not.toContain(SUDO_PASSWORD);
    tmux.key('Enter');
    look(await tmux.waitFor(/finished provision 1\/1 · 1 ok/, { timeoutMs: T }));
    expect(look(tmux.capture(true))).toMatch(/✓ sudopw +ok .*sudopw\.example\.ts\.net/);
  }, 2 * T);

  it('runs prepare from the prompt of the second sudo host, then provisions it again without a password', async () => {
    tmux.key('Escape'); // run view → host list
    look(await tmux.waitFor(/HOST +ADDRESS/, { timeoutMs: T }));
    await tmux.select('sudopw2');
    tmux.key('f');
    look(await tmux.waitFor('sudopw2: sudo wants a password', { timeoutMs: T }));
    tmux.key('m');
    const offer = look(await tmux.waitFor('Passwordless sudo for sudopw2', { timeoutMs: T }));
    expect(offer).toContain('meshtui prepare sudopw2');
    expect(offer).toMatch(/p\/Enter run prepare/);
    tmux.key('Enter');
    look(await tmux.waitFor('to run prepare', { timeoutMs: T }));
    tmux.type(SUDO_PASSWORD);
    look(await tmux.waitFor(`password: ${'•'.repeat(SUDO_PASSWORD.length)}▏`, { timeoutMs: T }));
    tmux.key('Enter');
    const done = look(await tmux.waitFor('sudopw2: passwordless sudo is set up', { timeoutMs: T }));
    expect(done).toContain(`installed ${SUDOERS}`);
    expect(existsSync(SUDOERS)).toBe(true);
    tmux.key('p'); // provision it again: sudo -n now works
    const s = look(await tmux.waitFor(/finished provision 1\/1 · 1 ok/, { timeoutMs: T, what: 'sudopw2 to end ok' }));
    expect(s).toContain('5 hosts: 3 ok · 1 unchanged · 1 failed');
    expect(look(tmux.capture(true))).toMatch(/✓ sudopw2 +ok .*sudopw2\.example\.ts\.net/);
  }, 2 * T);

  it('never shows the password, and q quits (exit 1: one host failed)', async () => {
    tmux.key('q');
    const s = look(await tmux.waitFor(EXIT_MARK, { timeoutMs: T }));
    expect(s).toContain(`${EXIT_MARK}1`);
    expect(seen.length).toBeGreaterThan(10);
    for (const screen of [...seen, tmux.capture(true)]) expect(screen).not.toContain(SUDO_PASSWORD);
    // …nor in what the dashboard wrote (the run journal beside the config).
    const journal = join(fleet.dir, '.meshtui');
    const files = readdirSync(journal, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(SUDO_PASSWORD);
  }, 2 * T);
});

describe('meshtui --demo in tmux', () => {
  let session: TmuxSession | undefined;
  let dir: string | undefined;
  afterAll(() => {
    session?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a, accept the host key, and the run finishes (the Windows host joins once its script has run)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshtui-tmux-'));
    const tmux = (session = TmuxSession.start({ dir, cwd: REPO, argv: [process.execPath, CLI, '--demo'], env: { ...envFor(), LANG: 'C.UTF-8' } }));
    await tmux.waitFor('13 hosts: 13 idle', { timeoutMs: T });
    tmux.key('a');
    await tmux.waitFor('cache-1: unknown SSH host key', { timeoutMs: T });
    tmux.key('a');
    let waited = false;
    const s = await tmux.waitFor(
      (x) => {
        waited ||= x.includes('! run: powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1');
        return /finished provision 13\/13/.test(x);
      },
      { timeoutMs: 90_000 },
    );
    expect(s).toContain('13 hosts: 6 ok · 1 unchanged · 5 failed · 1 needs action');
    expect(waited).toBe(true);
    const all = tmux.capture(true);
    expect(all).toMatch(/✓ win-1 +ok .*win-1\.example\.ts\.net/);
    expect(all).toMatch(/✓ cache-1 +ok/);
    tmux.key('q');
    expect(await tmux.waitFor(EXIT_MARK, { timeoutMs: T })).toContain(`${EXIT_MARK}1`);
  }, 150_000);
});
