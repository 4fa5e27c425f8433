import { describe, expect, it } from 'vitest';
import { renderLiveOnThisTerminal } from './tty.js';

describe('renderLiveOnThisTerminal', () => {
  it('turns off the CI markers Ink reads, and leaves other variables alone', () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', HOME: '/root' };
    renderLiveOnThisTerminal(env);
    expect(env).toEqual({ CI: 'false', CONTINUOUS_INTEGRATION: 'false', HOME: '/root' });
    const clean: NodeJS.ProcessEnv = { HOME: '/root' };
    renderLiveOnThisTerminal(clean);
    expect(clean).toEqual({ HOME: '/root' });
  });
});
