/**
 * An in-memory DashboardServices for tests: each host follows a script of steps (with small delays,
 * live output, commands, and optional host-key questions) and ends with a result, emitting the same
 * EngineEvents the engine does. Records what it was asked (modes, sudo passwords seen, signals).
 */
import type { HostConfig, Inventory } from '../../config/types.js';
import type { ProvisionMode } from '../../provider/api.js';
import type { EngineEvent, ErrorInfo, HostResult, HostStatus, StepStatus } from '../../provider/events.js';
import type { DashboardServices, HostKeyPrompt, ProvisionOptions } from '../services.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface ScriptStep {
  step: string;
  status?: StepStatus;
  delayMs?: number;
  output?: string[];
  command?: string[];
  detail?: string;
  error?: ErrorInfo;
  /** Ask the host-key question before this step; a refusal fails the host with ErrHostKey. */
  askHostKey?: { fingerprint: string; keyType?: string };
  /** Never finish (until cancelled). */
  hang?: boolean;
  /** Facts emitted when the step starts. */
  facts?: Record<string, string>;
  /** Wait for the operator (like the Windows watch) until the host's watch signal aborts: needs-action. */
  waitWatch?: boolean;
}

export interface HostScript {
  steps: ScriptStep[];
  status?: HostStatus;
  fqdn?: string | null;
  error?: ErrorInfo | null;
  changed?: boolean;
}

export type ScriptFor = (host: string, ctx: { mode: ProvisionMode; sudoPassword?: string; attempt: number; mintKey?: boolean }) => HostScript;

export function makeInventory(ids: string[], over: Partial<Inventory> = {}): Inventory {
  const hosts: HostConfig[] = ids.map((id, i) => ({
    id,
    address: `203.0.113.${10 + i}`,
    port: 22,
    user: 'deploy',
    role: i % 2 ? 'db' : 'app',
    tags: [],
    os: 'auto',
  }));
  return {
    path: '/srv/fleet/meshtui.yml',
    format: 'meshtui',
    provider: 'tailscale',
    tailscale: {
      authKeyEnv: 'TS_AUTHKEY',
      tailnetDomain: 'example.ts.net',
      defaultTags: ['tag:stagecraft'],
      roleTags: { app: ['tag:stagecraft-app'], db: ['tag:stagecraft-db'] },
      install: { method: 'auto', minVersion: '1.78.0', scriptUrl: 'https://tailscale.com/install.sh' },
    },
    hosts,
    ssh: { knownHosts: '~/.ssh/known_hosts', hostKeyPolicy: 'ask', connectTimeoutMs: 10_000, commandTimeoutMs: 120_000 },
    concurrency: 8,
    syncthing: false,
    ...over,
  };
}

export const okScript = (host: string, delayMs = 5): HostScript => ({
  steps: ['connect', 'detect-os', 'check-version', 'join', 'verify', 'fqdn'].map((step) => ({
    step,
    delayMs,
    output: step === 'join' ? [`joining ${host}`] : undefined,
    command: step === 'check-version' ? ['tailscale', 'version'] : undefined,
  })),
  status: 'ok',
  fqdn: `${host}.example.ts.net`,
  changed: true,
});

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error('cancelled'));
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('cancelled'));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export interface FakeServices extends DashboardServices {
  calls: { hostIds: string[]; mode: ProvisionMode; runId: string; signal: AbortSignal; sudoSeen: Record<string, string>; mintKey: boolean }[];
  hostKeyPrompt: HostKeyPrompt | null;
  statusCalls: string[];
}

export function fakeServices(o: { inventory: Inventory; script?: ScriptFor; status?: (host: string) => Promise<string> }): FakeServices {
  const script: ScriptFor = o.script ?? ((h) => okScript(h));
  const attempts = new Map<string, number>();
  const svc: FakeServices = {
    inventory: o.inventory,
    calls: [],
    hostKeyPrompt: null,
    statusCalls: [],
    setHostKeyPrompt(fn) {
      svc.hostKeyPrompt = fn;
    },
    fetchStatus(host) {
      svc.statusCalls.push(host);
      return o.status ? o.status(host) : Promise.reject(new Error('no status in this test'));
    },
    async provision(hostIds: string[], mode: ProvisionMode, opts: ProvisionOptions): Promise<HostResult[]> {
      const sudoSeen: Record<string, string> = {};
      for (const [k, v] of opts.sudoPasswords) sudoSeen[k] = v;
      svc.calls.push({ hostIds, mode, runId: opts.runId, signal: opts.signal, sudoSeen, mintKey: opts.mintKey === true });
      const one = async (host: string): Promise<HostResult> => {
        const attempt = (attempts.get(host) ?? 0) + 1;
        attempts.set(host, attempt);
        const s = script(host, { mode, sudoPassword: opts.sudoPasswords.get(host), attempt, mintKey: opts.mintKey === true });
        const base = { runId: opts.runId, host };
        const emit = (e: DistributiveOmit<EngineEvent, 'runId' | 'host' | 'at'>) => opts.emit({ ...base, at: Date.now(), ...e } as EngineEvent);
        emit({ type: 'host-start' });
        const t0 = Date.now();
        for (const st of s.steps) {
          if (st.askHostKey) {
            const q = { host, address: o.inventory.hosts.find((h) => h.id === host)?.address ?? host, port: 22, keyType: st.askHostKey.keyType ?? 'ssh-ed25519', fingerprint: st.askHostKey.fingerprint };
            const ok = svc.hostKeyPrompt ? await svc.hostKeyPrompt(q) : false;
            if (!ok) {
              const error: ErrorInfo = { code: 'ErrHostKey', message: `host key for ${q.address} (${q.fingerprint}) was not accepted`, detail: { fingerprint: q.fingerprint } };
              emit({ type: 'step', step: st.step, status: 'failed', error });
              const r: HostResult = { id: host, status: 'failed', fqdn: null, changed: false, error, durationMs: Date.now() - t0 };
              emit({ type: 'host-done', result: r });
              return r;
            }
          }
          emit({ type: 'step', step: st.step, status: 'running', detail: st.detail });
          if (st.facts) emit({ type: 'facts', facts: st.facts });
          if (st.waitWatch) {
            const w = opts.watchSignal(host);
            await new Promise<void>((resolve) => (w.aborted ? resolve() : w.addEventListener('abort', () => resolve(), { once: true })));
            const error: ErrorInfo = { code: 'ErrWindowsInteractive', message: `${host} needs an interactive join`, detail: { command: 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1' } };
            emit({ type: 'step', step: st.step, status: 'needs-action', error });
            const r: HostResult = { id: host, status: 'needs-action', fqdn: null, changed: true, error, durationMs: Date.now() - t0 };
            emit({ type: 'host-done', result: r });
            return r;
          }
          for (const line of st.output ?? []) emit({ type: 'output', step: st.step, stream: 'stdout', text: line + '\n' });
          await sleep(st.hang ? 3_600_000 : (st.delayMs ?? 5), opts.signal);
          if (st.command) emit({ type: 'command', step: st.step, argv: st.command, code: st.status === 'failed' ? 1 : 0, durationMs: st.delayMs ?? 5 });
          emit({ type: 'step', step: st.step, status: st.status ?? 'ok', detail: st.detail, error: st.error, durationMs: st.delayMs ?? 5 });
          if (st.status === 'failed' || st.status === 'needs-action') break;
        }
        const r: HostResult = { id: host, status: s.status ?? 'ok', fqdn: s.fqdn ?? null, changed: s.changed ?? false, error: s.error ?? null, durationMs: Date.now() - t0 };
        emit({ type: 'host-done', result: r });
        return r;
      };
      const results: HostResult[] = [];
      const queue = [...hostIds];
      const workers = Array.from({ length: Math.min(o.inventory.concurrency, queue.length) }, async () => {
        for (let h = queue.shift(); h !== undefined; h = queue.shift()) results.push(await one(h));
      });
      await Promise.all(workers);
      return results;
    },
  };
  return svc;
}
