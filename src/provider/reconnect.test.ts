/**
 * ctx.run after a connection reset: a read-only command is retried once on a new connection; any
 * other command (`tailscale up`, the installer) is never re-run, and the next command reconnects first.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeCommander } from '../../test/fake-commander.js';
import { createContext, MAX_RECONNECTS, type ContextOptions } from './context.js';
import { readStatus, STATUS_MAX_BYTES } from './daemon.js';
import { CONNECTION_LOST, MeshError } from './errors.js';

const lost = () => ({ throws: new MeshError('ErrSSH', 'ssh: connection to h lost during: tailscale status', { cause: CONNECTION_LOST }) });
const STATUS = JSON.stringify({ BackendState: 'Running', Self: { HostName: 'h', DNSName: 'h.example.ts.net.' }, CurrentTailnet: { Name: 'example.com', MagicDNSSuffix: 'example.ts.net' } });

function setup(first: FakeCommander, next: FakeCommander[], extra: Partial<ContextOptions> = {}) {
  const notes: string[] = [];
  const queue = [...next];
  const reconnect = vi.fn(async () => {
    const c = queue.shift();
    if (!c) throw new MeshError('ErrSSH', 'ssh: cannot connect to h:22: connection refused');
    return c;
  });
  const ctx = createContext({ commander: first, hostId: 'h', reconnect, hooks: { note: (t) => notes.push(t) }, ...extra });
  return { ctx, reconnect, notes };
}

describe('ctx.run after a connection reset', () => {
  it('retries a read-only command once on a new connection, and says so', async () => {
    const a = new FakeCommander().once('tailscale status --json', lost());
    const b = new FakeCommander().on('tailscale status --json', { stdout: STATUS });
    const { ctx, reconnect, notes } = setup(a, [b]);
    const st = await readStatus(ctx);
    expect(st.backendState).toBe('Running');
    expect(reconnect).toHaveBeenCalledTimes(1);
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
    expect(notes).toEqual(['connection lost during tailscale status: reconnected and retried it']);
  });

  it('retries only once: a second reset is the error', async () => {
    const a = new FakeCommander().on('tailscale version', lost());
    const b = new FakeCommander().on('tailscale version', lost());
    const { ctx, reconnect } = setup(a, [b]);
    await expect(ctx.run(['tailscale', 'version'], { readOnly: true })).rejects.toMatchObject({ code: 'ErrSSH', causeId: CONNECTION_LOST });
    expect(reconnect).toHaveBeenCalledTimes(1);
    expect(b.calls.length).toBe(1);
  });

  it('never re-runs a command that is not read-only; the next command gets the new connection', async () => {
    const a = new FakeCommander().on(/meshtui-join/, lost());
    const b = new FakeCommander().on('tailscale status --json', { stdout: STATUS });
    const { ctx, reconnect, notes } = setup(a, [b]);
    await expect(ctx.run(['sh', '-c', 'x', 'meshtui-join', 'tailscale', 'up'], { stdin: 'key\n' })).rejects.toMatchObject({ causeId: CONNECTION_LOST });
    expect(reconnect).not.toHaveBeenCalled();
    expect(a.calls.length).toBe(1);
    await readStatus(ctx);
    expect(reconnect).toHaveBeenCalledTimes(1);
    expect(b.callsMatching(/meshtui-join/)).toEqual([]);
    expect(notes).toEqual([]); // reconnecting before a command is no retry
  });

  it('does not retry other failures (a timeout, an exit code)', async () => {
    const a = new FakeCommander()
      .once('tailscale version', { throws: new MeshError('ErrTimeout', 'command timed out after 1s: tailscale version') })
      .on('tailscale version', { code: 1, stderr: 'boom' });
    const { ctx, reconnect } = setup(a, []);
    await expect(ctx.run(['tailscale', 'version'], { readOnly: true })).rejects.toMatchObject({ code: 'ErrTimeout' });
    expect((await ctx.run(['tailscale', 'version'], { readOnly: true })).code).toBe(1);
    expect(reconnect).not.toHaveBeenCalled();
  });

  it('without a way to reconnect, or once cancelled, the reset is the error', async () => {
    const a = new FakeCommander().on('tailscale version', lost());
    const plain = createContext({ commander: a, hostId: 'h' });
    await expect(plain.run(['tailscale', 'version'], { readOnly: true })).rejects.toMatchObject({ causeId: CONNECTION_LOST });
    const ac = new AbortController();
    const b = new FakeCommander().on('tailscale version', () => (ac.abort(), lost()));
    const { ctx, reconnect } = setup(b, [new FakeCommander()], { signal: ac.signal });
    await expect(ctx.run(['tailscale', 'version'], { readOnly: true })).rejects.toMatchObject({ code: 'ErrCancelled' });
    expect(reconnect).not.toHaveBeenCalled();
  });

  it(`reconnects at most ${MAX_RECONNECTS} times per host, and reports a failed reconnect`, async () => {
    const mk = () => new FakeCommander().on('tailscale version', lost());
    const { ctx, reconnect } = setup(mk(), [mk(), mk(), mk()]);
    for (let i = 0; i < 3; i++) await expect(ctx.run(['tailscale', 'version'], { readOnly: true })).rejects.toMatchObject({ causeId: CONNECTION_LOST });
    expect(reconnect).toHaveBeenCalledTimes(MAX_RECONNECTS);
    const refused = setup(mk(), []);
    await expect(refused.ctx.run(['tailscale', 'version'], { readOnly: true })).rejects.toThrow(/connection refused/);
  });

  it('reads the status whole, beyond the default 1 MiB output tail', async () => {
    const a = new FakeCommander().on('tailscale status --json', { stdout: STATUS });
    await readStatus(createContext({ commander: a, hostId: 'h' }));
    expect(a.calls[0]!.opts.maxOutputBytes).toBe(STATUS_MAX_BYTES);
  });
});
