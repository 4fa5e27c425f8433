/**
 * What each dashboard action does: dispatch UI actions, or ask the run controller for IO. Called by
 * use-keymap-input with the binding's action; reads the latest state, so it needs no re-creation.
 */
import type { Dispatch } from 'react';
import type { Action } from '../state/actions.js';
import { hostDetailLines } from '../state/detail.js';
import { remedyFor } from '../state/remedy.js';
import { scriptLines } from '../state/script-lines.js';
import { currentPrompt, idleTargets, provisionTargets, selectedHost } from '../state/selectors.js';
import type { DashboardState } from '../state/types.js';
import { pagedMax } from '../state/window.js';
import type { DashAction } from './dashboard-keys.js';
import { helpLines } from './help-lines.js';
import type { Secret } from './use-secret.js';
import type { RunController, StartOptions } from './use-run-controller.js';

export interface CommandDeps {
  state(): DashboardState;
  dispatch: Dispatch<Action>;
  controller: RunController;
  secret: Secret;
  /** Quit: force skips nothing but the wait for a graceful close. */
  quit(force: boolean): void;
  body: number;
  width: number;
  now(): number;
}

/** How far the detail or help page can scroll at this size. */
export function scrollMax(s: DashboardState, width: number, body: number, now: number): number {
  let n = 0;
  if (s.ui.screen === 'help') n = helpLines().length;
  else if (s.ui.screen === 'detail') {
    const h = selectedHost(s);
    n = h ? hostDetailLines(h, width, now, s.authKeyEnv).length : 0;
  } else if (s.ui.screen === 'script' && s.ui.script) n = scriptLines(s.ui.script, width).length;
  return pagedMax(n, body);
}

export function runDashboardAction(d: CommandDeps, action: DashAction): void {
  const s = d.state();
  const { dispatch, controller, secret } = d;
  const h = selectedHost(s);
  const prompt = currentPrompt(s);
  const max = scrollMax(s, d.width, d.body, d.now());
  const page = Math.max(1, d.body - 2);
  const remedyHost = prompt?.kind === 'remedy' ? s.hosts[prompt.hostId] : undefined;
  const retry = (o?: StartOptions) => {
    if (!remedyHost) return;
    dispatch({ type: 'prompt/close' });
    controller.start([remedyHost.id], remedyHost.mode ?? 'provision', ...(o ? [o] : []));
  };
  if (s.ui.message) dispatch({ type: 'ui/message', text: null });

  switch (action) {
    case 'force-quit':
      return d.quit(true);
    case 'quit':
      if (s.runOrder.some((id) => s.runs[id]?.finishedAt === null)) return dispatch({ type: 'prompt/open', prompt: { kind: 'confirm-quit' } });
      return d.quit(false);
    case 'help':
      return dispatch({ type: 'ui/open', screen: 'help' });
    case 'back':
      if (s.ui.screen === 'nodes') controller.cancelNodes();
      return dispatch({ type: 'ui/back' });
    case 'up':
      return dispatch({ type: 'ui/move', delta: -1, max });
    case 'down':
      return dispatch({ type: 'ui/move', delta: 1, max });
    case 'page-up':
      return dispatch({ type: 'ui/move', delta: -page, max });
    case 'page-down':
      return dispatch({ type: 'ui/move', delta: page, max });
    case 'first':
      return dispatch({ type: 'ui/move-edge', edge: 'start', max });
    case 'last':
      return dispatch({ type: 'ui/move-edge', edge: 'end', max });
    case 'open-detail':
      return dispatch({ type: 'ui/open', screen: 'detail' });
    case 'toggle-mark':
      return dispatch({ type: 'ui/toggle-mark' });
    case 'clear-marks':
      return dispatch({ type: 'ui/clear-marks' });
    case 'filter-start':
      return dispatch({ type: 'ui/filter-start' });
    case 'filter-done':
      return dispatch({ type: 'ui/filter-done' });
    case 'filter-clear':
      return dispatch({ type: 'ui/filter-clear' });
    case 'filter-erase':
      return dispatch({ type: 'ui/filter-erase' });
    case 'provision':
      controller.start(provisionTargets(s), 'provision');
      return;
    case 'provision-all':
      controller.start(idleTargets(s), 'provision');
      return;
    case 'rejoin':
      return h ? dispatch({ type: 'prompt/open', prompt: { kind: 'confirm-rejoin', hostId: h.id } }) : undefined;
    case 'status':
      return h ? controller.loadNodes(h.id) : undefined;
    case 'fix': {
      const remedy = h ? remedyFor(h.error, { authKeyEnv: s.authKeyEnv, planTags: h.tags }) : null;
      return h && remedy ? dispatch({ type: 'prompt/open', prompt: { kind: 'remedy', hostId: h.id, remedy, stage: 'offer' } }) : undefined;
    }
    case 'stop-watch':
      return h ? controller.stopWatch(h.id) : undefined;
    case 'show-script': {
      const host = remedyHost ?? h;
      if (!host) return;
      if (remedyHost) dispatch({ type: 'prompt/close' });
      // The tags the written script advertised (none when the key carries them): from its error.
      const written = host.error?.detail?.tags;
      const tags = Array.isArray(written) && written.every((t) => typeof t === 'string') ? (written as string[]) : undefined;
      return controller.showScript(host.id, host.mode ?? 'provision', tags);
    }
    case 'toggle-run':
      return dispatch({ type: 'ui/open', screen: s.ui.screen === 'run' ? 'hosts' : 'run' });
    case 'confirm-yes':
      if (prompt?.kind === 'confirm-quit') {
        dispatch({ type: 'prompt/close' });
        return d.quit(false);
      }
      if (prompt?.kind === 'confirm-rejoin') {
        dispatch({ type: 'prompt/close' });
        controller.start([prompt.hostId], 'rejoin');
        return;
      }
      if (prompt?.kind === 'remedy' && prompt.remedy.kind === 'reset' && remedyHost) {
        dispatch({ type: 'prompt/close' });
        controller.start([remedyHost.id], 'rejoin');
      }
      return;
    case 'confirm-no':
    case 'prompt-dismiss':
      return dispatch({ type: 'prompt/close' });
    case 'hostkey-accept':
      if (prompt?.kind === 'hostkey') return controller.answerHostKey(prompt.requestId, true);
      if (prompt?.kind === 'remedy' && prompt.remedy.kind === 'host-key-unknown' && remedyHost) {
        controller.trustOnce(remedyHost.id, prompt.remedy.fingerprint);
        retry();
      }
      return;
    case 'hostkey-reject':
      if (prompt?.kind === 'hostkey') return controller.answerHostKey(prompt.requestId, false);
      return dispatch({ type: 'prompt/close' });
    case 'sudo-enter':
      secret.clear();
      return dispatch({ type: 'prompt/stage', stage: 'password' });
    case 'sudo-prepare':
      return dispatch({ type: 'prompt/stage', stage: 'prepare' });
    case 'password-submit': {
      if (secret.length === 0 || !remedyHost) return;
      if (prompt?.kind === 'remedy' && prompt.stage === 'prepare-password') return controller.prepare(remedyHost.id, secret.take());
      retry({ sudo: { hostId: remedyHost.id, password: secret.take() } });
      return;
    }
    case 'password-cancel':
      secret.clear();
      return dispatch({ type: 'prompt/stage', stage: prompt?.kind === 'remedy' && prompt.stage === 'prepare-password' ? 'prepare' : 'offer' });
    case 'prepare-enter':
      secret.clear();
      return dispatch({ type: 'prompt/stage', stage: 'prepare-password' });
    case 'prepare-cancel':
      controller.cancelPrepare();
      return dispatch({ type: 'prompt/stage', stage: 'prepare' });
    case 'mint-retry':
      return retry({ mintKey: true });
    case 'password-erase':
      return secret.erase();
    case 'reset-confirm':
      return dispatch({ type: 'prompt/stage', stage: 'confirm' });
    case 'remedy-retry':
      return retry();
  }
}
