/**
 * The TypeScript side of `npm run bench` (bundled by bench/lib/bundle.mjs): the integration harness's
 * fleet, and the exact remote commands the engine sends for one host, so that the bash baseline
 * runs the same steps as meshtui.
 */
import { Writable } from 'node:stream';
import { runHeadless } from '../src/cli/headless.js';
import { loadConfig } from '../src/config/index.js';
import { shJoin } from '../src/quote.js';
import { sshArgs } from '../test/harness/ssh.js';
import type { Fleet } from '../test/harness/fleet.js';

export { startFleet, type Fleet } from '../test/harness/fleet.js';
export { ensureSystem } from '../test/harness/system.js';

export interface RemoteStep {
  step: string;
  /** The remote shell line, rendered as the SSH commander renders it. */
  line: string;
  /** The auth key goes to this command's stdin (the join). */
  keyOnStdin: boolean;
}

/** Provisions `hostId` once with the real engine (no journal, output discarded) and returns what it ran. */
export async function captureSteps(fleet: Fleet, hostId: string): Promise<RemoteStep[]> {
  const inv = await loadConfig({ path: fleet.configPath, cwd: fleet.dir });
  const host = inv.hosts.find((h) => h.id === hostId);
  if (!host) throw new Error(`no host ${hostId} in ${fleet.configPath}`);
  const steps: RemoteStep[] = [];
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const { results } = await runHeadless({
    inv,
    hosts: [host],
    mode: 'provision',
    concurrency: 1,
    json: true,
    stdout: sink,
    stderr: sink,
    journal: null,
    onEvent: (e) => {
      if (e.type !== 'command') return;
      steps.push({ step: e.step, line: shJoin(e.argv), keyOnStdin: e.step === 'join' && e.argv.includes('up') });
    },
  });
  const r = results[0];
  if (!r || r.status !== 'ok') throw new Error(`capture run on ${hostId} ended ${r?.status}: ${r?.error?.message ?? ''}`);
  return steps;
}

/**
 * A bash script that runs the same steps as one `ssh` each: a reachability check (meshtui's connect
 * step), then every remote command, the key piped to the join's stdin from $TS_AUTHKEY. The steps
 * were captured on `from`; for another host its --hostname is put in. With `controlDir`, every run
 * goes through one multiplexed OpenSSH connection (ControlMaster), closed at the end.
 */
export function bashScript(fleet: Fleet, hostId: string, steps: RemoteStep[], o: { from?: string; controlDir?: string } = {}): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const mux = o.controlDir ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${o.controlDir}/cm-${hostId}`, '-o', 'ControlPersist=60'] : [];
  const ssh = [...mux, ...sshArgs(fleet, hostId)].map(q).join(' ');
  const line = (s: RemoteStep) => (o.from && o.from !== hostId ? s.line.replaceAll(`--hostname=${o.from}`, `--hostname=${hostId}`) : s.line);
  const lines = ['#!/bin/bash', `# meshtui bench: provisioning ${hostId} as ${steps.length + 1} ssh runs${o.controlDir ? ' over one multiplexed connection' : ''}`, `ssh=(ssh ${ssh})`, '"${ssh[@]}" true </dev/null || exit 1'];
  for (const s of steps) {
    lines.push(s.keyOnStdin ? `printf '%s\\n' "$TS_AUTHKEY" | "\${ssh[@]}" ${q(line(s))} >/dev/null 2>&1` : `"\${ssh[@]}" ${q(line(s))} >/dev/null 2>&1 </dev/null`);
  }
  if (o.controlDir) lines.push('"${ssh[@]}" -O exit 2>/dev/null');
  return lines.join('\n') + '\n';
}
