/** A simulated host's directory: state.json (temp + rename), argv.log (one JSON line per call). */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimHost } from '../../../src/sim/index.js';

export interface ArgvEntry {
  cmd: string;
  argv: string[];
  uid: number;
  ppid: number;
  sudo: boolean;
  time: string;
  /** Who answered: the fleet's simulator server, or a Node process of the command's own. */
  via: 'server' | 'node';
}

export const statePath = (dir: string): string => join(dir, 'state.json');

export function loadState(dir: string): SimHost {
  return JSON.parse(readFileSync(statePath(dir), 'utf8')) as SimHost;
}

/** Atomic replace; world-readable so that non-root commands can read what root wrote. */
export function saveState(dir: string, state: SimHost, tailscaleBin?: string): void {
  const tmp = join(dir, `.state.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  chmodSync(tmp, 0o644);
  renameSync(tmp, statePath(dir));
  if (tailscaleBin) {
    syncTailscaleBinary(dir, state.installed, tailscaleBin);
    // The syncthing wrapper sits beside tailscale's (build.ts): linked while the package is installed.
    syncBinary(dir, 'syncthing', state.syncthing?.installed === true, join(dirname(tailscaleBin), 'syncthing'));
  }
}

/** `<host>/bin/tailscale` exists exactly when the host has tailscale installed (so `command -v` is right). */
export function syncTailscaleBinary(dir: string, installed: boolean, target: string): void {
  syncBinary(dir, 'tailscale', installed, target);
}

/** `<host>/bin/NAME` -> target exactly while `installed`. */
export function syncBinary(dir: string, name: string, installed: boolean, target: string): void {
  const bin = join(dir, 'bin');
  const link = join(bin, name);
  mkdirSync(bin, { recursive: true });
  chmodSync(bin, 0o755);
  const present = existsSync(link);
  if (installed && !present) symlinkSync(target, link);
  if (!installed && present) rmSync(link);
}

/** Who ran a simulated command: its uid, its parent process, and whether through sudo. */
export interface Caller {
  uid: number;
  ppid: number;
  sudo: boolean;
  via: 'server' | 'node';
}

const thisProcess = (): Caller => ({ uid: process.getuid?.() ?? -1, ppid: process.ppid, sudo: process.env.SUDO_USER !== undefined, via: 'node' });

export function logCall(dir: string, cmd: string, argv: readonly string[], who: Caller = thisProcess()): void {
  const entry: ArgvEntry = {
    cmd,
    argv: [...argv],
    uid: who.uid,
    ppid: who.ppid,
    sudo: who.sudo,
    time: new Date().toISOString(),
    via: who.via,
  };
  appendFileSync(join(dir, 'argv.log'), JSON.stringify(entry) + '\n');
}
