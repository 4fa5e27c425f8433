/**
 * The dashboard root: the reducer, the run controller (all IO, through the injected services), the
 * one keymap input, and the layout — <Static> for finished hosts, then a live region (header, the
 * current screen or prompt, message, footer) one line shorter than the terminal.
 */
import { Box, Static, Text, useApp } from 'ink';
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { truncate } from '../state/format.js';
import { initialState } from '../state/init.js';
import { reducer } from '../state/reducer.js';
import type { Features } from '../state/types.js';
import { currentPrompt, exitCode, isRunning } from '../state/selectors.js';
import { runDashboardAction } from './dashboard-commands.js';
import { DASHBOARD_KEYS, dashCtx, typingSecret, type DashAction, type DashCtx } from './dashboard-keys.js';
import { DetailView } from './detail-view.js';
import { FinishedLine } from './finished-line.js';
import { Header } from './header.js';
import { HelpView } from './help-view.js';
import { HostListView } from './host-list-view.js';
import { footerText } from './keymap.js';
import { bodyHeight, HEADER_LINES, promptMax } from './layout.js';
import { NodesScreen } from './nodes-screen.js';
import { PromptView, promptLayout } from './prompt-view.js';
import { RunView } from './run-view.js';
import { ScriptView } from './script-view.js';
import type { DashboardServices } from './services.js';
import { SpinnerProvider } from './spinner.js';
import { createFrameClock } from '../state/frame-clock.js';
import { useTerminalSize } from './terminal-size.js';
import { toneProps, useTheme } from './theme.js';
import { useKeymapInput } from './use-keymap-input.js';
import { useLatestReducer } from './use-latest-reducer.js';
import { useRunController } from './use-run-controller.js';
import { useSecret } from './use-secret.js';

export interface DashboardProps {
  services: DashboardServices;
  configPath?: string;
  /** Called once, with the exit code, before the app unmounts. */
  onExit(code: number): void;
}

/** Which optional services there are: their keys are offered only then. */
function featuresOf(s: DashboardServices): Features {
  return { script: typeof s.windowsScript === 'function', prepare: typeof s.prepare === 'function', mint: s.canMintKeys === true };
}

export function Dashboard({ services, configPath, onExit }: DashboardProps) {
  const [state, dispatch, getState] = useLatestReducer(reducer, () =>
    initialState(services.inventory, { configPath, lastOutcomes: services.lastOutcomes?.(), features: featuresOf(services) }),
  );
  const clock = useMemo(() => createFrameClock(), []);
  const controller = useRunController(services, dispatch, clock);
  const secret = useSecret();
  const size = useTerminalSize();
  const theme = useTheme();
  const { exit } = useApp();
  const now = useCallback(() => (services.now ? services.now() : Date.now()), [services]);
  const startedAt = useMemo(() => now(), [now]);

  // Quitting: cancel and wait for the runs to close, then exit from an effect, so the last frame
  // (cancelled hosts in <Static>) is committed before Ink unmounts.
  const quitting = useRef(false);
  const [exitWith, setExitWith] = useState<number | null>(null);
  const quit = useCallback(
    (force: boolean) => {
      if (quitting.current) return;
      quitting.current = true;
      const s = getState();
      const running = isRunning(s);
      const code = running ? 1 : exitCode(s);
      if (running) dispatch({ type: 'ui/message', text: 'cancelling every host and closing connections…' });
      void controller.shutdown(force ? 1000 : 3000).finally(() => setExitWith(code));
    },
    [controller, dispatch, getState],
  );
  useEffect(() => {
    if (exitWith === null) return;
    onExit(exitWith);
    exit();
  }, [exitWith, onExit, exit]);

  const prompt = currentPrompt(state);
  const full = bodyHeight(size, state.ui.message !== null);
  const panel = prompt ? promptLayout(state, prompt, size.columns, promptMax(full)) : null;
  const body = full - (panel?.height ?? 0);
  const ctx = useMemo(() => dashCtx(state), [state]);
  const getCtx = useCallback(() => dashCtx(getState()), [getState]);
  const run = useCallback(
    (action: DashAction) => runDashboardAction({ state: getState, dispatch, controller, secret, quit, body, width: size.columns, now }, action),
    [getState, dispatch, controller, secret, quit, body, size.columns, now],
  );
  const onText = useCallback(
    (text: string, c: DashCtx) => {
      if (typingSecret(c.prompt)) secret.append(text);
      else if (c.filterEditing && c.prompt === 'none') dispatch({ type: 'ui/filter-type', text });
      else return false;
      return true;
    },
    [secret, dispatch],
  );
  const nodesLive = state.ui.screen === 'nodes' && state.ui.nodes?.status === 'ready' && !prompt;
  useKeymapInput(DASHBOARD_KEYS, getCtx, run, { isActive: !nodesLive, onText });

  const width = size.columns;
  let screen: React.ReactNode;
  if (body <= 0) screen = null;
  else if (state.ui.screen === 'run') screen = <RunView state={state} width={width} height={body} />;
  else if (state.ui.screen === 'detail') screen = <DetailView state={state} width={width} height={body} />;
  else if (state.ui.screen === 'help') screen = <HelpView scroll={state.ui.scroll} width={width} height={body} />;
  else if (state.ui.screen === 'script' && state.ui.script) screen = <ScriptView script={state.ui.script} scroll={state.ui.scroll} width={width} height={body} />;
  else if (state.ui.screen === 'nodes' && state.ui.nodes) {
    const h = size.rows - 1 - HEADER_LINES;
    screen = (
      <NodesScreen
        nodes={state.ui.nodes}
        width={width}
        height={nodesLive ? h : body}
        isActive={nodesLive}
        onClose={() => run('back')}
        onQuit={(force) => run(force ? 'force-quit' : 'quit')}
      />
    );
  } else screen = <HostListView state={state} width={width} height={body} now={startedAt} />;

  return (
    <SpinnerProvider active={ctx.running || state.ui.nodes?.status === 'loading'} clock={clock} now={now}>
      <Static items={state.finished}>{(e) => <FinishedLine key={e.key} entry={e} width={width} />}</Static>
      <Box flexDirection="column" width={width}>
        <Header state={state} width={width} />
        {screen}
        {panel ? <PromptView layout={panel} secretLength={secret.length} width={width} /> : null}
        {nodesLive ? null : (
          <>
            {state.ui.message !== null ? (
              <Text wrap="truncate" {...toneProps(theme, 'warn')}>
                {truncate(state.ui.message, width)}
              </Text>
            ) : null}
            <Text wrap="truncate" {...toneProps(theme, 'dim')}>
              {footerText(DASHBOARD_KEYS, ctx, width)}
            </Text>
          </>
        )}
      </Box>
    </SpinnerProvider>
  );
}
