/**
 * The CLI's other commands through dist/meshtui.js (CONTRACT.md): validate, fqdn, status (from a host
 * and from a file), usage errors and unknown hosts (exit 2, one line on stderr, nothing contacted).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, type CliResult } from '../harness/cli.js';
import { startFleet, type Fleet } from '../harness/fleet.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ hosts: ['joined', 'fresh'] });
});
afterAll(async () => {
  await fleet?.stop();
});

const cli = (...args: string[]) => runCli(args, { fleet });
const withConfig = (...args: string[]) => cli(...args, '--config', fleet.configPath);
const noConnections = () => expect([fleet.connections('joined'), fleet.connections('fresh')]).toEqual([0, 0]);

/** Exit 2 with exactly one `meshtui: …` line on stderr and nothing on stdout. */
function expectUsageError(r: CliResult, line: string | RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = r.stderr.split('\n');
  expect(lines.length).toBe(2); // one line + the final newline
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
}

describe('usage and config errors: exit 2, one line, nothing contacted', () => {
  it('validate passes a good config without touching the network', async () => {
    const r = await withConfig('validate');
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `${fleet.configPath}: ok (2 hosts, tailnet example.ts.net)\n` });
    noConnections();
  });

  it('validate names the broken field', async () => {
    const good = readFileSync(fleet.configPath, 'utf8');
    const cases: [string, string, string | RegExp][] = [
      ['no-domain.yml', good.replace(/^ {6}tailnet_domain: .*\n/m, ''), /: tailscale provider: invalid config: tailnet_domain is required$/],
      ['bad-port.yml', good.replace(/^( {4}port: )\d+$/m, '$170000'), /: hosts\[0\]\.port: must be an integer from 1 to 65535$/],
      ['bad-tag.yml', good.replace('- tag:meshtui\n', '- meshtui\n'), /: tailscale provider: invalid config: tag meshtui must start with tag: prefix$/],
      ['not-yaml.yml', 'network: [unclosed\n', /^meshtui: \S+not-yaml\.yml: .*/],
    ];
    for (const [name, text, line] of cases) {
      const path = join(fleet.dir, name);
      writeFileSync(path, text);
      const r = await cli('validate', '--config', path);
      expectUsageError(r, line);
      expect(r.stderr.startsWith(`meshtui: ${path}`)).toBe(true);
      const prov = await cli('provision', '--all', '--json', '--config', path);
      expectUsageError(prov, line);
    }
    noConnections();
  });

  it('an unknown host name, a missing config and bad flags are usage errors', async () => {
    expectUsageError(await withConfig('provision', 'nosuch'), `meshtui: no host "nosuch" in ${fleet.configPath} (hosts: joined, fresh)`);
    expectUsageError(await withConfig('provision', 'joined', 'nosuch', '--json'), /^meshtui: no host "nosuch"/);
    expectUsageError(await withConfig('status', 'nosuch'), /^meshtui: no host "nosuch"/);
    expectUsageError(await withConfig('fqdn', 'nosuch'), /^meshtui: no host "nosuch"/);
    expectUsageError(await withConfig('rejoin', 'nosuch'), /^meshtui: no host "nosuch"/);
    expectUsageError(await cli('provision', '--all', '--config', join(fleet.dir, 'missing.yml')), /^meshtui: \S+missing\.yml: cannot read config file/);
    expectUsageError(await withConfig('provision'), 'meshtui: provision: name one or more hosts, or --all');
    expectUsageError(await withConfig('provision', '--all', '--concurrency', '0'), /^meshtui: --concurrency: must be an integer from 1 to 1000/);
    expectUsageError(await withConfig('provision', '--all', '--frobnicate'), /^meshtui: Unknown option '--frobnicate'/);
    expectUsageError(await cli('frobnicate'), 'meshtui: unknown command "frobnicate" (see meshtui --help)');
    noConnections();
  });

  it('--help and --version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toMatchObject({ code: 0, stdout: `meshtui ${version}\n` });
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('meshtui provision [HOST...] [--all] [--concurrency N] [--json]');
  });
});

describe('fqdn and status', () => {
  it('fqdn prints HOST.tailnet_domain without connecting', async () => {
    expect(await withConfig('fqdn', 'joined')).toMatchObject({ code: 0, stdout: 'joined.example.ts.net\n', stderr: '' });
    expect((await withConfig('fqdn', 'fresh')).stdout).toBe('fresh.example.ts.net\n');
    noConnections();
  });

  it('status HOST --json prints the host’s parsed status over one connection', async () => {
    const r = await withConfig('status', 'joined', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const st = JSON.parse(r.stdout);
    expect(st).toMatchObject({ BackendState: 'Running', CurrentTailnet: { Name: 'example.com', MagicDNSSuffix: 'example.ts.net' } });
    expect(st.Self.DNSName).toBe('joined.example.ts.net.');
    expect(fleet.connections('joined')).toBe(1);
  });

  it('status HOST prints a plain node table when stdout is not a TTY', async () => {
    const r = await withConfig('status', 'joined');
    expect(r.code).toBe(0);
    const [title, header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(title).toMatch(/^joined \(127\.0\.0\.1\): Running, tailnet example\.com, 4 nodes$/);
    expect(header).toMatch(/^ {2}HOST\S* +IP +SEEN +CONN +OS +TAGS +DNS NAME/);
    expect(rows.length).toBe(4);
    expect(rows.find((l) => l.startsWith('  * joined'))).toMatch(/tag:meshtui +joined\.example\.ts\.net/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('status of a host without tailscale says so and exits 1', async () => {
    const r = await withConfig('status', 'fresh');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^meshtui: tailscale provider: tailscale is not installed on fresh\nmeshtui: fix: .+\n$/);
  });

  it('status --file reads a saved status (plain table when not a TTY; --json as parsed)', async () => {
    const r = await runCli(['status', '--file', 'fixtures/status-running.json'], { cwd: REPO });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('fixtures/status-running.json: Running, tailnet example.com, 4 nodes');
    expect(lines[2]).toMatch(/^ {2}\* srv-web-01 +100\.101\.42\.17 +online +self +linux +tag:server,tag:web +srv-web-01\.tail4f2a9c\.ts\.net/);
    const json = await runCli(['status', '--file', 'fixtures/status-running.json', '--json'], { cwd: REPO });
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(join(REPO, 'fixtures/status-running.json'), 'utf8')));
    const bad = join(fleet.dir, 'truncated-status.json');
    writeFileSync(bad, readFileSync(join(REPO, 'fixtures/status-running.json'), 'utf8').slice(0, 500));
    expectUsageError(await runCli(['status', '--file', bad], { cwd: REPO }), /cannot parse|invalid|truncated/i);
  });
});
