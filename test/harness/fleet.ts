/**
 * startFleet(): a temp dir with real sshd processes on 127.0.0.1, one per simulated host, plus the
 * client key, known_hosts, meshtui.yml and an env file with the test auth key.
 */
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, existsSync, openSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { SimDelays, SimHost, SimResult } from '../../src/sim/index.js';
import { runTailscale } from './remote/headscale-io.js';
import { runJoinScriptInteractively, type SimWindowsHost } from '../../src/sim/windows.js';
import { DEFAULT_HOSTS, hostSpec, type HostSpec } from './catalogue.js';
import { SIM_LIB, TEST_AUTH_KEY, TS_BIN } from './paths.js';
import { loadState, saveState, type ArgvEntry } from './remote/hoststate.js';
import { freePort, keygen, startSilent, startSshd } from './sshd.js';
import { ensureSystem } from './system.js';

const exec = promisify(execFile);

export interface FleetOptions {
  /** Catalogue ids, or specs ({id, template, sim overrides}); default: the whole catalogue. */
  hosts?: (string | { id: string; template?: string; sim?: Partial<SimHost>; user?: string; role?: string; os?: HostSpec['os']; syncthing?: boolean })[];
  /** Also start this many generated hosts `node-01`…, from `template` (default 'fresh'). */
  count?: number;
  template?: string;
  /** Applied to every host. */
  delays?: Partial<SimDelays>;
  hostKeyPolicy?: 'ask' | 'accept-new' | 'strict';
  /** meshtui.yml ssh.connect_timeout / command_timeout (defaults 2s / 120s; the engine's `up --timeout` is 3/4 of the latter). */
  connectTimeout?: string;
  commandTimeout?: string;
  loginServer?: string;
  concurrency?: number;
  /** Keep the temp dir after stop() (also MESHTUI_KEEP_FLEET=1). */
  keep?: boolean;
  /** meshtui.yml windows_watch (how long a Windows host is watched for its operator; 0: not at all). */
  windowsWatch?: string | number;
  /** meshtui.yml top-level `syncthing:` (a host's own `syncthing:` comes from its entry in `hosts`). */
  syncthing?: boolean;
}

export interface FleetHost {
  id: string;
  port: number;
  hostDir: string;
  user: string;
  role?: string;
  reach: HostSpec['reach'];
  expect: string;
  os?: HostSpec['os'];
  /** The host's own `syncthing:` in meshtui.yml (absent: not written). */
  syncthing?: boolean;
}

export interface Fleet {
  dir: string;
  configPath: string;
  envPath: string;
  /** The env the CLI needs (TS_AUTHKEY). */
  env: Record<string, string>;
  identityFile: string;
  knownHostsPath: string;
  hosts: FleetHost[];
  host(id: string): FleetHost;
  argvLog(id: string): ArgvEntry[];
  sshdLog(id: string): string;
  /** `Accepted publickey` lines in the host's sshd log: SSH connections so far. */
  connections(id: string): number;
  state(id: string): SimHost;
  setState(id: string, patch: Partial<SimHost>): void;
  /** A Windows host's operator runs C:\temp\join-mesh.ps1 in an interactive session (RDP or console). */
  runWindowsJoinScript(id: string): SimResult;
  stop(): Promise<void>;
}

function withDelays(sim: SimHost, d?: Partial<SimDelays>): SimHost {
  return d ? { ...sim, delays: { ...sim.delays, ...d } } : sim;
}

/** Under a Headscale login server, hosts that are already joined are joined through it. */
function withLoginServer(sim: SimHost, url?: string): SimHost {
  if (!url || !sim.loggedIn || !sim.tailnet) return sim;
  return {
    ...sim,
    loginServer: url,
    prefs: { ...sim.prefs, 'login-server': url },
    tailnet: { name: new URL(url).hostname, magicDNSSuffix: sim.tailnet.magicDNSSuffix },
  };
}

function specsFor(opts: FleetOptions): HostSpec[] {
  const specs: HostSpec[] = (opts.hosts ?? (opts.count ? [] : DEFAULT_HOSTS)).map((h) => {
    if (typeof h === 'string') return hostSpec(h);
    const base = hostSpec(h.id, h.template ?? h.id);
    return { ...base, user: h.user ?? base.user, role: h.role ?? base.role, os: h.os ?? base.os, sim: { ...base.sim, ...h.sim } };
  });
  const width = String(opts.count ?? 0).length < 2 ? 2 : String(opts.count).length;
  for (let i = 1; i <= (opts.count ?? 0); i++) specs.push(hostSpec(`node-${String(i).padStart(width, '0')}`, opts.template ?? 'fresh'));
  return specs.map((s) => ({ ...s, sim: withLoginServer(withDelays(s.sim, opts.delays), opts.loginServer) }));
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function writeHostDir(hostDir: string, sim: SimHost): void {
  mkdirSync(hostDir, { recursive: true });
  chmodSync(hostDir, 0o777);
  saveState(hostDir, sim, join(TS_BIN, 'tailscale'));
  writeFileSync(join(hostDir, 'argv.log'), '');
  chmodSync(join(hostDir, 'argv.log'), 0o666);
  writeOsFiles(hostDir, sim);
}

/** What the cat and uname shims serve: os-release (absent when null) and uname.env. */
function writeOsFiles(hostDir: string, sim: SimHost): void {
  if (sim.osRelease !== null) writeFileSync(join(hostDir, 'os-release'), sim.osRelease);
  else rmSync(join(hostDir, 'os-release'), { force: true });
  const u = sim.uname;
  const os = u.sysname === 'Linux' ? 'GNU/Linux' : '';
  writeFileSync(
    join(hostDir, 'uname.env'),
    `UNAME_S=${shq(u.sysname)}\nUNAME_N=${shq(sim.osHostname)}\nUNAME_R=${shq(u.release)}\nUNAME_V=${shq(u.version)}\nUNAME_M=${shq(u.machine)}\nUNAME_O=${shq(os)}\n`,
  );
}

/** known_hosts lines; `hashed` entries go through `ssh-keygen -H`. */
async function writeKnownHosts(dir: string, entries: { line: string; hashed: boolean }[]): Promise<string> {
  const path = join(dir, 'known_hosts');
  const hashedPath = join(dir, 'known_hosts.hashed');
  writeFileSync(path, entries.filter((e) => !e.hashed).map((e) => `${e.line}\n`).join(''));
  const toHash = entries.filter((e) => e.hashed);
  if (toHash.length > 0) {
    writeFileSync(hashedPath, toHash.map((e) => `${e.line}\n`).join(''));
    await exec('ssh-keygen', ['-H', '-f', hashedPath]);
    appendFileSync(path, readFileSync(hashedPath, 'utf8'));
    rmSync(hashedPath, { force: true });
    rmSync(`${hashedPath}.old`, { force: true });
  }
  chmodSync(path, 0o644);
  return path;
}

function writeConfig(fleet: { dir: string; identityFile: string; knownHostsPath: string; hosts: FleetHost[] }, opts: FleetOptions): string {
  const tailscale: Record<string, unknown> = {
    auth_key_env: 'TS_AUTHKEY',
    tailnet_domain: 'example.ts.net',
    ...(opts.loginServer ? { login_server: opts.loginServer } : {}),
    ...(opts.windowsWatch !== undefined ? { windows_watch: opts.windowsWatch } : {}),
    default_tags: ['tag:meshtui'],
    role_tags: { app: ['tag:meshtui-app'], db: ['tag:meshtui-db'] },
    install: { method: 'auto', min_version: '1.78.0' },
  };
  const doc = {
    network: { provider: 'tailscale', providers: { tailscale } },
    hosts: fleet.hosts.map((h) => ({
      id: h.id,
      address: '127.0.0.1',
      port: h.port,
      user: h.user,
      ...(h.role ? { role: h.role } : {}),
      ...(h.os ? { os: h.os } : {}),
      ...(h.syncthing !== undefined ? { syncthing: h.syncthing } : {}),
      identity_file: fleet.identityFile,
    })),
    ssh: {
      known_hosts: fleet.knownHostsPath,
      host_key_policy: opts.hostKeyPolicy ?? 'strict',
      connect_timeout: opts.connectTimeout ?? '2s',
      command_timeout: opts.commandTimeout ?? '120s',
    },
    concurrency: opts.concurrency ?? 8,
    ...(opts.syncthing !== undefined ? { syncthing: opts.syncthing } : {}),
  };
  const path = join(fleet.dir, 'meshtui.yml');
  writeFileSync(path, stringify(doc));
  return path;
}

/**
 * The fleet's simulator server (remote/server.ts): answers every simulated command of this fleet's
 * hosts (they find it through FLEET/sim.port). Resolves once the port file is written.
 */
async function startSimServer(dir: string): Promise<{ stop(): Promise<void> }> {
  const portFile = join(dir, 'sim.port');
  const log = openSync(join(dir, 'sim-server.log'), 'a');
  const proc = spawn(process.execPath, ['-e', `require(${JSON.stringify(SIM_LIB)}).serve(${JSON.stringify(portFile)}, ${JSON.stringify(dir)})`], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const deadline = Date.now() + 10_000;
  while (!existsSync(portFile)) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the simulator server did not start: ${readFileSync(join(dir, 'sim-server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export async function startFleet(opts: FleetOptions = {}): Promise<Fleet> {
  await ensureSystem();
  const specs = specsFor(opts);
  const dir = mkdtempSync(join(tmpdir(), 'meshtui-fleet-'));
  chmodSync(dir, 0o755);
  const sshdDir = join(dir, 'sshd');
  mkdirSync(sshdDir);
  const identityFile = join(dir, 'client_ed25519');
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, `${await keygen(identityFile, 'meshtui-test-client')}\n`);
  chmodSync(authorizedKeys, 0o644);
  const impostor = await keygen(join(sshdDir, 'impostor_ed25519'), 'impostor');

  const stoppers: (() => Promise<void>)[] = [(await startSimServer(dir)).stop];
  const known: { line: string; hashed: boolean }[] = [];
  const started = await Promise.allSettled(
    specs.map(async (s): Promise<FleetHost> => {
      const hostDir = join(dir, 'hosts', s.id);
      writeHostDir(hostDir, s.sim);
      const sync = opts.hosts?.find((h) => typeof h !== 'string' && h.id === s.id);
      const syncthing = typeof sync === 'object' ? sync.syncthing : undefined;
      const base = { id: s.id, hostDir, user: s.user, role: s.role, reach: s.reach, expect: s.expect, ...(s.os ? { os: s.os } : {}), ...(syncthing !== undefined ? { syncthing } : {}) };
      if (s.reach === 'silent') {
        const silent = await startSilent();
        stoppers.push(silent.stop);
        return { ...base, port: silent.port };
      }
      if (s.reach === 'closed') {
        return { ...base, port: await freePort() };
      }
      const hostKey = join(sshdDir, `${s.id}_host_ed25519`);
      const pub = await keygen(hostKey, `meshtui-test-${s.id}`);
      const sshd = await startSshd({ id: s.id, dir: sshdDir, hostKey, authorizedKeys, hostDir, ...(s.shell === 'windows' ? { shell: 'win-shell' as const } : {}) });
      stoppers.push(sshd.stop);
      const keyPart = (s.knownHosts === 'wrong' ? impostor : pub).split(' ').slice(0, 2).join(' ');
      if (s.knownHosts !== 'missing') known.push({ line: `[127.0.0.1]:${sshd.port} ${keyPart}`, hashed: s.knownHosts === 'hashed' });
      return { ...base, port: sshd.port };
    }),
  );
  const stopAll = async () => {
    await Promise.allSettled(stoppers.map((f) => f()));
  };
  const failedStart = started.find((r) => r.status === 'rejected');
  if (failedStart) {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    throw (failedStart as PromiseRejectedResult).reason;
  }
  const hosts = started.map((r) => (r as PromiseFulfilledResult<FleetHost>).value);
  const knownHostsPath = await writeKnownHosts(dir, known);
  const configPath = writeConfig({ dir, identityFile, knownHostsPath, hosts }, opts);
  const envPath = join(dir, 'env');
  writeFileSync(envPath, `TS_AUTHKEY=${TEST_AUTH_KEY}\n`, { mode: 0o600 });

  const host = (id: string) => {
    const h = hosts.find((x) => x.id === id);
    if (!h) throw new Error(`no fleet host ${id}`);
    return h;
  };
  const sshdLog = (id: string) => {
    const p = join(sshdDir, `${host(id).id}.log`);
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  };
  return {
    dir,
    configPath,
    envPath,
    env: { TS_AUTHKEY: TEST_AUTH_KEY },
    identityFile,
    knownHostsPath,
    hosts,
    host,
    argvLog: (id) =>
      readFileSync(join(host(id).hostDir, 'argv.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ArgvEntry),
    sshdLog,
    connections: (id) => (sshdLog(id).match(/Accepted publickey/g) ?? []).length,
    state: (id) => loadState(host(id).hostDir),
    setState(id, patch) {
      const next = { ...loadState(host(id).hostDir), ...patch };
      saveState(host(id).hostDir, next, join(TS_BIN, 'tailscale'));
      writeOsFiles(host(id).hostDir, next);
    },
    runWindowsJoinScript(id) {
      const dir = host(id).hostDir;
      const r = runJoinScriptInteractively(loadState(dir) as SimWindowsHost, () => Date.now(), undefined, (argv, ctx) => runTailscale(dir, argv, ctx));
      saveState(dir, r.state, join(TS_BIN, 'tailscale'));
      return r;
    },
    async stop() {
      await stopAll();
      if (!opts.keep && process.env.MESHTUI_KEEP_FLEET !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
}
