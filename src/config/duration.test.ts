import { describe, it, expect } from 'vitest';
import { formatDuration, parseDurationMs, parseExpiration } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['10s', 10_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0.5h', 1_800_000],
    ['30', 30_000],
    [' 15s ', 15_000],
    [45, 45_000],
    [0.25, 250],
  ])('%j → %d ms', (input, ms) => {
    expect(parseDurationMs(input)).toBe(ms);
  });

  it.each(['', 'abc', '10x', '5 s', '1s1m', '1m1m', '-5s', '1e3s', '10s; id', 's', 'ms', 'h1'])(
    'rejects %j',
    (input) => {
      const r = parseDurationMs(input);
      expect(typeof r).toBe('string');
      expect(r).toMatch(/is not a duration \(like 10s, 500ms, 2m, 1h, 1m30s, or a number of seconds\)$/);
    },
  );

  it('rejects zero, negative, non-finite and too long', () => {
    expect(parseDurationMs('0s')).toBe('must be longer than 0');
    expect(parseDurationMs(0)).toBe('must be longer than 0');
    expect(parseDurationMs(-1)).toMatch(/is not a duration/);
    expect(parseDurationMs(Number.POSITIVE_INFINITY)).toMatch(/is not a duration/);
    expect(parseDurationMs('25h')).toBe('must be at most 24h');
    expect(parseDurationMs('99999999999999999999h')).toBe('must be at most 24h');
  });

  it('names the wrong type', () => {
    expect(parseDurationMs(['10s'])).toBe('expected a duration (like 10s, 500ms, 2m, 1h, 1m30s, or a number of seconds), got a list');
    expect(parseDurationMs(null)).toMatch(/got null$/);
    expect(parseDurationMs({ s: 1 })).toMatch(/got a map$/);
    expect(parseDurationMs(true)).toMatch(/got a boolean$/);
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [86_400_000, '24h'],
    [3_600_000 + 5_000, '1h5s'],
  ])('%d → %s', (ms, s) => expect(formatDuration(ms)).toBe(s));
});

describe('parseExpiration (headscale --expiration)', () => {
  it.each([
    ['24h', '24h'],
    ['90m', '90m'],
    ['7d', '7d'],
    ['1w2d', '1w2d'],
    ['3600', '3600s'],
    [3600, '3600s'],
  ])('%j → %s', (input, out) => expect(parseExpiration(input)).toEqual({ value: out }));

  it.each(['1.5h', '24h; id', 'forever', '', '1h1d', '-1h'])('rejects %j', (input) => {
    expect(parseExpiration(input)).toMatch(/is not a duration \(like 24h, 90m, 7d\)$/);
  });

  it('rejects zero, fractions and wrong types', () => {
    expect(parseExpiration('0h')).toBe('must be longer than 0');
    expect(parseExpiration(0)).toBe('must be longer than 0');
    expect(parseExpiration(1.5)).toBe('1.5 is not a duration (like 24h, 90m, 7d)');
    expect(parseExpiration(['24h'])).toBe('expected a duration (like 24h, 90m, 7d), got a list');
    expect(parseExpiration(null)).toBe('expected a duration (like 24h, 90m, 7d), got null');
  });
});
