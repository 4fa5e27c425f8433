import { describe, expect, it } from 'vitest';
import { fakeWindowsHost } from '../../../test/fake-windows.js';
import { KEY_SHAPED, WIN_HOST, WIN_KEY, winDeps, winInventory, winRun } from '../../../test/windows-kit.js';
import { renderCommand } from '../../quote.js';
import { decodeEncodedCommand, installedWindowsHost, parseInvocation, psAssignments } from '../../sim/windows.js';
import { provisionHost } from '../provision.js';
import { windowsJoinScript } from './action.js';
import { joinMeshScript } from './operator-script.js';
import { INSTALL_SCRIPT, joinScript, JOIN_KEY_PATH, JOIN_SCRIPT_PATH, OPERATOR_COMMAND, PROBE_SCRIPT, psArgv, psScript, scriptKind, STATUS_SCRIPT, VERSION_SCRIPT, writeJoinScript } from './scripts.js';

const HOSTILE = ["it's", 'a\u2019b', '$(Remove-Item C:\\ -Recurse)', '`n"x"', 'line1\nline2', '; & calc.exe #'];

describe('Windows scripts', () => {
  it('values enter only through the literal header, and come back exactly', () => {
    const s = psScript('join', { tsArgs: HOSTILE, one: HOSTILE.join('|') }, 'exit 0');
    expect(psAssignments(s)).toMatchObject({ tsArgs: HOSTILE, one: HOSTILE.join('|') });
    expect(() => psScript('join', { 'bad name': 'x' }, '')).toThrow();
  });

  it('travel to cmd.exe as nothing but base64, and decode to the Commander\'s invocation', () => {
    const script = joinScript(['up', '--hostname=win-1']);
    const line = renderCommand(psArgv(script), 'powershell');
    expect(line).toMatch(/^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/]+=*$/);
    expect(parseInvocation(decodeEncodedCommand(line)!)).toEqual(['Invoke-Expression', script]);
  });

  it('each names its kind on the first line', () => {
    expect([PROBE_SCRIPT, VERSION_SCRIPT, STATUS_SCRIPT, INSTALL_SCRIPT, joinScript([]), writeJoinScript('x')].map(scriptKind)).toEqual([
      'probe', 'version', 'status', 'install', 'join', 'write-join-script',
    ]);
  });

  it('the join script reads the key from stdin, writes a user-only file and removes it in finally', () => {
    const s = joinScript(['up']);
    expect(s).toContain('[Console]::In.ReadLine()');
    expect(s).toContain('SetAccessRuleProtection($true, $false)');
    expect(s).toMatch(/Join-Path \$env:TEMP/);
    expect(s).toContain('"--auth-key=file:$f"');
    expect(s).toMatch(/\} finally \{\n\s+Remove-Item -LiteralPath \$f/);
  });
});

describe('C:\\temp\\join-mesh.ps1', () => {
  it("is the seed's script with our flags, and never the key", () => {
    const text = joinMeshScript('win-1', ['up', '--unattended', '--reset', '--hostname=win-1']);
    expect(text).toContain(`#   ${OPERATOR_COMMAND}`);
    expect(text).toMatch(/Stop-Service -Name Tailscale -Force[\s\S]*Start-Sleep -Seconds 2[\s\S]*Start-Service -Name Tailscale[\s\S]*Start-Sleep -Seconds 3/);
    expect(text).toContain('& $ts @tsArgs "--auth-key=file:$keyFile"');
    expect(text).toMatch(/\} finally \{\n\s+Remove-Item -LiteralPath \$keyFile -Force/);
    expect(psAssignments(text)).toMatchObject({ meshtuiHost: 'win-1', keyFile: JOIN_KEY_PATH, tsArgs: ['up', '--unattended', '--reset', '--hostname=win-1'] });
  });

  it('"show the script again": the hook gives exactly what provisioning wrote, without the key', async () => {
    const inv = winInventory({ windowsWatchMs: 0, loginServer: 'http://10.0.0.56:8080' }, [WIN_HOST]);
    const fw = fakeWindowsHost(installedWindowsHost('win-1', { validKeys: [WIN_KEY] }, { ipn: 'ipn-not-connected' }));
    const { run } = winRun();
    await provisionHost(inv, WIN_HOST, winDeps(async () => fw.fake), run);
    const shown = windowsJoinScript(inv, 'win-1');
    expect(shown).toMatchObject({ path: JOIN_SCRIPT_PATH, keyPath: JOIN_KEY_PATH, command: OPERATOR_COMMAND });
    expect(shown.text).toBe(fw.state().windows.files[JOIN_SCRIPT_PATH]!.content);
    expect(shown.text).toContain("'--login-server=http://10.0.0.56:8080'");
    expect(shown.text).not.toMatch(KEY_SHAPED);
    expect(() => windowsJoinScript(inv, 'nope')).toThrow(/no host nope/);
  });

  it('"show the script again" advertises the tags the written script did: none when the key carries them', async () => {
    const inv = winInventory({ windowsWatchMs: 0 }, [WIN_HOST]);
    const fw = fakeWindowsHost(installedWindowsHost('win-1', { validKeys: [WIN_KEY] }, { ipn: 'ipn-not-connected' }));
    const { run } = winRun();
    const r = await provisionHost(inv, WIN_HOST, winDeps(async () => fw.fake), run);
    const written = r.error?.detail?.tags as string[];
    expect(written.length).toBeGreaterThan(0);
    expect(windowsJoinScript(inv, 'win-1', 'provision', written).text).toBe(fw.state().windows.files[JOIN_SCRIPT_PATH]!.content);
    expect(windowsJoinScript(inv, 'win-1').text).toContain(`'--advertise-tags=${written.join(',')}'`);
    // Headscale >= 0.28: the minted key carries the tags and the script advertises none.
    expect(windowsJoinScript(inv, 'win-1', 'provision', []).text).not.toContain('--advertise-tags');
  });
});
