import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils, type AnyAuthMethod, type AuthenticationType } from 'ssh2';
import { authFailedError, makeAuthHandler, planAuth } from './auth.js';
import { defaultIdentityFiles, type SshTarget } from './target.js';

function home(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'auth-'));
  mkdirSync(path.join(h, '.ssh'));
  return h;
}

function writeKey(file: string, passphrase?: string): void {
  const pair = passphrase
    ? utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 16 })
    : utils.generateKeyPairSync('ed25519');
  writeFileSync(file, pair.private, { mode: 0o600 });
}

function target(h: string, over: Partial<SshTarget> = {}): SshTarget {
  return {
    hostId: 'a',
    alias: 'a',
    hostname: '10.0.0.1',
    port: 22,
    user: 'deploy',
    identityFiles: defaultIdentityFiles(h),
    identityExplicit: false,
    ...over,
  };
}

function drain(handler: ReturnType<typeof makeAuthHandler>['handler'], authsLeft: AuthenticationType[] | null = null) {
  const seen: (AnyAuthMethod | false)[] = [];
  for (let i = 0; i < 10; i++) {
    let got: AnyAuthMethod | false = false;
    handler(authsLeft as AuthenticationType[], false, (m) => (got = m as AnyAuthMethod | false));
    seen.push(got);
    if (got === false) break;
  }
  return seen;
}

describe('planAuth and the auth handler', () => {
  it('tries the agent first, then the default keys that exist', async () => {
    const h = home();
    writeKey(path.join(h, '.ssh', 'id_rsa'));
    writeKey(path.join(h, '.ssh', 'id_ed25519'));
    const plan = await planAuth(target(h), { SSH_AUTH_SOCK: '/tmp/agent.sock' }, h);
    const { handler, tried } = makeAuthHandler(plan);
    const seen = drain(handler);
    expect(seen.map((m) => (m ? m.type : false))).toEqual(['agent', 'publickey', 'publickey', false]);
    expect(tried).toEqual(['agent', '~/.ssh/id_ed25519', '~/.ssh/id_rsa']);
  });

  it('stops when the server does not take public keys', async () => {
    const h = home();
    writeKey(path.join(h, '.ssh', 'id_ed25519'));
    const auth = makeAuthHandler(await planAuth(target(h), {}, h));
    expect(drain(auth.handler, ['password'])).toEqual([false]);
    const e = authFailedError(await planAuth(target(h), {}, h), target(h), auth.tried, auth.serverMethods());
    expect(e.message).toBe('ssh: authentication failed for deploy@10.0.0.1:22 (tried: nothing); the server accepts only: password');
  });

  it('names a passphrase-protected key and says to add it to ssh-agent', async () => {
    const h = home();
    writeKey(path.join(h, '.ssh', 'id_ed25519'), 'secret-pass');
    const plan = await planAuth(target(h), {}, h);
    expect(plan.identities).toMatchObject([{ display: '~/.ssh/id_ed25519', problem: 'encrypted' }]);
    const auth = makeAuthHandler(plan);
    expect(drain(auth.handler)).toEqual([false]);
    const e = authFailedError(plan, target(h), auth.tried, undefined);
    expect(e.code).toBe('ErrSSH');
    expect(e.message).toBe(
      'ssh: authentication failed for deploy@10.0.0.1:22 (tried: nothing); ' +
        '~/.ssh/id_ed25519 is passphrase-protected and not in ssh-agent: add it with: ssh-add ~/.ssh/id_ed25519',
    );
    expect(e.remedy).toContain('ssh-add ~/.ssh/id_ed25519');
  });

  it('notes a configured identity file that is missing, and says when there is nothing at all', async () => {
    const h = home();
    const missing = path.join(h, 'keys', 'deploy');
    const plan = await planAuth(target(h, { identityFiles: [missing], identityExplicit: true }), {}, h);
    expect(authFailedError(plan, target(h), [], undefined).message).toContain(`identity file ~/keys/deploy does not exist`);
    const none = await planAuth(target(h), {}, h);
    expect(authFailedError(none, target(h), [], undefined).message).toContain(
      'SSH_AUTH_SOCK is not set and no key was found in ~/.ssh',
    );
  });

  it('reports the format the spec asks for', async () => {
    const h = home();
    const plan = await planAuth(target(h), { SSH_AUTH_SOCK: '/x' }, h);
    const e = authFailedError(plan, target(h, { port: 2201 }), ['agent', '~/.ssh/id_ed25519'], ['publickey']);
    expect(e.message).toBe('ssh: authentication failed for deploy@10.0.0.1:2201 (tried: agent, ~/.ssh/id_ed25519)');
  });
});
