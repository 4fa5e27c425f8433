import { describe, expect, it } from 'vitest';
import { goDuration, parseDuration, parseFlags, type FlagSpec } from './flags.js';

const SPECS: FlagSpec[] = [
  { name: 'b', kind: 'bool', usage: '' },
  { name: 's', kind: 'string', usage: '' },
  { name: 'd', kind: 'duration', usage: '' },
];

describe('Go flag parsing', () => {
  it('takes -x, --x, -x=v and -x v; stops at the first non-flag and at --', () => {
    const p = parseFlags(SPECS, ['-b', '--s', 'v1', '--d=1m30s', 'pos', '-b=false']);
    expect([...p.values]).toEqual([['b', 'true'], ['s', 'v1'], ['d', '90000']]);
    expect(p.positional).toEqual(['pos', '-b=false']);
    expect(parseFlags(SPECS, ['--', '-b']).positional).toEqual(['-b']);
    expect(parseFlags(SPECS, ['--b=false']).values.get('b')).toBe('false');
  });
  it('errors like Go', () => {
    expect(() => parseFlags(SPECS, ['--nope'])).toThrow('flag provided but not defined: -nope');
    expect(() => parseFlags(SPECS, ['--s'])).toThrow('flag needs an argument: -s');
    expect(() => parseFlags(SPECS, ['--b=maybe'])).toThrow('invalid boolean value "maybe" for -b: parse error');
    expect(() => parseFlags(SPECS, ['--d=5'])).toThrow('invalid value "5" for flag -d: parse error');
  });
  it('parses and prints durations like time.Duration', () => {
    expect([parseDuration('60s'), parseDuration('1.5s'), parseDuration('500ms'), parseDuration('0'), parseDuration('x')]).toEqual([60000, 1500, 500, 0, null]);
    expect([goDuration(60000), goDuration(1500), goDuration(500), goDuration(0), goDuration(3_600_000), goDuration(90_000)]).toEqual(['1m0s', '1.5s', '500ms', '0s', '1h0m0s', '1m30s']);
  });
});
