import { describe, expect, it } from 'vitest';
import { hostDetailLines } from './detail.js';
import { hostLayout, hostLeftText, hostRestText, runningRestText, ROW_PREFIX, shortOs, statusText } from './host-rows.js';
import { initialState } from './init.js';
import { promptText } from './prompt-text.js';
import { planPanels, stepChain } from './run-layout.js';
import { inventory } from './testing/fixtures.js';
import type { HostView, StepView } from './types.js';
import { pagedMax, scrollText, scrollWindow } from './window.js';

describe('scrollWindow', () => {
  it('moves only as far as needed to keep the cursor in view', () => {
    expect(scrollWindow(0, 0, 5, 10)).toEqual({ start: 0, end: 5 });
    expect(scrollWindow(0, 9, 100, 10)).toEqual({ start: 0, end: 10 });
    expect(scrollWindow(0, 10, 100, 10)).toEqual({ start: 1, end: 11 });
    expect(scrollWindow(50, 52, 100, 10)).toEqual({ start: 50, end: 60 });
    expect(scrollWindow(50, 40, 100, 10)).toEqual({ start: 40, end: 50 });
    expect(scrollWindow(95, 99, 100, 10)).toEqual({ start: 90, end: 100 });
  });
  it('clamps text offsets', () => {
    expect(scrollText([1, 2, 3, 4], 10, 2)).toEqual({ lines: [3, 4], offset: 2, max: 2 });
  });
  it('lets a page with a "more" line reach the last line', () => {
    expect(pagedMax(30, 10)).toBe(21);
    const page = scrollText(Array.from({ length: 30 }, (_, i) => i), pagedMax(30, 10), 9);
    expect(page.lines.at(-1)).toBe(29);
    expect(pagedMax(5, 10)).toBe(0);
  });
});

describe('planPanels', () => {
  it('gives each running host header, steps and up to 5 tail lines, shrinking to fit', () => {
    expect(planPanels(2, 20)).toEqual({ shown: 2, linesPerHost: 7, tail: 5, more: 0 });
    expect(planPanels(4, 17)).toEqual({ shown: 4, linesPerHost: 4, tail: 2, more: 0 });
    expect(planPanels(8, 17)).toEqual({ shown: 8, linesPerHost: 2, tail: 0, more: 0 });
    expect(planPanels(12, 17)).toEqual({ shown: 12, linesPerHost: 1, tail: 0, more: 0 });
    expect(planPanels(40, 17)).toEqual({ shown: 16, linesPerHost: 1, tail: 0, more: 24 });
    expect(planPanels(0, 17).shown).toBe(0);
  });
  it('never plans more lines than available', () => {
    for (let n = 1; n < 60; n += 1) for (let avail = 1; avail < 30; avail += 1) {
      const p = planPanels(n, avail);
      expect(p.shown * p.linesPerHost + (p.more ? 1 : 0)).toBeLessThanOrEqual(avail);
    }
  });
});

describe('stepChain', () => {
  const steps: StepView[] = ['connect', 'detect-os', 'check-version', 'install', 'join'].map((id, i) => ({ id, status: i < 4 ? 'ok' : 'running', startedAt: 0, durationMs: null }));
  it('drops the oldest steps to fit', () => {
    expect(stepChain(steps, 80, '⠋')).toBe('✓ connect ✓ detect-os ✓ check-version ✓ install ⠋ join');
    expect(stepChain(steps, 30, '⠋')).toBe('… ✓ install ⠋ join');
    expect([...stepChain(steps, 5, '⠋')].length).toBeLessThanOrEqual(5);
  });
});

function host(over: Partial<HostView> = {}): HostView {
  return { ...initialState(inventory()).hosts['app-1']!, ...over };
}

describe('host rows', () => {
  it('shorten the detected OS', () => {
    expect(shortOs(host({ facts: { os: 'Ubuntu 24.04.1 LTS', kernel: 'Linux', wsl: 'false' } }))).toBe('linux');
    expect(shortOs(host({ facts: { os: 'Ubuntu 22.04', kernel: 'Linux', wsl: 'true' } }))).toBe('wsl');
    expect(shortOs(host({ facts: { os: 'Windows' } }))).toBe('windows');
    expect(shortOs(host({ facts: { os: 'FreeBSD 14' } }))).toBe('freebsd');
    expect(shortOs(host())).toBe('auto');
  });
  it('fit the width', () => {
    for (const w of [30, 40, 64, 80, 90, 100, 120, 160]) {
      const l = hostLayout(w);
      const h = host({ phase: 'failed', error: { code: 'ErrSudoPassword', message: 'sudo: a password is required' } });
      const line = ' '.repeat(ROW_PREFIX) + hostLeftText(h, l) + statusText(h, l) + ' ' + hostRestText(h, l, 0, 'TS_AUTHKEY');
      expect([...line].length).toBeLessThanOrEqual(w);
    }
  });
  it('say what matters per status', () => {
    const l = hostLayout(160);
    expect(hostRestText(host({ phase: 'ok', fqdn: 'app-1.example.ts.net', durationMs: 4200 }), l, 0, 'K')).toBe('app-1.example.ts.net  4.2s');
    expect(hostRestText(host({ phase: 'failed', error: { code: 'ErrTagMismatch', message: 'x' } }), l, 0, 'K')).toBe('tags not permitted by the tailnet policy');
    expect(hostRestText(host({ lastOutcome: { status: 'ok', at: 0 } }), l, 7_200_000, 'K')).toBe('last: ok 2h ago');
    const running = host({ phase: 'running', startedAt: 0, steps: [{ id: 'install', status: 'running', startedAt: 1000, durationMs: null }], tail: ['Setting up tailscale'] });
    expect(runningRestText(running, 60, 4000)).toBe('install 3.0s  Setting up tailscale');
  });
});

describe('host detail lines', () => {
  it('show steps, commands, the full error and the remedy, wrapped to the width', () => {
    const h = host({
      phase: 'failed',
      steps: [
        { id: 'connect', status: 'ok', startedAt: 0, durationMs: 120 },
        { id: 'join', status: 'failed', startedAt: 0, durationMs: 2000, error: { code: 'ErrSudoPassword', message: 'sudo: a password is required' } },
      ],
      commands: [{ step: 'join', text: 'sudo -n tailscale up --auth-key=[redacted]', code: 1, durationMs: 30 }],
      error: { code: 'ErrSudoPassword', message: 'sudo: a password is required '.repeat(6), remedy: 'run meshtui prepare app-1' },
      tail: ['sudo: a password is required'],
    });
    const lines = hostDetailLines(h, 60, 0, 'TS_AUTHKEY');
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain('✓ connect');
    expect(text).toContain('✗ join');
    expect(text).toContain('$ sudo -n tailscale up --auth-key=[redacted]');
    expect(text).toContain('sudo wants a password  (press f)');
    expect(text).toContain('run meshtui prepare app-1');
    expect(lines.every((l) => [...l.text].length <= 60)).toBe(true);
  });
});

describe('prompt text', () => {
  const s = initialState(inventory());
  it('names the cause and the fix for each remedy', () => {
    const t = (remedy: Parameters<typeof promptText>[1] & { kind: 'remedy' }) => {
      const p = promptText(s, remedy);
      return p.title + '\n' + p.lines.map((l) => l.text).join('\n');
    };
    expect(t({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'sudo-password' }, stage: 'offer' })).toContain('meshtui prepare app-1');
    expect(promptText(s, { kind: 'remedy', hostId: 'app-1', remedy: { kind: 'sudo-password' }, stage: 'password' }).secretLabel).toBe('password: ');
    expect(t({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'tags', tags: ['tag:web'] }, stage: 'offer' })).toMatch(/tag:web[\s\S]*tagOwners/);
    expect(t({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'auth-key', envVar: 'TS_AUTHKEY', problem: 'invalid' }, stage: 'offer' })).toContain('set TS_AUTHKEY');
    expect(t({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'host-key-changed', known: 'SHA256:old', offered: 'SHA256:new' }, stage: 'offer' })).toMatch(/SHA256:old[\s\S]*SHA256:new/);
    expect(t({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'reset', why: 'accidental-revert' }, stage: 'confirm' })).toContain('--reset');
  });
});
