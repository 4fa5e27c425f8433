import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import {
  checkHostKey,
  entryMatches,
  fingerprint,
  hashKnownHostsName,
  keyTypeOfBlob,
  knownHostsLine,
  knownHostsName,
  matchHostPatterns,
  parseKnownHosts,
} from './knownHosts.js';
import { preferredHostKeyAlgorithms } from './hostKeys.js';

function newKey(type: 'ed25519' | 'ecdsa' = 'ed25519'): { type: string; b64: string; blob: Buffer; pub: string } {
  const pub = utils.generateKeyPairSync(type, type === 'ecdsa' ? { bits: 256 } : {}).public.trim();
  const [t, b64] = pub.split(' ') as [string, string];
  return { type: t, b64, blob: Buffer.from(b64, 'base64'), pub };
}

const A = newKey();
const B = newKey();
const E = newKey('ecdsa');

describe('names and formats', () => {
  it('files port 22 as the bare host and other ports as [host]:port, lowercased', () => {
    expect(knownHostsName('Example.COM', 22)).toBe('example.com');
    expect(knownHostsName('127.0.0.1', 2201)).toBe('[127.0.0.1]:2201');
    expect(knownHostsName('::1', 2222)).toBe('[::1]:2222');
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOfBlob(A.blob)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(E.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeUndefined();
  });

  it('prints fingerprints as ssh-keygen -l does', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-'));
    writeFileSync(path.join(dir, 'k.pub'), `${A.pub}\n`);
    const out = execFileSync('ssh-keygen', ['-l', '-f', path.join(dir, 'k.pub')], { encoding: 'utf8' });
    expect(out.split(' ')[1]).toBe(fingerprint(A.blob));
    expect(fingerprint(A.blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('formats an appended line', () => {
    expect(knownHostsLine('[h]:2201', A.type, A.blob)).toBe(`[h]:2201 ssh-ed25519 ${A.b64}`);
  });
});

describe('parseKnownHosts', () => {
  it('skips comments, blank, malformed and mismatched-type lines and keeps line numbers', () => {
    const text = [
      '# comment',
      '',
      `host1 ${A.type} ${A.b64}`,
      'garbage',
      `host2 ssh-rsa ${A.b64}`, // blob says ed25519
      `host3 ${A.type} not*base64`,
      `@weird host4 ${A.type} ${A.b64}`,
      `  host5,host6 ${B.type} ${B.b64} a comment`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => [e.line, e.patterns])).toEqual([
      [3, ['host1']],
      [8, ['host5', 'host6']],
    ]);
  });

  it('reads markers and hashed host fields', () => {
    const hashed = hashKnownHostsName('h');
    const entries = parseKnownHosts(
      [`@revoked h ${A.type} ${A.b64}`, `@cert-authority *.x ${B.type} ${B.b64}`, `${hashed} ${A.type} ${A.b64}`].join('\n'),
    );
    expect(entries.map((e) => e.marker)).toEqual(['revoked', 'cert-authority', undefined]);
    expect(entries[2]?.hashed?.salt.length).toBe(20);
  });
});

describe('host patterns', () => {
  it('matches wildcards, comma lists and negations case-insensitively', () => {
    expect(matchHostPatterns(['*.example.com'], 'web.example.com')).toBe(true);
    expect(matchHostPatterns(['*.EXAMPLE.com'], 'web.example.com')).toBe(true);
    expect(matchHostPatterns(['web?.example.com'], 'web1.example.com')).toBe(true);
    expect(matchHostPatterns(['web?.example.com'], 'web12.example.com')).toBe(false);
    expect(matchHostPatterns(['a', 'b', 'c'], 'b')).toBe(true);
    expect(matchHostPatterns(['*.example.com', '!bad.example.com'], 'bad.example.com')).toBe(false);
    expect(matchHostPatterns(['!bad.example.com'], 'good.example.com')).toBe(false); // negation alone never matches
    expect(matchHostPatterns(['192.168.1.*'], '192.168.1.7')).toBe(true);
    expect(matchHostPatterns(['a.b'], 'aXb')).toBe(false); // dots are literal
  });

  it('keeps [host]:port entries to their port and bare entries to port 22', () => {
    const [bracket, bare, glob] = parseKnownHosts(
      [`[127.0.0.1]:2201 ${A.type} ${A.b64}`, `127.0.0.1 ${A.type} ${A.b64}`, `[127.0.0.*]:* ${A.type} ${A.b64}`].join('\n'),
    );
    expect(entryMatches(bracket!, knownHostsName('127.0.0.1', 2201))).toBe(true);
    expect(entryMatches(bracket!, knownHostsName('127.0.0.1', 22))).toBe(false);
    expect(entryMatches(bare!, knownHostsName('127.0.0.1', 2201))).toBe(false);
    expect(entryMatches(bare!, knownHostsName('127.0.0.1', 22))).toBe(true);
    expect(entryMatches(glob!, knownHostsName('127.0.0.9', 2222))).toBe(true);
  });

  it('matches hashed entries made here (HMAC-SHA1 of the name with the salt)', () => {
    const salt = randomBytes(20);
    const mac = createHmac('sha1', salt).update('[10.0.0.5]:2222').digest('base64');
    const [e] = parseKnownHosts(`|1|${salt.toString('base64')}|${mac} ${A.type} ${A.b64}`);
    expect(entryMatches(e!, '[10.0.0.5]:2222')).toBe(true);
    expect(entryMatches(e!, '10.0.0.5')).toBe(false);
  });

  it('matches entries hashed by ssh-keygen -H', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-'));
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `web.example.com ${A.type} ${A.b64}\n[10.1.2.3]:2201 ${B.type} ${B.b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('web.example.com');
    const entries = parseKnownHosts(text);
    expect(entries.every((e) => e.hashed)).toBe(true);
    expect(checkHostKey(entries, 'web.example.com', A.type, A.blob).status).toBe('known');
    expect(checkHostKey(entries, '[10.1.2.3]:2201', B.type, B.blob).status).toBe('known');
    expect(checkHostKey(entries, '[10.1.2.3]:2201', A.type, A.blob).status).toBe('changed');
    expect(checkHostKey(entries, 'other', A.type, A.blob).status).toBe('unknown');
  });
});

describe('checkHostKey', () => {
  const name = '[127.0.0.1]:2201';

  it('knows a key filed for the host', () => {
    const entries = parseKnownHosts(`other ${B.type} ${B.b64}\n${name} ${A.type} ${A.b64}`);
    const v = checkHostKey(entries, name, A.type, A.blob);
    expect(v).toMatchObject({ status: 'known', entry: { line: 2 } });
  });

  it('reports a changed key of the same type with the known entry', () => {
    const entries = parseKnownHosts(`${name} ${E.type} ${E.b64}\n${name} ${B.type} ${B.b64}`);
    const v = checkHostKey(entries, name, A.type, A.blob);
    expect(v.status).toBe('changed');
    if (v.status === 'changed') expect(fingerprint(v.entry.blob)).toBe(fingerprint(B.blob));
  });

  it('treats any entry for the host with another key as changed, even of another type', () => {
    const v = checkHostKey(parseKnownHosts(`${name} ${E.type} ${E.b64}`), name, A.type, A.blob);
    expect(v.status).toBe('changed');
  });

  it('refuses a revoked key, even when it is also filed as known', () => {
    const text = `@revoked * ${A.type} ${A.b64}\n${name} ${A.type} ${A.b64}`;
    expect(checkHostKey(parseKnownHosts(text), name, A.type, A.blob).status).toBe('revoked');
    // a revoked line for another key does not make this one revoked
    expect(checkHostKey(parseKnownHosts(`@revoked * ${B.type} ${B.b64}`), name, A.type, A.blob).status).toBe('unknown');
  });

  it('ignores @cert-authority lines (unknown)', () => {
    const v = checkHostKey(parseKnownHosts(`@cert-authority * ${A.type} ${A.b64}`), name, A.type, A.blob);
    expect(v.status).toBe('unknown');
  });

  it('honours negated patterns', () => {
    const entries = parseKnownHosts(`[127.0.0.*]:*,!${name} ${B.type} ${B.b64}`);
    expect(checkHostKey(entries, name, A.type, A.blob).status).toBe('unknown');
    expect(checkHostKey(entries, '[127.0.0.2]:2201', A.type, A.blob).status).toBe('changed');
  });

  it('prefers known key types in the handshake', () => {
    const entries = parseKnownHosts(`${name} ${E.type} ${E.b64}\nx ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7`);
    const algos = preferredHostKeyAlgorithms(entries, name);
    expect(algos[0]).toBe('ecdsa-sha2-nistp256');
    expect(new Set(algos).size).toBe(algos.length);
    expect(algos).toContain('ssh-ed25519');
    expect(preferredHostKeyAlgorithms([], name)[0]).toBe('ssh-ed25519');
  });
});
