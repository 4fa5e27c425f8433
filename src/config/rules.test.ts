import { describe, it, expect } from 'vitest';
import * as rule from './rules.js';

describe('rules: accepted values', () => {
  it.each([
    [rule.hostId, ['a', 'app-1', 'x'.repeat(63), '0web', 'db-01']],
    [rule.address, ['203.0.113.10', 'db1.internal.example.com', '2001:db8::42', 'fe80::1%eth0', 'my_alias', 'host-a']],
    [rule.user, ['deploy', 'root', 'OFFICE\\steve', 'alice@example.com', '_svc', 'first.last', 'a-b']],
    [rule.role, ['app', 'db', 'web_front', 'Gateway-2', '1']],
    [rule.envName, ['TS_AUTHKEY', '_X', 'hs_key_2']],
    [rule.dnsName, ['example.ts.net', 'mesh', 'tail-1234.ts.net', 'mesh.example.com']],
    [rule.httpUrl, ['https://hs.example.com', 'http://sfspark1.local:8080', 'https://[2001:db8::1]:443/', 'https://m.example.com/ts/install.sh']],
    [rule.version, ['1.78.0', '0.0.1', '1.100.12']],
    [rule.filePath, ['~/.ssh/id_ed25519', '/etc/ssh/key', 'keys/id', '~', 'C:\\Users\\me\\.ssh\\id', '~/.ssh/clé', '~/.ssh/id $(x)']],
    [rule.headscaleUser, ['mesh', '1', 'alice@example.com', 'bob.smith', 'a+b']],
  ] as const)('%#', (fn, values) => {
    for (const v of values) expect(fn(v), v).toBeUndefined();
  });

  it('accepts valid tags', () => {
    for (const t of ['tag:stagecraft', 'tag:stagecraft-app', 'tag:Web1', 'tag:a']) expect(rule.tag(t), t).toBeUndefined();
  });
});

describe('rules: reasons', () => {
  it('host id', () => {
    expect(rule.hostId('Web_1')).toBe(
      '"Web_1" is not a valid DNS label (letters, digits and hyphens, 1-63, not starting or ending with a hyphen)',
    );
    expect(rule.hostId('Web-1')).toBe('"Web-1" has uppercase letters; tailscale lowercases hostnames, so write "web-1"');
    expect(rule.hostId('-a')).toMatch(/is not a valid DNS label/);
    expect(rule.hostId('a-')).toMatch(/is not a valid DNS label/);
    expect(rule.hostId('x'.repeat(64))).toMatch(/is not a valid DNS label/);
    expect(rule.hostId('')).toMatch(/^"" is not a valid DNS label/);
  });

  it('address', () => {
    expect(rule.address('')).toBe('must not be empty');
    expect(rule.address('a b')).toBe('"a b" must not contain whitespace or control characters');
    expect(rule.address('-oProxyCommand=id')).toBe('"-oProxyCommand=id" must not start with "-" (ssh would read it as an option)');
    expect(rule.address('a'.repeat(254))).toBe('is longer than 253 characters');
    expect(rule.address('deploy@web')).toBe('"deploy@web" contains "@"; put the user name in user:');
    expect(rule.address('a;b')).toBe('"a;b" is not a host name, IP address or ssh alias (letters, digits, ".", "-", "_", ":", "%")');
  });

  it('user', () => {
    expect(rule.user('-l')).toBe('"-l" must not start with "-"');
    expect(rule.user('a'.repeat(65))).toBe('is longer than 64 characters');
    expect(rule.user('$(id)')).toBe('"$(id)" is not a valid user name (letters, digits, ".", "_", "-", "@", "\\", at most 64)');
    expect(rule.user('')).toMatch(/is not a valid user name/);
  });

  it('tags follow the spec prefix rule, then tailscale CheckTag', () => {
    expect(rule.tag('web')).toEqual({ reason: 'tag web must start with tag: prefix', exact: true });
    expect(rule.tag('tag:')).toEqual({ reason: 'tag "tag:": tag names must not be empty', exact: false });
    expect(rule.tag('tag:1web')?.reason).toBe(`tag "tag:1web": tag names must start with a letter, after 'tag:'`);
    expect(rule.tag('tag:Web_1')?.reason).toBe('tag "tag:Web_1": tag names can only contain numbers, letters, or dashes');
    expect(rule.tag(`tag:${'a'.repeat(130)}`)?.reason).toMatch(/is longer than 128 characters$/);
    expect(rule.tag('a\nb')?.reason).toBe('tag "a\\nb" must start with tag: prefix');
  });

  it('env var, DNS name, URL, version, path, headscale user, role', () => {
    expect(rule.envName('TS-KEY')).toBe(
      '"TS-KEY" is not a valid environment variable name (letters, digits and "_", not starting with a digit)',
    );
    expect(rule.envName('1X')).toMatch(/not a valid environment variable name/);
    expect(rule.dnsName('example..net')).toBe('"example..net" is not a valid DNS name (like example.ts.net)');
    expect(rule.dnsName('a'.repeat(254))).toMatch(/is not a valid DNS name/);
    expect(rule.dnsName('example.ts.net.')).toMatch(/is not a valid DNS name/);
    expect(rule.httpUrl('ftp://x')).toBe('"ftp://x" is not an http(s) URL (like https://hs.example.com)');
    expect(rule.httpUrl('https://u:p@hs.example.com')).toMatch(/is not an http\(s\) URL/);
    expect(rule.httpUrl('https://hs.example.com/?a=1')).toMatch(/is not an http\(s\) URL/);
    expect(rule.httpUrl('https://')).toMatch(/is not an http\(s\) URL/);
    expect(rule.httpUrl('https://[zz')).toMatch(/is not an http\(s\) URL/);
    expect(rule.version('1.78')).toBe('"1.78" is not a version like "1.78.0" (X.Y.Z)');
    expect(rule.version('v1.78.0')).toMatch(/is not a version/);
    expect(rule.version('1.78.0-pre')).toMatch(/is not a version/);
    expect(rule.version('01.2.3')).toMatch(/is not a version/);
    expect(rule.filePath('')).toBe('must not be empty');
    expect(rule.filePath('a\nb')).toBe('"a\\nb" must not contain control characters');
    expect(rule.filePath('x'.repeat(4097))).toBe('is longer than 4096 characters');
    expect(rule.filePath('~root/.ssh/id')).toBe('"~root/.ssh/id": only ~ and ~/ are expanded (not ~user)');
    expect(rule.headscaleUser('a b')).toMatch(/is not a Headscale user name or numeric id/);
    expect(rule.role('a b')).toBe(
      '"a b" is not a simple label (letters, digits, "-" and "_", starting with a letter or digit, at most 63)',
    );
  });
});
