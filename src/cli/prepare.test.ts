import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectOutput, FakeCommander } from '../../test/fake-commander.js';
import type { HostConfig, Inventory } from '../config/types.js';
import { PasswordAborted, readLine, readMasked } from './password.js';
import { runPrepare } from './prepare.js';

const PW = 's3cret pw';

function sink() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => (text += d));
  return { s, text: () => text };
}

describe('password input', () => {
  it('without a TTY: exactly one line from stdin', async () => {
    expect(await readLine(Readable.from([`${PW}\nrest\n`]))).toBe(PW);
    expect(await readLine(Readable.from(['no-newline']))).toBe('no-newline');
    expect(await readLine(Readable.from(['crlf\r\n']))).toBe('crlf');
  });

  it('on a TTY: raw mode, masked with *, Backspace edits, Enter ends; raw mode restored', async () => {
    const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(m: boolean): void; modes: boolean[] };
    stdin.isTTY = true;
    stdin.modes = [];
    stdin.setRawMode = (m) => void stdin.modes.push(m);
    const out = sink();
    const p = readMasked(stdin, out.s, 'pw: ');
    stdin.write('abX\u007fc');
    stdin.write('\r');
    expect(await p).toBe('abc');
    expect(out.text()).toBe('pw: ***\b \b*\n');
    expect(stdin.modes).toEqual([true, false]);
  });

  it('Ctrl-C aborts the prompt', async () => {
    const stdin = new PassThrough() as PassThrough & { setRawMode(m: boolean): void };
    stdin.setRawMode = () => {};
    const p = readMasked(stdin, sink().s, 'pw: ');
    stdin.write('ab\u0003');
    await expect(p).rejects.toBeInstanceOf(PasswordAborted);
  });
});

describe('meshtui prepare (engine services faked)', () => {
  const host: HostConfig = { id: 'box', address: '10.0.0.9', user: 'deploy', tags: [], os: 'auto' };
  const inv = {
    path: '/p/meshtui.yml',
    tailscale: { authKeyEnv: 'TS_AUTHKEY', tailnetDomain: 'example.ts.net', defaultTags: [], roleTags: {}, install: { method: 'auto', scriptUrl: 'x' }, headscale: { host: 'box', expiration: '24h', reusable: true } },
    hosts: [host],
    ssh: { knownHosts: '/dev/null', hostKeyPolicy: 'strict', connectTimeoutMs: 1000, commandTimeoutMs: 30_000 },
    syncthing: false,
  } as unknown as Inventory;

  function fake() {
    return new FakeCommander()
      .on(/kernel=\$\(uname -s/, { stdout: detectOutput() })
      .on(/meshtui-prepare tailscale systemctl headscale apt-get$/, { stdout: 'user=deploy\nuid=0\npath.tailscale=/usr/bin/tailscale\npath.systemctl=/usr/bin/systemctl\npath.headscale=/usr/bin/headscale\n' })
      .on(/meshtui-prepare \/etc\/sudoers\.d\/meshtui install$/, { stdout: 'result=installed\n' })
      .on('sudo -n /usr/bin/tailscale up --help', { code: 0 });
  }

  it('reads the password from stdin, installs the rule (headscale commands on the headscale host), exit 0', async () => {
    const f = fake();
    const out = sink();
    const err = sink();
    let closed = 0;
    const code = await runPrepare({
      inv,
      host: 'box',
      undo: false,
      io: { stdout: out.s, stderr: err.s, stdin: Readable.from([`${PW}\n`]) },
      services: async () => ({ deps: { connect: async () => f, env: () => undefined, now: () => 0 }, closeAll: async () => void closed++ }),
    });
    expect(code).toBe(0);
    expect(out.text()).toBe('box: installed /etc/sudoers.d/meshtui: deploy may run /usr/bin/tailscale up and the rest without a password\n');
    expect(err.text()).toBe(''); // no prompt without a TTY
    const install = f.callsMatching(/install$/)[0]!;
    expect(install.stdin).toContain('Cmnd_Alias MESHTUI_HEADSCALE = /usr/bin/headscale version -o json');
    expect(install.stdin!.startsWith(`${PW}\n`)).toBe(true);
    expect(f.calls.every((c) => !c.argv.join(' ').includes(PW))).toBe(true);
    expect(out.text() + err.text()).not.toContain(PW);
    expect(closed).toBe(1);
  });

  it('refuses a Windows host before asking anything', async () => {
    const win = { ...inv, hosts: [{ ...host, os: 'windows' as const }] } as Inventory;
    await expect(runPrepare({ inv: win, host: 'box', undo: false, io: { stdout: sink().s, stderr: sink().s, stdin: Readable.from([]) } })).rejects.toThrow(/Windows host/);
  });
});
