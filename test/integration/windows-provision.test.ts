/**
 * Windows targets through real OpenSSH: sshd hands the engine's commands to win-shell, which answers
 * as cmd.exe / PowerShell (src/sim/windows.ts). A Windows host whose `tailscale up` over SSH runs into
 * the IPN session problem ends needs-action with C:\temp\join-mesh.ps1 written and the command shown;
 * once "the operator" runs the script (the harness plays the interactive session), the watch flips it
 * to ok, while Linux and WSL hosts in the same run finish unaffected, even with concurrency 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byHost, provisionAll, runCli, startCli, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';
import { TEST_AUTH_KEY } from '../harness/paths.js';
import { ssh } from '../harness/ssh.js';
import type { SimWindowsHost } from '../../src/sim/windows.js';

const COMMAND = 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1';
const SCRIPT = 'C:\\temp\\join-mesh.ps1';
const KEY_FILE = 'C:\\temp\\join-mesh.key';
const KEY_SECRET = TEST_AUTH_KEY.split('-').pop()!;
const win = (fleet: Fleet, id: string) => fleet.state(id) as SimWindowsHost;

function noKeyAnywhere(fleet: Fleet, id: string, r: CliResult): void {
  expect(JSON.stringify(fleet.argvLog(id))).not.toContain(KEY_SECRET);
  expect(JSON.stringify(win(fleet, id).windows.calls)).not.toContain(KEY_SECRET);
  expect(r.stdout).not.toContain(KEY_SECRET);
  expect(r.stderr).not.toContain(KEY_SECRET);
}

describe('a Windows host waits for its operator while the rest of the fleet finishes', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      hosts: [{ id: 'win-1', template: 'win-drops' }, { id: 'lin-1', template: 'fresh' }, { id: 'wsl-1', template: 'wsl' }],
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('win-1 needs action with the script and command shown, Linux/WSL finish, the operator runs it, win-1 ends ok', async () => {
    const cli = startCli(['provision', '--all', '--json', '--config', fleet.configPath], { fleet, timeoutMs: 90_000 });
    const needs = await cli.waitFor((e) => e.host === 'win-1' && e.step === 'join' && e.status === 'needs-action');
    expect(needs.error.code).toBe('ErrWindowsInteractive');
    expect(needs.error.message).toContain('a few seconds later the node is NoState');
    expect(needs.error.message).toContain(`Run in an interactive session on win-1 (RDP or console): ${COMMAND}`);
    const waiting = await cli.waitFor((e) => e.host === 'win-1' && e.step === 'operator' && e.status === 'running');
    expect(waiting.detail).toBe(`waiting for the operator to run ${SCRIPT} on win-1 in an interactive session (RDP or console): ${COMMAND}`);

    // With concurrency 1, the other hosts run only because the watching host gave its slot back.
    await cli.waitFor((e) => e.host === 'lin-1' && e.step === 'fqdn' && e.status === 'ok', 60_000);
    const wsl = await cli.waitFor((e) => e.host === 'wsl-1' && e.step === 'detect-os' && e.status === 'ok', 60_000);
    expect(wsl.detail).toContain('install Tailscale on its Windows side');
    await cli.waitFor((e) => e.host === 'wsl-1' && e.step === 'fqdn' && e.status === 'ok', 60_000);

    const before = win(fleet, 'win-1').windows;
    expect(before.files[SCRIPT]).toMatchObject({ userOnly: true });
    expect(before.files[SCRIPT]!.content).not.toContain(KEY_SECRET);
    expect(before.files[KEY_FILE]).toEqual({ content: TEST_AUTH_KEY, userOnly: true });

    const op = fleet.runWindowsJoinScript('win-1');
    expect(op.code).toBe(0);
    expect(win(fleet, 'win-1').windows.files[KEY_FILE]).toBeUndefined();

    const r = await cli.result;
    expect(r.code).toBe(0);
    const got = byHost(r);
    expect(got['win-1']).toMatchObject({ status: 'ok', fqdn: 'win-1.example.ts.net', error: null });
    expect(got['lin-1']).toMatchObject({ status: 'ok', error: null });
    expect(got['wsl-1']).toMatchObject({ status: 'ok', error: null });
    const trail = r.events.filter((e) => e.host === 'win-1' && e.type === 'step').map((e) => `${e.step}:${e.status}`);
    expect(trail.slice(-4)).toEqual(['join:needs-action', 'operator:running', 'operator:changed', 'fqdn:ok']);
    // lin-1 finished before win-1 was joined.
    const idx = (pred: (e: Record<string, any>) => boolean) => r.events.findIndex(pred);
    expect(idx((e) => e.host === 'lin-1' && e.step === 'fqdn')).toBeLessThan(idx((e) => e.host === 'win-1' && e.step === 'operator' && e.status === 'changed'));

    // Over SSH: cmd.exe got the POSIX detect (and refused it), everything else was -EncodedCommand PowerShell.
    const lines = fleet.argvLog('win-1').filter((e) => e.cmd === 'cmd.exe').map((e) => e.argv[0]!);
    expect(lines[0]).toMatch(/^sh -c /);
    expect(lines.slice(1).every((l) => /^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/.test(l))).toBe(true);
    const up = win(fleet, 'win-1').windows.calls.filter((c) => c[1] === 'up');
    expect(up[0]!.slice(0, 3)).toEqual(['tailscale.exe', 'up', '--unattended']);
    expect(win(fleet, 'win-1')).toMatchObject({ backendState: 'Running', windows: { unattended: true, operatorRuns: 1 } });
    noKeyAnywhere(fleet, 'win-1', r);
  });
});

describe('without a watch: the summary carries the command; after the operator ran it, a re-run is unchanged', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      hosts: [
        { id: 'win-2', template: 'win-ipn', os: 'windows' },
        { id: 'lin-2', template: 'fresh' },
        { id: 'win-3', template: 'win-fresh' },
        { id: 'win-4', template: 'win-nowinget' },
      ],
      windowsWatch: '0s',
    });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('the Windows shell answers as cmd.exe does', async () => {
    expect(await ssh(fleet, 'win-2', 'uname -s')).toMatchObject({
      stderr: "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
      code: 1,
    });
    expect((await ssh(fleet, 'win-2', 'echo %OS%')).stdout).toBe('Windows_NT\r\n');
  });

  it('ends needs-action (exit 1) with the command in the JSON summary, then joins once the operator runs the script', async () => {
    const first = await provisionAll(fleet);
    expect(first.code).toBe(1);
    const got = byHost(first);
    expect(got['lin-2']).toMatchObject({ status: 'ok', error: null });
    // winget installs Tailscale over SSH and the join holds (no IPN problem on this one).
    expect(got['win-3']).toMatchObject({ status: 'ok', fqdn: 'win-3.example.ts.net', error: null });
    expect(win(fleet, 'win-3').windows.calls.find((c) => c[0] === 'winget.exe')).toEqual([
      'winget.exe', 'install', '--id', 'Tailscale.Tailscale', '--source', 'winget', '--accept-source-agreements', '--accept-package-agreements', '--silent',
    ]);
    expect(got['win-4']).toMatchObject({ status: 'failed', error: { code: 'ErrInstallFailed', message: 'tailscale provider: installation failed: winget is not available on win-4' } });
    expect(got['win-4']!.error!.remedy).toContain('https://pkgs.tailscale.com/stable/#windows');
    const w = got['win-2']!;
    expect(w).toMatchObject({ status: 'needs-action', fqdn: null, error: { code: 'ErrWindowsInteractive' } });
    expect(w.error!.message).toBe(
      `tailscale provider: win-2 needs an interactive join: the tailscale CLI cannot reach the Tailscale service from the SSH session. Run in an interactive session on win-2 (RDP or console): ${COMMAND}`,
    );
    expect(w.error!.remedy).toContain(`meshtui wrote ${SCRIPT}, and the auth key to ${KEY_FILE} (readable only by WIN-2\\deploy`);
    // os: windows: the POSIX detect was never sent.
    expect(fleet.argvLog('win-2').filter((e) => e.cmd === 'cmd.exe' && e.argv[0]!.startsWith('sh '))).toEqual([]);
    noKeyAnywhere(fleet, 'win-2', first);

    expect(fleet.runWindowsJoinScript('win-2').code).toBe(0);
    const again = await runCli(['provision', 'win-2', '--json', '--config', fleet.configPath], { fleet });
    expect(again.code).toBe(0);
    expect(byHost(again)['win-2']).toMatchObject({ status: 'unchanged', fqdn: 'win-2.example.ts.net' });
    expect(win(fleet, 'win-2').windows.calls.filter((c) => c[1] === 'up')).toHaveLength(2); // the SSH attempt and the operator's
  });
});
