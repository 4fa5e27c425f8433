import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import type { HostKeyPolicy } from '../config/types.js';
import { MeshError } from '../provider/errors.js';
import { appendKnownHost, verifyHostKey, type AskHostKey } from './hostKeys.js';
import { fingerprint } from './knownHosts.js';
import type { SshTarget } from './target.js';

function blobOf(): Buffer {
  return Buffer.from(utils.generateKeyPairSync('ed25519').public.split(' ')[1] ?? '', 'base64');
}

const target: SshTarget = {
  hostId: 'app-1',
  alias: 'app-1',
  hostname: '127.0.0.1',
  port: 2201,
  user: 'root',
  identityFiles: [],
  identityExplicit: false,
};

function tmpFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'hk-')), 'sub', 'known_hosts');
}

async function refusal(p: Promise<void>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    return e as MeshError;
  }
  throw new Error('expected a refusal');
}

function check(policy: HostKeyPolicy, file: string, askHostKey?: AskHostKey) {
  return { target, knownHostsPath: file, policy, ...(askHostKey ? { askHostKey } : {}) };
}

describe('verifyHostKey', () => {
  it('accept-new appends [host]:port to a new 0600 file in a new 0700 dir', async () => {
    const file = tmpFile();
    const key = blobOf();
    await verifyHostKey(check('accept-new', file), key);
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:2201 ssh-ed25519 ${key.toString('base64')}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // now known, under every policy
    await verifyHostKey(check('strict', file), key);
    await verifyHostKey(check('ask', file), key);
  });

  it('files port 22 under the bare host name and uses HostKeyAlias when set', async () => {
    const file = tmpFile();
    const key = blobOf();
    await verifyHostKey({ ...check('accept-new', file), target: { ...target, port: 22 } }, key);
    await verifyHostKey({ ...check('accept-new', file), target: { ...target, hostKeyAlias: 'Alias-1' } }, key);
    expect(readFileSync(file, 'utf8').split('\n').map((l) => l.split(' ')[0])).toEqual(['127.0.0.1', 'alias-1', '']);
  });

  it('strict refuses an unknown key', async () => {
    const e = await refusal(verifyHostKey(check('strict', tmpFile()), blobOf()));
    expect(e.code).toBe('ErrHostKey');
    expect(e.message).toMatch(/^unknown host key for 127\.0\.0\.1 \(SHA256:[^)]+\); ssh\.host_key_policy is strict/);
  });

  it('ask without a prompt (headless) refuses with the keyscan remedy', async () => {
    const file = tmpFile();
    const key = blobOf();
    const e = await refusal(verifyHostKey(check('ask', file), key));
    expect(e.message).toBe(
      `unknown host key for 127.0.0.1 (${fingerprint(key)}); verify it, then accept it with: ` +
        `ssh-keyscan -p 2201 127.0.0.1 >> ${file}, or set ssh.host_key_policy: accept-new`,
    );
    expect(e.detail).toMatchObject({ fingerprint: fingerprint(key) });
  });

  it('ask with a prompt: yes appends and accepts, no refuses; the deadline pauses meanwhile', async () => {
    const file = tmpFile();
    const key = blobOf();
    const onAsk = vi.fn();
    const ask = vi.fn<AskHostKey>().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const no = await refusal(verifyHostKey({ ...check('ask', file, ask), onAsk }, key));
    expect(no.message).toContain('was not accepted');
    await verifyHostKey({ ...check('ask', file, ask), onAsk }, key);
    expect(ask).toHaveBeenCalledWith({
      host: 'app-1',
      address: '127.0.0.1',
      port: 2201,
      keyType: 'ssh-ed25519',
      fingerprint: fingerprint(key),
    });
    expect(onAsk.mock.calls).toEqual([[true], [false], [true], [false]]);
    expect(readFileSync(file, 'utf8')).toContain(key.toString('base64'));
  });

  it('refuses a changed key under every policy, naming both fingerprints and the fix', async () => {
    const file = tmpFile();
    const old = blobOf();
    const offered = blobOf();
    await appendKnownHost(file, `[127.0.0.1]:2201 ssh-ed25519 ${old.toString('base64')}`);
    for (const policy of ['accept-new', 'ask', 'strict'] as const) {
      const e = await refusal(verifyHostKey(check(policy, file, async () => true), offered));
      expect(e.code).toBe('ErrHostKey');
      expect(e.message).toBe(
        `host key for 127.0.0.1 has changed: known ${fingerprint(old)}, offered ${fingerprint(offered)} ` +
          `(remove the old entry with: ssh-keygen -R "[127.0.0.1]:2201" -f ${file})`,
      );
      expect(e.detail).toMatchObject({ known: fingerprint(old), offered: fingerprint(offered) });
    }
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('refuses a revoked key', async () => {
    const file = tmpFile();
    const key = blobOf();
    await appendKnownHost(file, `@revoked * ssh-ed25519 ${key.toString('base64')}`);
    const e = await refusal(verifyHostKey(check('accept-new', file), key));
    expect(e.message).toMatch(/is revoked/);
  });

  it('appends on a new line when the file lacks a final newline', async () => {
    const file = tmpFile();
    await appendKnownHost(file, 'a ssh-ed25519 AAAA');
    writeFileSync(file, 'a ssh-ed25519 AAAA');
    await appendKnownHost(file, 'b ssh-ed25519 BBBB');
    expect(readFileSync(file, 'utf8')).toBe('a ssh-ed25519 AAAA\nb ssh-ed25519 BBBB\n');
  });
});
