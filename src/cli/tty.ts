/**
 * Ink renders only the final frame when it believes it runs in CI (its is-in-ci check reads CI and
 * CONTINUOUS_INTEGRATION once, when ink is first imported). The dashboard runs only on a real
 * terminal, which has a person watching it, so it must render live even where CI=true is exported
 * (CI jobs that drive it in tmux, shells that export CI). Call before the first import of src/ui.
 */
export function renderLiveOnThisTerminal(env: NodeJS.ProcessEnv = process.env): void {
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in env) env[k] = 'false';
}
