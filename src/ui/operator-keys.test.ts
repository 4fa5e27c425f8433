/** Which prompt mode (and so which keys) the operator's hard cases get, from state and the services' features. */
import { describe, expect, it } from 'vitest';
import type { Action } from '../state/actions.js';
import { initialState } from '../state/init.js';
import { reducer } from '../state/reducer.js';
import { inventory } from '../state/testing/fixtures.js';
import type { DashboardState, Features, Prompt } from '../state/types.js';
import { dashCtx, promptMode } from './dashboard-keys.js';

const reduce = (s: DashboardState, ...actions: Action[]) => actions.reduce(reducer, s);
const ALL: Features = { script: true, prepare: true, mint: true };
const withPrompt = (p: Prompt, features: Partial<Features> = ALL) => reduce(initialState(inventory(), { features }), { type: 'prompt/open', prompt: p });
const sudo = (stage: Extract<Prompt, { kind: 'remedy' }>['stage']): Prompt => ({ kind: 'remedy', hostId: 'app-1', remedy: { kind: 'sudo-password' }, stage });

describe('prompt modes of the operator prompts', () => {
  it('sudo: the prepare stages; running prepare only when the services can', () => {
    expect(promptMode(withPrompt(sudo('offer')))).toBe('sudo-offer');
    expect(promptMode(withPrompt(sudo('prepare')))).toBe('prepare-offer');
    expect(promptMode(withPrompt(sudo('prepare'), {}))).toBe('info');
    expect(promptMode(withPrompt(sudo('prepare-password')))).toBe('prepare-password');
    expect(promptMode(withPrompt(sudo('preparing')))).toBe('busy');
    expect(promptMode(withPrompt(sudo('prepared')))).toBe('retry-offer');
  });

  it('auth key: minting only with headscale:; Windows: the script only when the services can show it', () => {
    const key: Prompt = { kind: 'remedy', hostId: 'app-1', remedy: { kind: 'auth-key', envVar: 'TS_AUTHKEY', problem: 'invalid' }, stage: 'offer' };
    expect(promptMode(withPrompt(key))).toBe('mint-offer');
    expect(promptMode(withPrompt(key, {}))).toBe('info');
    const win: Prompt = { kind: 'remedy', hostId: 'app-1', remedy: { kind: 'windows', command: 'x' }, stage: 'offer' };
    expect(promptMode(withPrompt(win))).toBe('script-offer');
    expect(promptMode(withPrompt(win, {}))).toBe('info');
  });

  it('w on host screens: a host waiting for its operator (or needing the interactive join)', () => {
    let s = reduce(initialState(inventory(), { features: ALL }), { type: 'run/started', runId: 'r', mode: 'provision', hostIds: ['app-1'], at: 1 });
    s = reduce(s, { type: 'engine/events', events: [{ type: 'host-start', runId: 'r', host: 'app-1', at: 2 }, { type: 'facts', runId: 'r', host: 'app-1', at: 3, facts: { action: 'run-windows-join-script' } }] });
    expect(dashCtx(s)).toMatchObject({ hasScript: true, canStopWatch: true });
    expect(dashCtx({ ...s, features: { ...ALL, script: false } }).hasScript).toBe(false);
    const error = { code: 'ErrWindowsInteractive' as const, message: 'needs an interactive join' };
    s = reduce(s, { type: 'engine/events', events: [{ type: 'host-done', runId: 'r', host: 'app-1', at: 4, result: { id: 'app-1', status: 'needs-action', fqdn: null, changed: false, error } }] });
    expect(dashCtx(s)).toMatchObject({ hasScript: true, canStopWatch: false });
  });
});
