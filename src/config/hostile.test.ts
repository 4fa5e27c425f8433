/**
 * Hostile input, table-driven: shell metacharacters, control characters, option injection,
 * unicode tricks and wrong types in every string field. Each is refused with one line naming
 * the field, or accepted where the value is legitimate (noted per case).
 */
import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from './errors.js';
import { parseConfig } from './load.js';
import type { Inventory } from './types.js';

type Obj = Record<string, unknown>;
function base(): Obj {
  return {
    network: { provider: 'tailscale', providers: { tailscale: { auth_key_env: 'TS_AUTHKEY', tailnet_domain: 'example.ts.net' } } },
    hosts: [{ id: 'app-1' }],
  };
}
const ts = (o: Obj) => ((o.network as Obj).providers as Obj).tailscale as Obj;
const h0 = (o: Obj) => (o.hosts as Obj[])[0]!;
const P = 'tailscale provider: invalid config: ';

type Case = [name: string, mutate: (o: Obj) => void, expected: string | RegExp | ((inv: Inventory) => void)];
const host = (field: string, v: unknown) => (o: Obj) => void (h0(o)[field] = v);
const prov = (field: string, v: unknown) => (o: Obj) => void (ts(o)[field] = v);
const install = (field: string, v: unknown) => (o: Obj) => void (ts(o).install = { [field]: v });
const hs = (v: Obj) => (o: Obj) => {
  ts(o).login_server = 'https://hs.example.com';
  ts(o).headscale = { host: 'app-1', ...v };
};
const ssh = (field: string, v: unknown) => (o: Obj) => void (o.ssh = { [field]: v });

const CASES: Case[] = [
  ['id: command substitution', host('id', '$(id)'), 'hosts[0].id: "$(id)" is not a valid DNS label (letters, digits and hyphens, 1-63, not starting or ending with a hyphen)'],
  ['id: backticks', host('id', '`id`'), /^hosts\[0\]\.id: "`id`" is not a valid DNS label/],
  ['id: semicolon', host('id', 'a;reboot'), /^hosts\[0\]\.id: "a;reboot" is not a valid DNS label/],
  ['id: newline', host('id', 'web\nrm -rf /'), /^hosts\[0\]\.id: "web\\nrm -rf \/" is not a valid DNS label/],
  ['id: quotes', host('id', `a'b"c`), /^hosts\[0\]\.id: "a'b\\"c" is not a valid DNS label/],
  ['id: unicode', host('id', 'wëb'), /^hosts\[0\]\.id: "wëb" is not a valid DNS label/],
  ['id: leading hyphen', host('id', '-web'), /^hosts\[0\]\.id: "-web" is not a valid DNS label/],
  ['id: too long', host('id', 'a'.repeat(64)), /^hosts\[0\]\.id: "a{60}…" is not a valid DNS label/],
  ['id: empty', host('id', ''), /^hosts\[0\]\.id: "" is not a valid DNS label/],
  ['id: terminal escape', host('id', 'a\u001b[2Jb'), /^hosts\[0\]\.id: "a\\u001b\[2Jb" is not/],
  ['address: option injection', host('address', '-oProxyCommand=id'), 'hosts[0].address: "-oProxyCommand=id" must not start with "-" (ssh would read it as an option)'],
  ['address: command substitution', host('address', '$(id)'), /^hosts\[0\]\.address: "\$\(id\)" is not a host name, IP address or ssh alias/],
  ['address: semicolon', host('address', 'web;id'), /^hosts\[0\]\.address: "web;id" is not a host name/],
  ['address: space', host('address', 'web id'), 'hosts[0].address: "web id" must not contain whitespace or control characters'],
  ['address: tab', host('address', 'web\tid'), 'hosts[0].address: "web\\tid" must not contain whitespace or control characters'],
  ['address: NUL', host('address', 'web\u0000id'), 'hosts[0].address: "web\\u0000id" must not contain whitespace or control characters'],
  ['address: user@', host('address', 'root@web'), 'hosts[0].address: "root@web" contains "@"; put the user name in user:'],
  ['address: huge', host('address', 'a'.repeat(100_000)), 'hosts[0].address: is longer than 253 characters'],
  ['address: IPv6 with zone (accepted)', host('address', 'fe80::1%eth0'), (inv) => expect(inv.hosts[0]!.address).toBe('fe80::1%eth0')],
  ['user: option injection', host('user', '-oProxyCommand=id'), 'hosts[0].user: "-oProxyCommand=id" must not start with "-"'],
  ['user: command substitution', host('user', '$(id)'), /^hosts\[0\]\.user: "\$\(id\)" is not a valid user name/],
  ['user: backticks', host('user', '`id`'), /^hosts\[0\]\.user: "`id`" is not a valid user name/],
  ['user: space', host('user', 'ro ot'), /^hosts\[0\]\.user: "ro ot" is not a valid user name/],
  ['user: single quote', host('user', "o'neil"), /^hosts\[0\]\.user: "o'neil" is not a valid user name/],
  ['user: unicode', host('user', 'jürgen'), /^hosts\[0\]\.user: "jürgen" is not a valid user name/],
  ['user: Windows DOMAIN\\user (accepted)', host('user', 'CORP\\steve'), (inv) => expect(inv.hosts[0]!.user).toBe('CORP\\steve')],
  ['role: semicolon', host('role', 'app;id'), /^hosts\[0\]\.role: "app;id" is not a simple label/],
  ['role: unicode is refused (roles become tags and keys)', host('role', 'приложение'), /^hosts\[0\]\.role: "приложение" is not a simple label/],
  ['role: bidi override shown escaped', host('role', 'app\u202egol'), 'hosts[0].role: "app\\u202egol" is not a simple label (letters, digits, "-" and "_", starting with a letter or digit, at most 63)'],
  ['role: __proto__', host('role', '__proto__'), /^hosts\[0\]\.role: "__proto__" is not a simple label/],
  ['tags: no prefix (spec text)', host('tags', ['$(id)']), `${P}tag $(id) must start with tag: prefix`],
  ['tags: newline without prefix (spec text, escaped)', host('tags', ['a\nb']), `${P}tag "a\\nb" must start with tag: prefix`],
  ['tags: command substitution', host('tags', ['tag:$(id)']), 'hosts[0].tags[0]: tag "tag:$(id)": tag names must start with a letter, after \'tag:\''],
  ['tags: semicolon', host('tags', ['tag:a;id']), 'hosts[0].tags[0]: tag "tag:a;id": tag names can only contain numbers, letters, or dashes'],
  ['tags: empty name', host('tags', ['tag:']), 'hosts[0].tags[0]: tag "tag:": tag names must not be empty'],
  ['default_tags: backticks', prov('default_tags', ['tag:`id`']), `${P}default_tags[0]: tag "tag:\`id\`": tag names must start with a letter, after 'tag:'`],
  ['role_tags key: command substitution', prov('role_tags', { '$(id)': ['tag:a'] }), `${P}role_tags["$(id)"]: "$(id)" is not a simple label (letters, digits, "-" and "_", starting with a letter or digit, at most 63)`],
  ['role_tags key: newline', prov('role_tags', { 'a\nb': ['tag:a'] }), /^tailscale provider: invalid config: role_tags\["a\\nb"\]: "a\\nb" is not a simple label/],
  ['role_tags: constructor is a plain role (accepted)', prov('role_tags', { constructor: ['tag:c'] }), (inv) => expect(inv.tailscale.roleTags.constructor).toEqual(['tag:c'])],
  ['host role constructor without role_tags: no inherited tags (accepted)', host('role', 'constructor'), (inv) => expect(inv.tailscale.roleTags[inv.hosts[0]!.role!]).toBeUndefined()],
  ['auth_key_env: command substitution', prov('auth_key_env', '$(id)'), `${P}auth_key_env: "$(id)" is not a valid environment variable name (letters, digits and "_", not starting with a digit)`],
  ['auth_key_env: a key pasted in', prov('auth_key_env', 'tskey-auth-abc123'), /^tailscale provider: invalid config: auth_key_env: "tskey-auth-abc123" is not a valid environment variable name/],
  ['auth_key_env: equals', prov('auth_key_env', 'A=B'), /auth_key_env: "A=B" is not a valid environment variable name/],
  ['tailnet_domain: semicolon', prov('tailnet_domain', 'example.ts.net;id'), `${P}tailnet_domain: "example.ts.net;id" is not a valid DNS name (like example.ts.net)`],
  ['tailnet_domain: newline', prov('tailnet_domain', 'example.ts.net\nx'), `${P}tailnet_domain: "example.ts.net\\nx" is not a valid DNS name (like example.ts.net)`],
  ['login_server: command substitution', prov('login_server', 'https://hs.example.com/$(id)'), `${P}login_server: "https://hs.example.com/$(id)" is not an http(s) URL (like https://hs.example.com)`],
  ['login_server: credentials', prov('login_server', 'https://u:p@hs.example.com'), /login_server: "https:\/\/u:p@hs.example.com" is not an http\(s\) URL/],
  ['login_server: trailing newline', prov('login_server', 'https://hs.example.com\n'), /login_server: "https:\/\/hs.example.com\\n" is not an http\(s\) URL/],
  ['login_server: file URL', prov('login_server', 'file:///etc/passwd'), /login_server: "file:\/\/\/etc\/passwd" is not an http\(s\) URL/],
  ['login_server: Headscale on a port (accepted)', prov('login_server', 'http://sfspark1.local:8080'), (inv) => expect(inv.tailscale.loginServer).toBe('http://sfspark1.local:8080')],
  ['script_url: query with command', install('script_url', 'https://x.example.com/i.sh?$(id)'), /^tailscale provider: invalid config: install\.script_url: .* is not an http\(s\) URL/],
  ['min_version: shell', install('min_version', '1.78.0;id'), `${P}install.min_version: "1.78.0;id" is not a version like "1.78.0" (X.Y.Z)`],
  ['min_version: v prefix', install('min_version', 'v1.78.0'), /install\.min_version: "v1.78.0" is not a version/],
  ['identity_file: newline', host('identity_file', '~/.ssh/id\nx'), 'hosts[0].identity_file: "~/.ssh/id\\nx" must not contain control characters'],
  ['identity_file: ~user', host('identity_file', '~root/.ssh/id'), 'hosts[0].identity_file: "~root/.ssh/id": only ~ and ~/ are expanded (not ~user)'],
  ['identity_file: unicode and $ in a local path (accepted: read by meshtui, never a shell)', host('identity_file', '/keys/clé-$x'), (inv) => expect(inv.hosts[0]!.identityFile).toBe('/keys/clé-$x')],
  ['known_hosts: escape sequence', ssh('known_hosts', '/tmp/kh\u001b[31m'), 'ssh.known_hosts: "/tmp/kh\\u001b[31m" must not contain control characters'],
  ['host_key_policy: shell', ssh('host_key_policy', 'ask;id'), 'ssh.host_key_policy: must be one of ask, accept-new, strict (got "ask;id")'],
  ['connect_timeout: shell', ssh('connect_timeout', '10s;id'), /^ssh\.connect_timeout: "10s;id" is not a duration/],
  ['os: shell', host('os', 'linux;id'), 'hosts[0].os: must be one of auto, linux, windows, wsl (got "linux;id")'],
  ['headscale.user: command substitution', hs({ user: '$(id)' }), /^tailscale provider: invalid config: headscale\.user: "\$\(id\)" is not a Headscale user name or numeric id/],
  ['headscale.user: email (accepted)', hs({ user: 'alice@example.com' }), (inv) => expect(inv.tailscale.headscale?.user).toBe('alice@example.com')],
  ['headscale.host: command substitution', hs({ host: '$(id)' }), /^tailscale provider: invalid config: headscale\.host: "\$\(id\)" is not a valid DNS label/],
  ['headscale.host.address: option injection', hs({ host: { address: '-oProxyCommand=id' } }), `${P}headscale.host.address: "-oProxyCommand=id" must not start with "-" (ssh would read it as an option)`],
  ['headscale.host.user: backticks', hs({ host: { address: 'ctl', user: '`id`' } }), /^tailscale provider: invalid config: headscale\.host\.user: "`id`" is not a valid user name/],
  ['headscale.expiration: shell', hs({ expiration: '24h;id' }), `${P}headscale.expiration: "24h;id" is not a duration (like 24h, 90m, 7d)`],
  ['unknown key with a hostile name', (o) => void (h0(o)['$(id)\n'] = 1), 'hosts[0]["$(id)\\n"]: unknown key'],
  ['__proto__ key is just an unknown key', (o) => void Object.defineProperty(h0(o), '__proto__', { value: { admin: true }, enumerable: true }), 'hosts[0].__proto__: unknown key'],
];

describe('hostile input', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)('%s', (_name, mutate, expected) => {
    const o = base();
    mutate(o);
    const text = stringify(o);
    if (typeof expected === 'function') {
      expected(parseConfig(text, '/p/meshtui.yml'));
      return;
    }
    let e: unknown;
    try {
      parseConfig(text, '/p/meshtui.yml');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    const m = (e as ConfigError).message;
    expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(m.length).toBeLessThan(300);
    if (typeof expected === 'string') expect(m).toBe(expected);
    else expect(m).toMatch(expected);
  });
});
