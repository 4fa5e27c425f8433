import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeCommander } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { BEGIN, END, INSTALL_SCRIPT, parseResolve, prepareHost, RESOLVE_SCRIPT, sudoersContent, SUDOERS_PATH } from './prepare.js';

const PW = 'correct horse battery';
const RESOLVED = 'user=deploy\nuid=0\npath.tailscale=/usr/bin/tailscale\npath.systemctl=/usr/bin/systemctl\npath.headscale=/usr/local/bin/headscale\npath.apt-get=/usr/bin/apt-get\n';

describe('sudoers content', () => {
  it('allows exactly the commands meshtui runs as root, by absolute path', () => {
    const text = sudoersContent({ user: 'deploy', paths: parseResolve(RESOLVED).paths, headscale: true, syncthing: true });
    expect(text).toBe(
      [
        '# Written by `meshtui prepare`: passwordless sudo for exactly the commands meshtui runs as root.',
        '# `meshtui prepare HOST --undo` removes this file. The tailscale installer is deliberately not here.',
        'Cmnd_Alias MESHTUI_TAILSCALE = /usr/bin/tailscale up *, /usr/bin/systemctl start tailscaled',
        'Cmnd_Alias MESHTUI_HEADSCALE = /usr/local/bin/headscale version -o json, /usr/local/bin/headscale users list -o json, /usr/local/bin/headscale nodes list -o json, /usr/local/bin/headscale preauthkeys create *',
        'Cmnd_Alias MESHTUI_SYNCTHING = /usr/bin/apt-get update, /usr/bin/apt-get install -y syncthing, /usr/bin/systemctl enable --now syncthing@deploy.service',
        'deploy ALL=(root) NOPASSWD: MESHTUI_TAILSCALE, MESHTUI_HEADSCALE, MESHTUI_SYNCTHING',
        '',
      ].join('\n'),
    );
  });

  it('a plain host gets only the tailscale commands; a missing binary gets the Debian path', () => {
    const text = sudoersContent({ user: 'mt-pw', paths: { systemctl: '/bin/systemctl' }, headscale: false, syncthing: false });
    expect(text).toContain('Cmnd_Alias MESHTUI_TAILSCALE = /usr/bin/tailscale up *, /bin/systemctl start tailscaled\nmt-pw ALL=(root) NOPASSWD: MESHTUI_TAILSCALE\n');
    expect(text).not.toMatch(/headscale|syncthing|install\.sh|sh \//);
  });

  it('is deterministic (idempotent installs) and refuses user names sudoers would misread', () => {
    const spec = { user: 'deploy', paths: {}, headscale: false, syncthing: false };
    expect(sudoersContent(spec)).toBe(sudoersContent({ ...spec }));
    for (const user of ['ALL', 'ADMINS', 'a b', '%admin', 'x,y', '']) {
      expect(() => sudoersContent({ ...spec, user })).toThrow(/cannot write a sudoers rule/);
    }
  });

  it('parseResolve ignores relative and empty paths', () => {
    expect(parseResolve('user=u\nuid=0\npath.tailscale=\npath.systemctl=systemctl\npath.apt-get=/usr/bin/apt-get\n')).toEqual({ user: 'u', uid: 0, paths: { 'apt-get': '/usr/bin/apt-get' } });
  });
});

describe('prepareHost (fake Commander)', () => {
  const resolveLine = /meshtui-prepare tailscale systemctl headscale apt-get$/;
  function host(install: { stdout?: string; stderr?: string; code?: number } = { stdout: 'result=installed\n' }, check = 0) {
    return new FakeCommander()
      .on(resolveLine, { stdout: RESOLVED })
      .on(/meshtui-prepare \/etc\/sudoers\.d\/meshtui (install|undo)$/, install)
      .on('sudo -n /usr/bin/tailscale up --help', check ? { code: 1, stderr: 'sudo: a password is required\n' } : { code: 0, stderr: 'USAGE\n  tailscale up [flags]\n' });
  }
  const ctxFor = (fake: FakeCommander) => createContext({ commander: fake, hostId: 'box', sudoPassword: PW });

  it('installs through one `sudo -S -k -p \'\'` script, content on stdin after the password, then verifies with one allowed command under sudo -n', async () => {
    const fake = host();
    const r = await prepareHost(ctxFor(fake), { password: PW, undo: false, headscale: false, syncthing: false });
    expect(r).toMatchObject({ result: 'installed', user: 'deploy', verified: true });
    expect(r.detail).toBe('installed /etc/sudoers.d/meshtui: deploy may run /usr/bin/tailscale up and the rest without a password');
    const [resolve, install, check] = fake.calls;
    expect(resolve!.argv.slice(0, 7)).toEqual(['sudo', '-S', '-k', '-p', '', 'sh', '-c']);
    expect(resolve!.argv[7]).toBe(RESOLVE_SCRIPT);
    expect(resolve!.stdin).toBe(`${PW}\n`);
    expect(install!.argv.slice(0, 8)).toEqual(['sudo', '-S', '-k', '-p', '', 'sh', '-c', INSTALL_SCRIPT]);
    expect(install!.argv.slice(-2)).toEqual([SUDOERS_PATH, 'install']);
    expect(install!.stdin).toBe(`${PW}\n${BEGIN}\n${r.content}${END}\n`);
    expect(check!.line).toBe('sudo -n /usr/bin/tailscale up --help');
    expect(check!.stdin).toBeUndefined();
    for (const c of fake.calls) expect(c.argv.join(' ')).not.toContain(PW);
  });

  it('same content: unchanged', async () => {
    const r = await prepareHost(ctxFor(host({ stdout: 'result=unchanged\n' })), { password: PW, undo: false, headscale: true, syncthing: false });
    expect(r.result).toBe('unchanged');
    expect(r.detail).toMatch(/^\/etc\/sudoers\.d\/meshtui already up to date/);
  });

  it('visudo rejects the file: nothing installed, a clear error, no password in it', async () => {
    const fake = host({ code: 3, stderr: 'visudo: /etc/sudoers.d/.meshtui.Ab12: syntax error near line 3 <<<\n' });
    const e = (await prepareHost(ctxFor(fake), { password: PW, undo: false, headscale: false, syncthing: false }).catch((x: unknown) => x)) as Error & { causeId: string; code: string };
    expect(e).toMatchObject({ code: 'ErrSudoPassword', causeId: 'prepare-visudo' });
    expect(e.message).toMatch(/^prepare: visudo rejected the sudoers file for box; nothing was installed: \/etc\/sudoers\.d\/\.meshtui\.Ab12: syntax error near line 3/);
    expect(JSON.stringify(e)).not.toContain(PW);
  });

  it('installed but sudo -n still wants a password (a later rule wins): said so', async () => {
    const r = await prepareHost(ctxFor(host(undefined, 1)), { password: PW, undo: false, headscale: false, syncthing: false });
    expect(r.verified).toBe(false);
    expect(r.detail).toMatch(/still refuses \(sudo: a password is required\): sudo uses the last matching rule, so a rule for deploy read later .* overrides this one/);
  });

  it('tailscale not installed yet: verifies with systemctl start tailscaled instead', async () => {
    const fake = new FakeCommander()
      .on(resolveLine, { stdout: 'user=deploy\nuid=0\npath.tailscale=\npath.systemctl=/bin/systemctl\n' })
      .on(/install$/, { stdout: 'result=installed\n' })
      .on('sudo -n /bin/systemctl start tailscaled', { code: 5, stderr: 'Failed to start tailscaled.service: Unit tailscaled.service not found.\n' });
    expect((await prepareHost(ctxFor(fake), { password: PW, undo: false, headscale: false, syncthing: false })).verified).toBe(true);
  });

  it('--undo removes the file (password only on stdin)', async () => {
    const fake = host({ stdout: 'result=removed\n' });
    const r = await prepareHost(ctxFor(fake), { password: PW, undo: true, headscale: false, syncthing: false });
    expect(r).toMatchObject({ result: 'removed', detail: 'removed /etc/sudoers.d/meshtui' });
    expect(fake.calls[1]!.argv.at(-1)).toBe('undo');
    expect(fake.calls[1]!.stdin).toBe(`${PW}\n`);
    expect(fake.calls).toHaveLength(2);
  });

  it('a wrong password: ErrSudoPassword, worded for prepare', async () => {
    const fake = new FakeCommander().on(resolveLine, { code: 1, stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n' });
    await expect(prepareHost(ctxFor(fake), { password: 'nope', undo: false, headscale: false, syncthing: false })).rejects.toThrow('prepare: sudo on box rejected the password; nothing was changed');
  });

  it('no password given: sudo -n, and a clear error when sudo wants one', async () => {
    const fake = new FakeCommander().on(/^sudo -n sh -c/, { code: 1, stderr: 'sudo: a password is required\n' });
    await expect(prepareHost(createContext({ commander: fake, hostId: 'box' }), { password: '', undo: false, headscale: false, syncthing: false })).rejects.toThrow(
      'prepare: sudo on box wants a password and none was given',
    );
  });

  it('a root login needs nothing', async () => {
    const fake = new FakeCommander().on(resolveLine, { stdout: 'user=root\nuid=0\n' });
    const r = await prepareHost(ctxFor(fake), { password: PW, undo: false, headscale: false, syncthing: false });
    expect(r.detail).toMatch(/SSH user is root, which needs no sudo/);
    expect(fake.calls).toHaveLength(1);
  });
});

describe('the install script itself (sh, a fake visudo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshtui-prepare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'visudo'), '#!/bin/sh\nif grep -q SYNTAX-ERROR "$2"; then echo "$2: syntax error near line 1 <<<" >&2; exit 1; fi\nexit 0\n');
  writeFileSync(join(bin, 'chown'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'visudo'), 0o755);
  chmodSync(join(bin, 'chown'), 0o755);
  const dst = join(dir, 'sudoers.d', 'meshtui');
  const run = (mode: string, stdin: string) =>
    spawnSync('sh', ['-c', INSTALL_SCRIPT, 'meshtui-prepare', dst, mode], { input: stdin, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  const payload = (content: string) => `${PW}\n${BEGIN}\n${content}${END}\n`;
  const leftovers = () => readdirSync(join(dir, 'sudoers.d')).filter((f) => f !== 'meshtui');

  it('installs 0440, skips the password line, is idempotent, refuses what visudo refuses, undoes', () => {
    const content = 'deploy ALL=(root) NOPASSWD: /usr/bin/tailscale up *\n';
    const first = run('install', payload(content));
    expect(first.stdout).toBe('result=installed\n');
    expect(readFileSync(dst, 'utf8')).toBe(content);
    expect(statSync(dst).mode & 0o777).toBe(0o440);
    expect(run('install', payload(content)).stdout).toBe('result=unchanged\n');
    const bad = run('install', payload('SYNTAX-ERROR\n'));
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/^visudo: .*syntax error/);
    expect(readFileSync(dst, 'utf8')).toBe(content);
    expect(leftovers()).toEqual([]);
    // A NOPASSWD user's sudo reads no password: the line is skipped, never written.
    expect(run('install', `${PW}\n${BEGIN}\nother\n${END}\n`).stdout).toBe('result=installed\n');
    expect(readFileSync(dst, 'utf8')).toBe('other\n');
    expect(run('undo', `${PW}\n`).stdout).toBe('result=removed\n');
    expect(existsSync(dst)).toBe(false);
    expect(run('undo', `${PW}\n`).stdout).toBe('result=absent\n');
  });
});
