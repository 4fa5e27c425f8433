/** The installer's failure message names its error line, not the last line of its progress output. */
import { describe, expect, it } from 'vitest';
import { FakeCommander } from '../../test/fake-commander.js';
import { createContext } from './context.js';
import { installFailure } from './install.js';

const ctx = createContext({ commander: new FakeCommander(), hostId: 'h' });
const os = { label: 'Debian GNU/Linux 12 (bookworm)' } as Parameters<typeof installFailure>[1];

describe('installFailure', () => {
  it('prefers the last stderr line (apt’s `E: …`) over a chatty stdout', () => {
    const stdout = 'Installing Tailscale for debian bookworm, using method apt\n' + 'Get:1 https://pkgs.tailscale.com/stable/debian bookworm InRelease\n'.repeat(50);
    const stderr = '+ apt-get update\n+ apt-get install -y tailscale tailscale-archive-keyring\nE: Unable to locate package tailscale\n+ exit 100\n';
    const e = installFailure(ctx, os, { stdout, stderr, code: 100 });
    expect(e.message).toBe('tailscale provider: installation failed: install script exited 100 on Debian GNU/Linux 12 (bookworm): E: Unable to locate package tailscale');
  });

  it('falls back to stdout when stderr has only trace lines, then to "no output"', () => {
    expect(installFailure(ctx, os, { stdout: 'something broke\n', stderr: '+ set -x\n', code: 1 }).message).toMatch(/: something broke$/);
    expect(installFailure(ctx, undefined, { stdout: '', stderr: '', code: 1 }).message).toBe('tailscale provider: installation failed: install script exited 1: no output');
  });

  it('a known installer refusal wins wherever it is', () => {
    const e = installFailure(ctx, os, { stdout: "Couldn't determine what kind of Linux is running.\n", stderr: 'warning: x\n', code: 1 });
    expect(e.message).toMatch(/: Couldn't determine what kind of Linux is running\.$/);
  });
});
