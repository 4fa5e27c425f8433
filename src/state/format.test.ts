import { describe, expect, it } from 'vitest';
import { cell, firstLine, fmtAgo, fmtDuration, sanitizeLine, truncate, wrapText } from './format.js';
import { scrub } from './scrub.js';
import { fixture } from './testing/fixtures.js';

describe('format', () => {
  it('formats durations', () => {
    expect(fmtDuration(null)).toBe('');
    expect(fmtDuration(-1)).toBe('');
    expect(fmtDuration(420)).toBe('0.4s');
    expect(fmtDuration(12_345)).toBe('12.3s');
    expect(fmtDuration(125_000)).toBe('2m05s');
    expect(fmtDuration(3_725_000)).toBe('1h02m');
  });
  it('formats ages', () => {
    expect(fmtAgo(0, 30_000)).toBe('just now');
    expect(fmtAgo(0, 5 * 60_000)).toBe('5m ago');
    expect(fmtAgo(0, 3 * 3_600_000)).toBe('3h ago');
    expect(fmtAgo(0, 2 * 86_400_000)).toBe('2d ago');
  });
  it('strips escape sequences and control characters', () => {
    expect(sanitizeLine('\u001b[1;31mred\u001b[0m\u0007 \u001b]0;title\u0007ok\tx')).toBe('red ok  x');
  });
  it('truncates and pads by code points', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('abc', 0)).toBe('');
    expect(cell('ab', 4)).toBe('ab  ');
    expect(cell('abcdef', 4)).toBe('abc…');
  });
  it('wraps words to a width', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog', 10);
    expect(lines.every((l) => l.length <= 10)).toBe(true);
    expect(lines.join(' ')).toBe('the quick brown fox jumps over the lazy dog');
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
  it('takes the first line of a message without the provider prefix', () => {
    expect(firstLine('\ntailscale provider: invalid or expired auth key\nmore')).toBe('invalid or expired auth key');
  });
});

describe('scrub', () => {
  it('removes auth keys from tailscale error texts', () => {
    for (const f of ['up-error-access-denied.txt', 'up-error-access-denied-pre-1.84.txt']) {
      const out = scrub(fixture(f));
      expect(out).not.toMatch(/tskey-/);
      expect(out).toContain('[redacted]');
    }
    expect(scrub('tailscale up --authkey hskey-auth-abc_DEF-123 --hostname=x')).toBe('tailscale up --authkey [redacted] --hostname=x');
    expect(scrub('TS_AUTHKEY=abc123 tailscale up')).toBe('TS_AUTHKEY=[redacted] tailscale up');
    expect(scrub('nothing secret here')).toBe('nothing secret here');
  });
});
