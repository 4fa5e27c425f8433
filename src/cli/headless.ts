/** `provision` and `rejoin` without a dashboard: plain lines or --json, exit 0/1 (CONTRACT.md). */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { HostConfig, Inventory } from '../config/types.js';
import { runFleet } from '../provider/index.js';
import type { ProvisionMode } from '../provider/api.js';
import type { EngineEvent, HostResult } from '../provider/events.js';
import { makeRedactor, type Redactor } from '../redact.js';
import { Journal } from '../state/journal.js';
import { createEngineServices } from './engine.js';
import { exitCodeFor, jsonPrinter, plainPrinter } from './output.js';
import { UsageError } from './args.js';
import type { EngineFactory } from './services.js';

export interface HeadlessOptions {
  inv: Inventory;
  hosts: HostConfig[];
  mode: ProvisionMode;
  concurrency: number;
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The engine's deps; the real SSH connector when absent (the demo passes its simulated fleet). */
  engine?: EngineFactory;
  /** The run journal; `.meshtui/` beside the config when absent, none when null. */
  journal?: Journal | null;
  /** Extra observers (tests). */
  onEvent?: (e: EngineEvent) => void;
}

export function journalFor(inv: Inventory, redact: Redactor = (s) => s): Journal {
  return new Journal(join(dirname(inv.path), '.meshtui'), redact);
}

export function selectHosts(inv: Inventory, names: string[], all: boolean): HostConfig[] {
  if (all) return inv.hosts;
  const byId = new Map(inv.hosts.map((h) => [h.id, h]));
  return names.map((n) => {
    const h = byId.get(n);
    if (!h) {
      const known = inv.hosts.map((x) => x.id).slice(0, 10).join(', ');
      throw new UsageError(`no host "${n}" in ${inv.path} (hosts: ${known}${inv.hosts.length > 10 ? ', …' : ''})`);
    }
    return h;
  });
}

const refuseHostKey = () => Promise.resolve(false);

export async function runHeadless(o: HeadlessOptions): Promise<{ code: number; results: HostResult[] }> {
  const redact = makeRedactor([process.env[o.inv.tailscale.authKeyEnv]]);
  const write = (s: string) => void o.stdout.write(s);
  const printer = o.json ? jsonPrinter(write, redact) : plainPrinter(write, redact);
  // Headless never asks about an unknown host key: the SSH layer refuses it with the way to accept it.
  const services = o.engine
    ? await o.engine.open({ askHostKey: refuseHostKey, sudoPasswords: new Map() })
    : await createEngineServices(o.inv);
  const ac = new AbortController();
  const runId = randomUUID();
  const journal = o.journal === undefined ? journalFor(o.inv, redact) : o.journal;
  journal?.start(runId, o.mode, o.hosts.map((h) => h.id), o.inv.path);
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts === 1) {
      o.stderr.write('meshtui: interrupted: cancelling every host and closing connections (Ctrl-C again to force)\n');
      ac.abort();
      void services.closeAll();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const results = await runFleet(o.inv, o.hosts, services.deps, {
      runId,
      mode: o.mode,
      signal: ac.signal,
      concurrency: o.concurrency,
      emit: (e) => {
        printer.event(e);
        journal?.record(e);
        o.onEvent?.(e);
      },
    });
    journal?.end(runId, ac.signal.aborted ? 'cancelled' : 'completed');
    printer.summary(results);
    return { code: exitCodeFor(results), results };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await services.closeAll();
  }
}
