import { describe, expect, it } from 'vitest';
import { makeRedactor, redactDeep, REDACTED } from './redact.js';

describe('redactor', () => {
  it('replaces every occurrence of every secret, longest first', () => {
    const r = makeRedactor(['tskey-auth-abc123', 'hunter2', undefined]);
    expect(r('key=tskey-auth-abc123 pw=hunter2 again tskey-auth-abc123')).toBe(
      `key=${REDACTED} pw=${REDACTED} again ${REDACTED}`,
    );
  });
  it('ignores too-short secrets and passes text through when there are none', () => {
    expect(makeRedactor(['ab'])('ab cd')).toBe('ab cd');
    expect(makeRedactor([])('x')).toBe('x');
  });
  it('redacts nested values', () => {
    const r = makeRedactor(['sekrit']);
    expect(redactDeep({ a: ['x sekrit'], b: { c: 'sekrit' }, n: 1 }, r)).toEqual({ a: [`x ${REDACTED}`], b: { c: REDACTED }, n: 1 });
  });
});
