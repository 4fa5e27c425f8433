/** `meshtui --demo`: the real engine over an in-process simulated fleet (no SSH, no keys). */
import type { Inventory } from '../config/types.js';
import type { HostDeps } from '../provider/api.js';
import { MeshError } from '../provider/errors.js';
import type { EngineFactory } from '../cli/services.js';
import { DEMO_KEY, DEMO_KEY_ENV, demoHosts, demoInventory, type DemoHost } from './fleet.js';
import { SimCommander, type SimMachine } from './sim-commander.js';
import { sleep } from './sleep.js';

export interface Demo {
  inventory: Inventory;
  engine: EngineFactory;
  hosts: DemoHost[];
}

export function createDemo(opts: { speed?: number } = {}): Demo {
  const hosts = demoHosts();
  const speed = opts.speed ?? 1;
  if (speed !== 1) for (const h of hosts) scaleDelays(h, speed);
  const inventory = demoInventory(hosts);
  const machines = new Map<string, SimMachine>(
    hosts.map((h) => [h.id, { state: h.sim, sudoPassword: h.sudoPassword, user: 'deploy', ...(h.operatorAfterMs !== undefined ? { operatorAfterMs: h.operatorAfterMs } : {}) }]),
  );
  const accepted = new Set<string>();
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const engine: EngineFactory = {
    async open({ askHostKey, sudoPasswords }) {
      const open = new Set<SimCommander>();
      const deps: HostDeps = {
        env: (name) => (name === DEMO_KEY_ENV ? DEMO_KEY : undefined),
        now: () => Date.now(),
        sudoPassword: (id) => sudoPasswords.get(id),
        // The engine's waits (the Windows operator watch's polls) run at the demo's speed too.
        sleep: (ms, signal) => sleep(ms * speed, signal),
        async connect(host, signal) {
          const h = byId.get(host.id)!;
          const addr = `${host.address}:${host.port ?? 22}`;
          await sleep(h.connectMs * speed, signal);
          if (h.trait.kind === 'offline') throw new MeshError('ErrSSH', `ssh: cannot connect to ${addr}: connection refused`, { remedy: `check that ${host.id} is up and sshd listens on ${addr}` });
          if (h.trait.kind === 'unknown-key' && !accepted.has(host.id)) {
            const ok = await askHostKey({ host: host.id, address: host.address, port: host.port ?? 22, keyType: 'ssh-ed25519', fingerprint: h.trait.fingerprint });
            if (!ok) throw new MeshError('ErrHostKey', `unknown host key for ${host.id} (${h.trait.fingerprint}): refused`, { detail: { fingerprint: h.trait.fingerprint } });
            accepted.add(host.id);
          }
          const c = new SimCommander(machines.get(host.id)!);
          open.add(c);
          return c;
        },
      };
      return { deps, closeAll: async () => void (await Promise.all([...open].map((c) => c.close()))) };
    },
  };
  return { inventory, engine, hosts };
}

function scaleDelays(h: DemoHost, speed: number): void {
  const d = h.sim.delays;
  h.sim = { ...h.sim, delays: { perCommandMs: d.perCommandMs * speed, installMs: d.installMs * speed, upMs: d.upMs * speed } };
  h.connectMs *= speed;
  if (h.operatorAfterMs !== undefined) h.operatorAfterMs *= speed;
}
