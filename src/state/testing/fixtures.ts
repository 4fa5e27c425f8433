/** Shared fixtures for state tests: an inventory, event builders, fixture files. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Inventory } from '../../config/types.js';
import type { EngineEvent, ErrorInfo, HostResult } from '../../provider/events.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function fixture(name: string): string {
  return readFileSync(join(root, 'fixtures', name), 'utf8');
}

let large: string | null = null;
/** A generated `tailscale status --json` with 5,000 peers (fixtures/gen-large-status.mjs, seed 1). */
export function largeStatus(): string {
  large ??= execFileSync(process.execPath, [join(root, 'fixtures', 'gen-large-status.mjs'), '5000', '1'], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return large;
}

export function inventory(ids: string[] = ['app-1', 'app-2', 'db-1']): Inventory {
  return {
    path: '/srv/fleet/meshtui.yml',
    format: 'meshtui',
    provider: 'tailscale',
    tailscale: {
      authKeyEnv: 'TS_AUTHKEY',
      tailnetDomain: 'example.ts.net',
      loginServer: 'https://hs.example.com',
      defaultTags: ['tag:stagecraft'],
      roleTags: { app: ['tag:stagecraft-app'], db: ['tag:stagecraft-db'] },
      install: { method: 'auto', scriptUrl: 'https://tailscale.com/install.sh' },
    },
    hosts: ids.map((id, i) => ({ id, address: `203.0.113.${10 + i}`, port: 22, user: 'deploy', role: id.startsWith('db') ? 'db' : 'app', tags: [], os: 'auto' as const })),
    ssh: { knownHosts: '~/.ssh/known_hosts', hostKeyPolicy: 'ask', connectTimeoutMs: 10_000, commandTimeoutMs: 120_000 },
    concurrency: 8,
    syncthing: false,
  };
}

/** Event builders bound to a run id. */
export function ev(runId: string, at = 1000) {
  let t = at;
  const base = (host: string) => ({ runId, host, at: (t += 10) });
  return {
    start: (host: string): EngineEvent => ({ ...base(host), type: 'host-start' }),
    step: (host: string, step: string, status: 'running' | 'ok' | 'changed' | 'failed' | 'needs-action' | 'skipped', extra: { error?: ErrorInfo; detail?: string; durationMs?: number } = {}): EngineEvent => ({
      ...base(host),
      type: 'step',
      step,
      status,
      ...extra,
    }),
    out: (host: string, text: string, step = 'install'): EngineEvent => ({ ...base(host), type: 'output', step, stream: 'stdout', text }),
    cmd: (host: string, argv: string[], code = 0): EngineEvent => ({ ...base(host), type: 'command', step: 'join', argv, code, durationMs: 12 }),
    facts: (host: string, facts: Record<string, string>): EngineEvent => ({ ...base(host), type: 'facts', facts }),
    done: (host: string, result: Partial<HostResult> = {}): EngineEvent => ({
      ...base(host),
      type: 'host-done',
      result: { id: host, status: 'ok', fqdn: `${host}.example.ts.net`, changed: true, error: null, ...result },
    }),
  };
}
