import { describe, expect, it } from 'vitest';
import { countLine, exitCodeFor, jsonPrinter, plainPrinter } from './output.js';
import { makeRedactor } from '../redact.js';
import type { HostResult } from '../provider/events.js';

const results: HostResult[] = [
  { id: 'app-1', status: 'ok', fqdn: 'app-1.example.ts.net', changed: true, error: null },
  { id: 'db-1', status: 'unchanged', fqdn: 'db-1.example.ts.net', changed: false, error: null },
  {
    id: 'edge',
    status: 'failed',
    fqdn: null,
    changed: false,
    error: { code: 'ErrAuthKeyInvalid', message: 'tailscale provider: invalid or expired auth key', remedy: 'set TS_AUTHKEY to tskey-auth-LEAK' },
  },
];

function capture() {
  const out: string[] = [];
  return { out, write: (s: string) => void out.push(s) };
}

describe('jsonPrinter', () => {
  it('prints step events and a summary as the last line, per CONTRACT.md', () => {
    const c = capture();
    const p = jsonPrinter(c.write, makeRedactor(['tskey-auth-LEAK']));
    p.event({ type: 'step', runId: 'r', host: 'app-1', at: 0, step: 'join', status: 'changed', durationMs: 12 });
    p.event({ type: 'output', runId: 'r', host: 'app-1', at: 0, step: 'join', stream: 'stdout', text: 'x' });
    p.summary(results);
    const lines = c.out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ type: 'step', host: 'app-1', step: 'join', status: 'changed', durationMs: 12 });
    expect(lines[1].type).toBe('summary');
    expect(lines[1].hosts[0]).toEqual({ id: 'app-1', status: 'ok', fqdn: 'app-1.example.ts.net', changed: true, error: null });
    expect(lines[1].hosts[2].error).toMatchObject({ code: 'ErrAuthKeyInvalid', message: 'tailscale provider: invalid or expired auth key' });
    expect(c.out.join('')).not.toContain('tskey-auth-LEAK');
  });
});

describe('plainPrinter', () => {
  it('prints HOST STEP STATUS [detail] lines and a summary with fixes', () => {
    const c = capture();
    const p = plainPrinter(c.write, makeRedactor([]));
    p.event({ type: 'step', runId: 'r', host: 'app-1', at: 0, step: 'connect', status: 'running' });
    p.event({ type: 'step', runId: 'r', host: 'app-1', at: 0, step: 'install', status: 'skipped', detail: 'already 1.102.3' });
    p.summary(results);
    const text = c.out.join('');
    expect(text).toContain('app-1 connect running\n');
    expect(text).toContain('app-1 install skipped already 1.102.3\n');
    expect(text).toMatch(/edge\s+failed\s+ErrAuthKeyInvalid: tailscale provider: invalid or expired auth key/);
    expect(text).toContain('fix: set TS_AUTHKEY');
    expect(text).toContain('3 hosts: 1 ok, 1 unchanged, 1 failed');
  });
});

describe('exit codes and counts', () => {
  it('is 0 only when every host is ok, unchanged or skipped', () => {
    expect(exitCodeFor(results.slice(0, 2))).toBe(0);
    expect(exitCodeFor(results)).toBe(1);
    expect(exitCodeFor([{ ...results[0]!, status: 'needs-action' }])).toBe(1);
    expect(countLine([results[0]!])).toBe('1 host: 1 ok');
  });
});
