/**
 * The dashboard's one keymap: every key on every dashboard screen and prompt, with the context it
 * applies in. Dispatch (use-dashboard-input.ts), the footer and `?` help all read this table.
 */
import { remedyFor } from '../state/remedy.js';
import { cursorIds, currentPrompt, idleTargets, isRunning, provisionTargets, selectedHost } from '../state/selectors.js';
import { LIVE_PHASES } from '../state/host-events.js';
import type { DashboardState, Screen } from '../state/types.js';
import type { Keymap } from './keymap.js';

export type PromptMode =
  | 'none'
  | 'confirm'
  | 'hostkey'
  | 'sudo-offer'
  | 'password'
  | 'reset-offer'
  | 'retry-offer'
  | 'info'
  | 'prepare-offer'
  | 'prepare-password'
  | 'busy'
  | 'mint-offer'
  | 'script-offer';

/** A masked field is being typed: printable keys are text. */
export const typingSecret = (m: PromptMode) => m === 'password' || m === 'prepare-password';

export interface DashCtx {
  screen: Screen;
  prompt: PromptMode;
  filterEditing: boolean;
  filterActive: boolean;
  marks: number;
  hasSelection: boolean;
  selectedLive: boolean;
  canProvision: boolean;
  canProvisionAll: boolean;
  hasRemedy: boolean;
  /** The selected host is waiting for an operator's interactive join (Windows). */
  canStopWatch: boolean;
  /** The selected host has a Windows join script that can be shown again. */
  hasScript: boolean;
  hasRun: boolean;
  running: boolean;
}

export function promptMode(s: DashboardState): PromptMode {
  const p = currentPrompt(s);
  if (!p) return 'none';
  if (p.kind === 'confirm-quit' || p.kind === 'confirm-rejoin') return 'confirm';
  if (p.kind === 'hostkey') return 'hostkey';
  const r = p.remedy;
  if (p.stage === 'confirm') return 'confirm';
  if (r.kind === 'sudo-password') {
    if (p.stage === 'password' || p.stage === 'prepare-password') return p.stage;
    if (p.stage === 'prepare') return s.features.prepare ? 'prepare-offer' : 'info';
    if (p.stage === 'preparing') return 'busy';
    return p.stage === 'prepared' ? 'retry-offer' : 'sudo-offer';
  }
  if (r.kind === 'auth-key' && s.features.mint) return 'mint-offer';
  if (r.kind === 'windows' && s.features.script) return 'script-offer';
  if (r.kind === 'host-key-unknown') return 'hostkey';
  if (r.kind === 'reset') return 'reset-offer';
  if (r.kind === 'tags') return 'retry-offer';
  return 'info';
}

export function dashCtx(s: DashboardState): DashCtx {
  const h = selectedHost(s);
  return {
    screen: s.ui.screen,
    prompt: promptMode(s),
    filterEditing: s.ui.filterEditing,
    filterActive: s.ui.filter.length > 0,
    marks: s.ui.marked.length,
    hasSelection: h !== null && (s.ui.screen !== 'hosts' || cursorIds(s).includes(h.id)),
    selectedLive: h !== null && LIVE_PHASES.has(h.phase),
    canProvision: provisionTargets(s).length > 0,
    canProvisionAll: !isRunning(s) && idleTargets(s).length > 0,
    hasRemedy: h !== null && !LIVE_PHASES.has(h.phase) && remedyFor(h.error, { authKeyEnv: s.authKeyEnv, planTags: h.tags }) !== null,
    canStopWatch: h !== null && h.phase === 'running' && Boolean(h.facts.action),
    hasScript: s.features.script && h !== null && (h.facts.action === 'run-windows-join-script' || h.error?.code === 'ErrWindowsInteractive'),
    hasRun: s.runOrder.length > 0,
    running: isRunning(s),
  };
}

export type DashAction =
  | 'force-quit'
  | 'quit'
  | 'help'
  | 'back'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'first'
  | 'last'
  | 'open-detail'
  | 'toggle-mark'
  | 'clear-marks'
  | 'filter-start'
  | 'filter-done'
  | 'filter-clear'
  | 'filter-erase'
  | 'provision'
  | 'provision-all'
  | 'rejoin'
  | 'status'
  | 'fix'
  | 'toggle-run'
  | 'stop-watch'
  | 'show-script'
  | 'confirm-yes'
  | 'confirm-no'
  | 'hostkey-accept'
  | 'hostkey-reject'
  | 'sudo-enter'
  | 'sudo-prepare'
  | 'password-submit'
  | 'password-cancel'
  | 'password-erase'
  | 'prepare-enter'
  | 'prepare-cancel'
  | 'mint-retry'
  | 'reset-confirm'
  | 'remedy-retry'
  | 'prompt-dismiss';

type C = DashCtx;
const free = (c: C) => c.prompt === 'none' && !c.filterEditing;
const list = (c: C) => free(c) && (c.screen === 'hosts' || c.screen === 'run');
const hostScreens = (c: C) => free(c) && (c.screen === 'hosts' || c.screen === 'run' || c.screen === 'detail');
const scrolling = (c: C) => free(c) && (c.screen === 'detail' || c.screen === 'help' || c.screen === 'script');
const prompt = (m: C['prompt']) => (c: C) => c.prompt === m;

export const DASHBOARD_KEYS: Keymap<DashCtx, DashAction> = [
  // hosts
  { group: 'Hosts', keys: ['up', 'k'], label: 'move', display: '↑↓/jk', help: 'move up / down', when: list, action: 'up', footer: 10 },
  { group: 'Hosts', keys: ['down', 'j'], label: 'move', help: 'move down', partner: true, when: list, action: 'down' },
  { group: 'Hosts', keys: ['pageup'], label: 'page up', when: list, action: 'page-up' },
  { group: 'Hosts', keys: ['pagedown'], label: 'page down', when: list, action: 'page-down' },
  { group: 'Hosts', keys: ['home', 'g'], label: 'first', when: list, action: 'first' },
  { group: 'Hosts', keys: ['end', 'G'], label: 'last', when: list, action: 'last' },
  { group: 'Hosts', keys: ['return'], label: 'open', help: 'open the host: steps, commands, error, remedy', when: (c) => list(c) && c.hasSelection, action: 'open-detail', footer: 11 },
  { group: 'Hosts', keys: ['space'], label: 'mark', help: 'mark / unmark for a bulk action', when: (c) => free(c) && c.screen === 'hosts' && c.hasSelection, action: 'toggle-mark', footer: 15 },
  { group: 'Hosts', keys: ['/'], label: 'filter', when: list, action: 'filter-start', footer: 14 },
  { group: 'Hosts', keys: ['escape'], label: 'clear filter', when: (c) => free(c) && c.screen === 'hosts' && c.filterActive, action: 'filter-clear', footer: 16 },
  { group: 'Hosts', keys: ['escape'], label: 'clear marks', when: (c) => free(c) && c.screen === 'hosts' && c.marks > 0, action: 'clear-marks', footer: 16 },
  { group: 'Hosts', keys: ['escape'], label: 'host list', when: (c) => free(c) && c.screen === 'run', action: 'back', footer: 16 },
  { group: 'Hosts', keys: ['tab'], label: 'run/hosts', help: 'switch between the host list and the run view', when: (c) => list(c) && c.hasRun, action: 'toggle-run', footer: 17 },
  // actions
  { group: 'Actions', keys: ['p'], label: 'provision', help: 'provision the selected (or marked) hosts', when: (c) => hostScreens(c) && c.canProvision, action: 'provision', footer: 3 },
  { group: 'Actions', keys: ['a'], label: 'all', help: 'provision all hosts', when: (c) => hostScreens(c) && c.canProvisionAll, action: 'provision-all', footer: 4 },
  { group: 'Actions', keys: ['r'], label: 'rejoin', help: 'rejoin the selected host (tailscale up --reset --force-reauth; asks first)', when: (c) => hostScreens(c) && c.hasSelection && !c.selectedLive, action: 'rejoin', dangerous: true, footer: 5 },
  { group: 'Actions', keys: ['s'], label: 'nodes', help: "node table from the selected host's tailscale status", when: (c) => hostScreens(c) && c.hasSelection, action: 'status', footer: 6 },
  { group: 'Actions', keys: ['f'], label: 'fix', help: "open the fix for the selected host's failure", when: (c) => hostScreens(c) && c.hasSelection && c.hasRemedy, action: 'fix', footer: 2 },
  { group: 'Actions', keys: ['w'], label: 'script', help: "show the selected Windows host's join script again (never the key)", when: (c) => hostScreens(c) && c.hasScript, action: 'show-script', footer: 8 },
  { group: 'Actions', keys: ['x'], label: 'stop waiting', help: "stop waiting for the operator's interactive Windows join (the host ends needs action)", when: (c) => hostScreens(c) && c.canStopWatch, action: 'stop-watch', footer: 7 },
  // detail and help
  { group: 'Detail and help', keys: ['up', 'k'], label: 'scroll', display: '↑↓/jk', help: 'scroll up / down', when: scrolling, action: 'up', footer: 10 },
  { group: 'Detail and help', keys: ['down', 'j'], label: 'scroll', help: 'scroll down', partner: true, when: scrolling, action: 'down' },
  { group: 'Detail and help', keys: ['pageup'], label: 'page up', when: scrolling, action: 'page-up' },
  { group: 'Detail and help', keys: ['pagedown', 'space'], label: 'page down', when: scrolling, action: 'page-down' },
  { group: 'Detail and help', keys: ['home', 'g'], label: 'top', when: scrolling, action: 'first' },
  { group: 'Detail and help', keys: ['end', 'G'], label: 'bottom', when: scrolling, action: 'last' },
  { group: 'Detail and help', keys: ['escape'], label: 'back', when: scrolling, action: 'back', footer: 1 },
  { group: 'Detail and help', keys: ['?'], label: 'back', help: 'close help', when: (c) => free(c) && c.screen === 'help', action: 'back' },
  { group: 'Detail and help', keys: ['escape'], label: 'back', help: 'back (node table still loading, or failed)', when: (c) => free(c) && c.screen === 'nodes', action: 'back', footer: 1 },
  // filter
  { group: 'Filter', keys: ['return'], label: 'apply', when: (c) => c.prompt === 'none' && c.filterEditing, action: 'filter-done', footer: 1 },
  { group: 'Filter', keys: ['escape'], label: 'clear', when: (c) => c.prompt === 'none' && c.filterEditing, action: 'filter-clear', footer: 2 },
  { group: 'Filter', keys: ['backspace'], label: 'erase', when: (c) => c.prompt === 'none' && c.filterEditing, action: 'filter-erase' },
  { group: 'Filter', keys: ['up'], label: 'move', display: '↑↓', help: 'move while typing', when: (c) => c.prompt === 'none' && c.filterEditing, action: 'up' },
  { group: 'Filter', keys: ['down'], label: 'move down', partner: true, when: (c) => c.prompt === 'none' && c.filterEditing, action: 'down' },
  // prompts
  { group: 'Prompts', keys: ['y'], label: 'yes', when: prompt('confirm'), action: 'confirm-yes', footer: 1 },
  { group: 'Prompts', keys: ['n', 'escape'], label: 'no', when: prompt('confirm'), action: 'confirm-no', footer: 2 },
  { group: 'Prompts', keys: ['a'], label: 'accept host key', when: prompt('hostkey'), action: 'hostkey-accept', footer: 1 },
  { group: 'Prompts', keys: ['r', 'escape'], label: 'reject host key', when: prompt('hostkey'), action: 'hostkey-reject', footer: 2 },
  { group: 'Prompts', keys: ['p', 'return'], label: 'type sudo password', help: 'type the sudo password once, for this run only', when: prompt('sudo-offer'), action: 'sudo-enter', footer: 1 },
  { group: 'Prompts', keys: ['m'], label: 'show prepare', help: 'show `meshtui prepare HOST` (passwordless sudo), and run it from here', when: prompt('sudo-offer'), action: 'sudo-prepare', footer: 2 },
  { group: 'Prompts', keys: ['p', 'return'], label: 'run prepare', help: 'run `meshtui prepare HOST` now (the sudo password is asked once)', when: prompt('prepare-offer'), action: 'prepare-enter', footer: 1 },
  { group: 'Prompts', keys: ['return'], label: 'retry with it', help: 'retry the host with the typed password', when: prompt('password'), action: 'password-submit', footer: 1 },
  { group: 'Prompts', keys: ['return'], label: 'run prepare', help: 'run prepare with the typed password', when: prompt('prepare-password'), action: 'password-submit', footer: 1 },
  { group: 'Prompts', keys: ['escape'], label: 'cancel', when: (c) => typingSecret(c.prompt), action: 'password-cancel', footer: 2 },
  { group: 'Prompts', keys: ['backspace'], label: 'erase', when: (c) => typingSecret(c.prompt), action: 'password-erase' },
  { group: 'Prompts', keys: ['escape'], label: 'cancel prepare', when: prompt('busy'), action: 'prepare-cancel', footer: 1 },
  { group: 'Prompts', keys: ['k'], label: 'mint key & retry', help: 'retry the host with a fresh pre-auth key minted on the Headscale host (the env var is ignored for that run)', when: prompt('mint-offer'), action: 'mint-retry', footer: 1 },
  { group: 'Prompts', keys: ['w'], label: 'show script', help: 'show the Windows join script again (never the key)', when: prompt('script-offer'), action: 'show-script', footer: 1 },
  { group: 'Prompts', keys: ['r'], label: 'rejoin with --reset', when: prompt('reset-offer'), action: 'reset-confirm', dangerous: true, footer: 1 },
  { group: 'Prompts', keys: ['p'], label: 'retry host', when: prompt('retry-offer'), action: 'remedy-retry', footer: 1 },
  { group: 'Prompts', keys: ['escape'], label: 'later', help: 'close the prompt (f reopens it)', when: (c) => ['sudo-offer', 'reset-offer', 'retry-offer', 'prepare-offer', 'mint-offer'].includes(c.prompt), action: 'prompt-dismiss', footer: 3 },
  { group: 'Prompts', keys: ['escape', 'return'], label: 'close', when: (c) => c.prompt === 'info' || c.prompt === 'script-offer', action: 'prompt-dismiss', footer: 3 },
  // anywhere
  { group: 'Anywhere', keys: ['ctrl+c'], label: 'quit now', help: 'quit now: cancel every host and close connections', when: () => true, action: 'force-quit' },
  { group: 'Anywhere', keys: ['?'], label: 'help', help: 'this help: every key', when: (c) => free(c) && c.screen !== 'help', action: 'help', footer: 90 },
  {
    group: 'Anywhere',
    keys: ['q'],
    label: 'quit',
    help: 'quit (asks first while a run is under way; also from a prompt)',
    when: (c) => !c.filterEditing && !typingSecret(c.prompt) && c.prompt !== 'confirm',
    action: 'quit',
    footer: 91,
  },
];
