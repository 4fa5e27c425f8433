import { describe, expect, it } from 'vitest';
import { LiveDecoder, TailBuffer } from './output.js';
import { commandLabel, formatDuration, signalExitCode } from './commander.js';

describe('TailBuffer', () => {
  it('keeps everything under the limit', () => {
    const t = new TailBuffer(10);
    t.push(Buffer.from('abc'));
    t.push(Buffer.from('def'));
    expect(t.text()).toBe('abcdef');
    expect(t.truncated).toBe(false);
  });

  it('keeps exactly the last max bytes and says so', () => {
    const t = new TailBuffer(5);
    for (const s of ['abc', 'def', 'ghi']) t.push(Buffer.from(s));
    expect(t.text()).toBe('efghi');
    expect(t.truncated).toBe(true);
  });

  it('handles one chunk bigger than the limit', () => {
    const t = new TailBuffer(4);
    t.push(Buffer.from('0123456789'));
    expect(t.text()).toBe('6789');
    expect(t.truncated).toBe(true);
    const exact = new TailBuffer(4);
    exact.push(Buffer.from('abcd'));
    expect([exact.text(), exact.truncated]).toEqual(['abcd', false]);
  });

  it('decodes characters split across chunks and drops a partial character at the cut', () => {
    const bytes = Buffer.from('ü日本✓', 'utf8');
    const whole = new TailBuffer(100);
    for (const b of bytes) whole.push(Buffer.from([b]));
    expect(whole.text()).toBe('ü日本✓');
    const cut = new TailBuffer(bytes.length - 3); // the cut falls inside 日 (after its first byte)
    cut.push(bytes);
    expect(cut.text()).toBe('本✓');
  });

  it('stays bounded for many chunks', () => {
    const t = new TailBuffer(1000);
    const chunk = Buffer.alloc(100, 'x');
    for (let i = 0; i < 10_000; i++) t.push(chunk);
    expect(t.text().length).toBe(1000);
    expect((t as unknown as { chunks: Buffer[] }).chunks.length).toBeLessThanOrEqual(11);
  });
});

describe('LiveDecoder', () => {
  it('holds a split character until the rest arrives', () => {
    const d = new LiveDecoder();
    const b = Buffer.from('日', 'utf8');
    expect(d.write(b.subarray(0, 1))).toBe('');
    expect(d.write(b.subarray(1))).toBe('日');
  });
});

describe('command helpers', () => {
  it('labels a command by its first two words only', () => {
    expect(commandLabel(['tailscale', 'up', '--auth-key', 'tskey-secret'])).toBe('tailscale up');
    expect(commandLabel(['id'])).toBe('id');
  });

  it('formats durations and signal exit codes', () => {
    expect(formatDuration(120_000)).toBe('120s');
    expect(formatDuration(500)).toBe('0.5s');
    expect(signalExitCode('KILL')).toBe(137);
    expect(signalExitCode('TERM')).toBe(143);
    expect(signalExitCode('NOPE')).toBe(-1);
    expect(signalExitCode(undefined)).toBe(-1);
  });
});
