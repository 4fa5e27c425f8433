import { describe, expect, it } from 'vitest';
import { FakeCommander, fixture } from '../../../test/fake-commander.js';
import { fakeWindowsHost } from '../../../test/fake-windows.js';
import { factsOf, KEY_SHAPED, trail, WIN_HOST, WIN_KEY, winDeps, winInventory, winRun } from '../../../test/windows-kit.js';
import { psAssignments } from '../../sim/pwsh.js';
import { joinedHost, TAILNETS } from '../../sim/index.js';
import { installedWindowsHost, makeWindowsHost, type IpnBehaviour, type SimWindowsHost } from '../../sim/windows.js';
import { provisionHost } from '../provision.js';
import { JOIN_KEY_PATH, JOIN_SCRIPT_PATH, OPERATOR_COMMAND } from './scripts.js';

const KEYS = { validKeys: [WIN_KEY], reusableKeys: [WIN_KEY] };
/** No watching here (windows_watch: 0): the host ends needs-action at once. */
const INV = winInventory({ windowsWatchMs: 0 });
const host = (ipn: IpnBehaviour = 'ok', over: Partial<SimWindowsHost> = {}) => installedWindowsHost('win-1', { ...KEYS, ...over }, { ipn });

async function provision(h: SimWindowsHost, inv = INV) {
  const fw = fakeWindowsHost(h);
  const { run, events } = winRun();
  const deps = winDeps(async () => fw.fake);
  const r = await provisionHost(inv, WIN_HOST, deps, run);
  return { r, events, fw, deps };
}

describe('Windows join', () => {
  it('ok: up --unattended with our flags, the key only on stdin, checked a few seconds after up exits', async () => {
    const { r, events, fw, deps } = await provision(host());
    expect(r).toMatchObject({ status: 'ok', changed: true, fqdn: 'win-1.example.ts.net', os: 'Microsoft Windows Server 2022 Datacenter (10.0.20348)', error: null });
    expect(trail(events)).toEqual([
      'connect:running', 'connect:ok', 'detect-os:running', 'detect-os:ok', 'check-version:running', 'check-version:ok',
      'install:running', 'install:skipped', 'join:running', 'join:changed', 'verify:running', 'verify:ok', 'fqdn:running', 'fqdn:ok',
    ]);
    const up = fw.state().windows.calls.find((c) => c[1] === 'up')!;
    expect(up.slice(0, 6)).toEqual(['tailscale.exe', 'up', '--unattended', '--timeout=90s', '--hostname=win-1', '--advertise-tags=tag:meshtui']);
    expect(up[6]).toMatch(/^--auth-key=file:C:\\Users\\deploy\\AppData\\Local\\Temp\\meshtui-key-/);
    const join = fw.fake.calls.find((c) => /meshtui:join/.test(c.line))!;
    expect(join.stdin).toBe(`${WIN_KEY}\n`);
    expect(fw.state().windows.fileLog).toEqual([expect.stringMatching(/^create .* user-only$/), expect.stringMatching(/^delete /)]);
    expect(deps.clock.sleeps).toEqual([5_000]);
    expect(fw.fake.calls.every((c) => !KEY_SHAPED.test(c.line))).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(KEY_SHAPED);
    expect(fw.fake.closed).toBe(1);
  });

  it('already joined: unchanged, no `up`, no key needed', async () => {
    const joined = joinedHost('win-1', TAILNETS.example, ['tag:meshtui'], { uname: makeWindowsHost('x').uname, osRelease: null });
    const h: SimWindowsHost = { ...joined, windows: { ...host().windows, unattended: true } };
    const fw = fakeWindowsHost(h);
    const { run } = winRun();
    const r = await provisionHost(INV, WIN_HOST, winDeps(async () => fw.fake, { env: {} }), run);
    expect(r).toMatchObject({ status: 'unchanged', fqdn: 'win-1.example.ts.net' });
    expect(fw.fake.calls.some((c) => /meshtui:join/.test(c.line))).toBe(false);
  });

  it('a control-plane refusal is reported as on Linux (no script: it would fail the same way)', async () => {
    const { r, fw } = await provision(host('ok', { validKeys: [] }));
    expect(r.error).toMatchObject({ code: 'ErrAuthKeyInvalid', message: 'tailscale provider: invalid or expired auth key' });
    expect(fw.state().windows.files[JOIN_SCRIPT_PATH]).toBeUndefined();
  });

  it('forced os: windows skips the POSIX detect', async () => {
    const fw = fakeWindowsHost(host());
    const { run } = winRun();
    await provisionHost(INV, { ...WIN_HOST, os: 'windows' }, winDeps(async () => fw.fake), run);
    expect(fw.lines.some((l) => l.startsWith('sh '))).toBe(false);
    expect(fw.fake.calls.every((c) => c.opts.shell === 'powershell')).toBe(true);
  });
});

describe('Windows join: the IPN session failures → C:\\temp\\join-mesh.ps1 and needs-action', () => {
  it.each([
    ['ipn-not-connected', 'daemon-unreachable', 'cannot reach the Tailscale service'],
    ['hang', 'up-timeout', 'hung until --timeout'],
    ['other-user', 'server-mode', 'server mode for WIN-1\\Administrator'],
    ['drops-after-up', 'not-running-after-up', 'a few seconds later the node is NoState'],
  ] as const)('%s → %s', async (ipn, cause, why) => {
    const { r, events, fw } = await provision(host(ipn));
    expect(r.status).toBe('needs-action');
    expect(r.error).toMatchObject({ code: 'ErrWindowsInteractive', cause: `windows-${cause}` });
    expect(r.error!.message).toContain(why);
    expect(r.error!.message).toContain(`Run in an interactive session on win-1 (RDP or console): ${OPERATOR_COMMAND}`);
    expect(OPERATOR_COMMAND).toBe('powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1');
    expect(r.error!.detail).toMatchObject({ command: OPERATOR_COMMAND, scriptPath: JOIN_SCRIPT_PATH, keyPath: JOIN_KEY_PATH, user: 'WIN-1\\deploy' });
    expect(trail(events).slice(-2)).toEqual(['join:running', 'join:needs-action']);

    // The script: on disk, user-only, our flags, and no key in it; the key file (user-only) came over stdin.
    const w = fw.state().windows;
    const script = w.files[JOIN_SCRIPT_PATH]!;
    expect(script.userOnly).toBe(true);
    expect(script.content).not.toMatch(KEY_SHAPED);
    expect(psAssignments(script.content)).toMatchObject({
      meshtuiHost: 'win-1',
      keyFile: JOIN_KEY_PATH,
      tsArgs: ['up', '--unattended', '--reset', '--timeout=90s', '--hostname=win-1', '--advertise-tags=tag:meshtui'],
    });
    expect(script.content).toContain('Stop-Service -Name Tailscale');
    expect(script.content).toMatch(/finally \{\n\s+Remove-Item -LiteralPath \$keyFile/);
    expect(w.files[JOIN_KEY_PATH]).toEqual({ content: WIN_KEY, userOnly: true });
    const write = fw.fake.calls.find((c) => /meshtui:write-join-script/.test(c.line))!;
    expect(write.stdin).toBe(`${WIN_KEY}\n`);
    expect(fw.fake.calls.every((c) => !KEY_SHAPED.test(c.line))).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(KEY_SHAPED);
    expect(JSON.stringify(r)).not.toMatch(KEY_SHAPED);
  });

  it.each([
    ['error: failed to connect to local Tailscale daemon; it doesn\'t appear to be running (waiting for Tailscale...)', 'daemon-unreachable'],
    ['The Tailscale client is not connected to the daemon.', 'client-not-connected'],
    ['open \\\\.\\pipe\\ProtectedPrefix\\Administrators\\Tailscale\\tailscaled: Access is denied.', 'access-denied'],
    ['failed to connect to local tailscaled (which appears to be running as tailscaled.exe, pid 3440). Got error: 401 Unauthorized: Tailscale already in use by WIN-1\\alice, pid 7716', 'other-user'],
    [fixture('up-error-windows-server-mode-other-user.txt'), 'server-mode'],
    [fixture('up-error-tailscaled-not-running-windows.txt'), 'daemon-unreachable'],
  ])('the text %j → %s', async (text, cause) => {
    const fake = new FakeCommander()
      .on(/^sh -c/, { stderr: "'sh' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n", code: 1 })
      .on(/meshtui:probe/, { stdout: 'os=Windows_NT\nversion=Microsoft Windows NT 10.0.20348.0\nuser=WIN-1\\deploy\nadmin=True\n' })
      .on(/meshtui:version/, { stdout: '1.102.3\n' })
      .on(/meshtui:status/, { stdout: fixture('status-needslogin.json') })
      .on(/meshtui:join/, { stderr: text, code: 1 })
      .on(/meshtui:write-join-script/, { stdout: 'wrote' });
    const { run } = winRun();
    const r = await provisionHost(INV, WIN_HOST, winDeps(async () => fake), run);
    expect(r.error).toMatchObject({ code: 'ErrWindowsInteractive', cause: `windows-${cause}` });
    expect(fake.callsMatching(/meshtui:write-join-script/)[0]!.stdin).toBe(`${WIN_KEY}\n`);
  });

  it('the script cannot be written → still needs-action, saying so, with the manual way', async () => {
    const fake = fakeWindowsHost(host('ipn-not-connected')).fake.override(/meshtui:write-join-script/, { stderr: 'meshtui: cannot write the join script: Access to the path is denied.', code: 97 });
    const { run } = winRun();
    const r = await provisionHost(winInventory(), WIN_HOST, winDeps(async () => fake), run);
    expect(r.status).toBe('needs-action');
    expect(r.error!.message).toContain('could not write C:\\temp\\join-mesh.ps1: meshtui: cannot write the join script');
    expect(r.error!.detail?.scriptPath).toBeUndefined();
    expect(fake.closed).toBe(1);
  });

  it('the facts name the OS for the dashboard', async () => {
    const { events } = await provision(host('hang'));
    expect(factsOf(events)).toMatchObject({ os: 'Microsoft Windows Server 2022 Datacenter (10.0.20348)', kernel: 'Windows_NT', wsl: 'false' });
  });
});
