/**
 * The dashboard's only bridge to IO: starts runs through services.provision (batching their events
 * into one dispatch per ~80 ms), cancels them, answers host-key questions, loads node tables.
 * Everything non-serialisable lives here in refs (AbortControllers, resolvers, sudo passwords),
 * never in reducer state.
 */
import { useEffect, useMemo, useRef, type Dispatch } from 'react';
import type { ProvisionMode } from '../provider/api.js';
import type { EngineEvent } from '../provider/events.js';
import { redactDeep } from '../redact.js';
import type { Action } from '../state/actions.js';
import { createBatcher } from '../state/batcher.js';
import type { FrameClock } from '../state/frame-clock.js';
import type { DashboardServices, HostKeyQuestion } from './services.js';

export interface StartOptions {
  /** A sudo password typed for one host, kept for this run only. */
  sudo?: { hostId: string; password: string };
  /** Mint a fresh Headscale key for this run instead of the env var's. */
  mintKey?: boolean;
}

export interface RunController {
  start(hostIds: string[], mode: ProvisionMode, o?: StartOptions): string | null;
  cancelAll(): void;
  answerHostKey(requestId: string, accept: boolean): void;
  /** Stop waiting for the operator's interactive join of this (Windows) host. */
  stopWatch(hostId: string): void;
  /** Accept this fingerprint when the host asks next (a retry after an unknown-key failure). */
  trustOnce(hostId: string, fingerprint: string): void;
  loadNodes(hostId: string): void;
  cancelNodes(): void;
  /** Ask the services for a Windows host's join script and show it. */
  /** `tags`: what the written script advertised (the needs-action error's detail), when known. */
  showScript(hostId: string, mode: ProvisionMode, tags?: readonly string[]): void;
  /** Run `meshtui prepare` for the host; the password is handed over and forgotten here. */
  prepare(hostId: string, password: string): void;
  cancelPrepare(): void;
  /** Cancel everything and wait (bounded) for the runs to close their connections. */
  shutdown(graceMs?: number): Promise<void>;
}

interface LiveRun {
  ac: AbortController;
  done: Promise<void>;
  watches: Map<string, AbortController>;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

let seq = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq += 1).toString(36)}`;

export function useRunController(services: DashboardServices, dispatch: Dispatch<Action>, clock?: FrameClock): RunController {
  const runs = useRef(new Map<string, LiveRun>());
  const questions = useRef(new Map<string, (ok: boolean) => void>());
  const trusted = useRef(new Set<string>());
  const nodesAc = useRef<AbortController | null>(null);
  const prepareAc = useRef<AbortController | null>(null);
  // On the dashboard's frame clock: events land in the same React commit as the spinner's tick.
  const batcher = useMemo(
    () => createBatcher<EngineEvent>((events) => dispatch({ type: 'engine/events', events }), clock ? { timers: clock.timers } : {}),
    [dispatch, clock],
  );

  const controller = useMemo<RunController>(() => {
    const now = () => (services.now ? services.now() : Date.now());
    const refuseAll = () => {
      for (const [id, resolve] of questions.current) {
        resolve(false);
        dispatch({ type: 'hostkey/answered', requestId: id });
      }
      questions.current.clear();
    };
    const c: RunController = {
      start(hostIds, mode, o = {}) {
        if (hostIds.length === 0) return null;
        const { sudo, mintKey } = o;
        const runId = newId('run');
        const ac = new AbortController();
        const passwords = new Map<string, string>();
        if (sudo) passwords.set(sudo.hostId, sudo.password);
        const watches = new Map<string, AbortController>();
        const watchSignal = (hostId: string) => {
          let w = watches.get(hostId);
          if (!w) watches.set(hostId, (w = new AbortController()));
          return w.signal;
        };
        const redact = services.redact;
        const emit = (e: EngineEvent) => {
          if (ac.signal.aborted) return;
          batcher.push(redact ? redactDeep(e, (s) => redact(s)) : e);
        };
        dispatch({ type: 'run/started', runId, mode, hostIds, at: now() });
        let promise: Promise<unknown>;
        try {
          promise = services.provision(hostIds, mode, { runId, signal: ac.signal, emit, sudoPasswords: passwords, watchSignal, ...(mintKey ? { mintKey } : {}) });
        } catch (e) {
          promise = Promise.reject(e);
        }
        const done = promise
          .then(
            (results) => {
              batcher.flush();
              if (ac.signal.aborted) return;
              dispatch({ type: 'run/finished', runId, at: now(), results: Array.isArray(results) ? results : [] });
            },
            (err: unknown) => {
              batcher.flush();
              if (ac.signal.aborted) return;
              const msg = err instanceof Error ? err.message : String(err);
              dispatch({ type: 'run/failed', runId, at: now(), message: redact ? redact(msg) : msg });
            },
          )
          .finally(() => {
            passwords.clear();
            runs.current.delete(runId);
          });
        runs.current.set(runId, { ac, done, watches });
        return runId;
      },
      cancelAll() {
        batcher.flush();
        for (const [runId, r] of runs.current) {
          if (r.ac.signal.aborted) continue;
          r.ac.abort();
          dispatch({ type: 'run/cancelled', runId, at: now() });
        }
        refuseAll();
      },
      stopWatch(hostId) {
        for (const r of runs.current.values()) r.watches.get(hostId)?.abort();
      },
      answerHostKey(requestId, accept) {
        const resolve = questions.current.get(requestId);
        questions.current.delete(requestId);
        dispatch({ type: 'hostkey/answered', requestId });
        resolve?.(accept);
      },
      trustOnce(hostId, fingerprint) {
        trusted.current.add(`${hostId} ${fingerprint}`);
      },
      loadNodes(hostId) {
        nodesAc.current?.abort();
        const ac = new AbortController();
        nodesAc.current = ac;
        const requestId = newId('status');
        dispatch({ type: 'nodes/requested', requestId, hostId });
        services.fetchStatus(hostId, ac.signal).then(
          (json) => !ac.signal.aborted && dispatch({ type: 'nodes/loaded', requestId, json }),
          (err: unknown) => !ac.signal.aborted && dispatch({ type: 'nodes/failed', requestId, message: err instanceof Error ? err.message : String(err) }),
        );
      },
      cancelNodes() {
        nodesAc.current?.abort();
        nodesAc.current = null;
      },
      showScript(hostId, mode, tags) {
        const get = services.windowsScript;
        if (!get) return dispatch({ type: 'ui/message', text: 'showing the join script is not available here' });
        get.call(services, hostId, mode, tags).then(
          (script) => dispatch({ type: 'script/shown', script: { hostId, path: script.path, command: script.command, text: script.text } }),
          (err: unknown) => dispatch({ type: 'ui/message', text: `${hostId}: no join script: ${errText(err)}` }),
        );
      },
      prepare(hostId, password) {
        const run = services.prepare;
        if (!run) return;
        prepareAc.current?.abort();
        const ac = new AbortController();
        prepareAc.current = ac;
        // The password leaves with the call; only its redaction stays until the call settles.
        const clean = (t: string) => {
          const r = services.redact ? services.redact(t) : t;
          return password ? r.split(password).join('[redacted]') : r;
        };
        dispatch({ type: 'prepare/started', hostId });
        let p: Promise<{ ok: boolean; detail: string }>;
        try {
          p = run.call(services, hostId, password, ac.signal);
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(
          (r) => !ac.signal.aborted && dispatch({ type: 'prepare/finished', hostId, ok: r.ok, detail: clean(r.detail) }),
          (err: unknown) => !ac.signal.aborted && dispatch({ type: 'prepare/finished', hostId, ok: false, detail: clean(errText(err)) }),
        ).finally(() => {
          password = '';
          if (prepareAc.current === ac) prepareAc.current = null;
        });
      },
      cancelPrepare() {
        prepareAc.current?.abort();
        prepareAc.current = null;
      },
      async shutdown(graceMs = 3000) {
        c.cancelAll();
        c.cancelNodes();
        c.cancelPrepare();
        const pending = [...runs.current.values()].map((r) => r.done);
        if (pending.length === 0) return;
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([Promise.allSettled(pending), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      },
    };
    return c;
  }, [services, dispatch, batcher]);

  useEffect(() => {
    const ask = (q: HostKeyQuestion): Promise<boolean> => {
      const key = `${q.host} ${q.fingerprint}`;
      if (trusted.current.has(key)) {
        trusted.current.delete(key);
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const requestId = newId('hostkey');
        questions.current.set(requestId, resolve);
        dispatch({ type: 'hostkey/asked', requestId, question: q });
      });
    };
    services.setHostKeyPrompt(ask);
    const live = runs.current;
    const qs = questions.current;
    return () => {
      services.setHostKeyPrompt(null);
      for (const r of live.values()) r.ac.abort();
      for (const resolve of qs.values()) resolve(false);
      qs.clear();
      nodesAc.current?.abort();
      prepareAc.current?.abort();
      batcher.dispose();
    };
  }, [services, dispatch, batcher]);

  return controller;
}
