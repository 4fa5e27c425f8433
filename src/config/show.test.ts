import { describe, it, expect } from 'vitest';
import { formatPath, kindOf, show, showBare, truncate } from './show.js';

describe('show', () => {
  it('quotes strings JSON-style and escapes control characters and newlines', () => {
    expect(show('web')).toBe('"web"');
    expect(show('a\nb')).toBe('"a\\nb"');
    expect(show('\u001b[31mred')).toBe('"\\u001b[31mred"');
    expect(show('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('escapes bidi and invisible characters that JSON leaves alone', () => {
    expect(show('app\u202eevil')).toBe('"app\\u202eevil"');
    expect(show('a\u200bb')).toBe('"a\\u200bb"');
    expect(show('line\u2028sep')).toBe('"line\\u2028sep"');
  });

  it('truncates long values to ~60 characters', () => {
    const shown = show('x'.repeat(10_000));
    expect(shown).toBe(`"${'x'.repeat(60)}…"`);
    expect(truncate('short')).toBe('short');
    expect(Array.from(truncate('é'.repeat(100))).length).toBe(61);
  });

  it('describes non-strings briefly', () => {
    expect(show(42)).toBe('42');
    expect(show(true)).toBe('true');
    expect(show(null)).toBe('null');
    expect(show([1, 2])).toBe('a list');
    expect(show({ a: 1 })).toBe('a map');
    expect(kindOf('x')).toBe('a string');
    expect(kindOf(1.5)).toBe('a number');
    expect(kindOf(false)).toBe('a boolean');
    expect(kindOf(undefined)).toBe('null');
  });

  it('shows plain ASCII bare and anything else quoted', () => {
    expect(showBare('web')).toBe('web');
    expect(showBare('a b')).toBe('"a b"');
    expect(showBare('')).toBe('""');
    expect(showBare('$(id)')).toBe('$(id)');
  });

  it('formats paths', () => {
    expect(formatPath(['hosts', 2, 'port'])).toBe('hosts[2].port');
    expect(formatPath(['network', 'providers', 'tailscale', 'role_tags', 'a b'])).toBe(
      'network.providers.tailscale.role_tags["a b"]',
    );
    expect(formatPath([])).toBe('');
  });
});
