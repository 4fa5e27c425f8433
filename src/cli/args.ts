/** argv → a command. Usage errors are one line and exit code 2 (CONTRACT.md). */
import { parseArgs } from 'node:util';

export type Command =
  | { kind: 'dashboard'; config?: string; demo: boolean }
  | { kind: 'provision'; config?: string; hosts: string[]; all: boolean; concurrency?: number; json: boolean; resume: boolean }
  | { kind: 'rejoin'; config?: string; host: string; json: boolean }
  | { kind: 'status'; config?: string; host?: string; file?: string; json: boolean }
  | { kind: 'fqdn'; config?: string; host: string }
  | { kind: 'validate'; config?: string; json: boolean }
  | { kind: 'prepare'; config?: string; host: string; undo: boolean }
  | { kind: 'version' }
  | { kind: 'help'; topic?: string };

export class UsageError extends Error {}

export const USAGE = `meshtui — put a fleet on a Tailscale or Headscale mesh over SSH

Usage:
  meshtui [--config FILE]                     interactive dashboard
  meshtui --demo                              dashboard over a built-in simulated fleet (no hosts or keys needed)
  meshtui provision [HOST...] [--all] [--concurrency N] [--json] [--resume] [--config FILE]
  meshtui rejoin HOST [--json]                force a fresh join (tailscale up --reset --force-reauth)
  meshtui status HOST [--json]                that host's tailscale status as a node table
  meshtui status --file STATUS.json           the same table from a saved status file (no SSH)
  meshtui fqdn HOST                           print HOST.tailnet_domain
  meshtui validate [--config FILE] [--json]   check the config only, no network
  meshtui prepare HOST [--undo]               passwordless sudo for the commands meshtui runs: asks the
                                              sudo password once (masked on a TTY; otherwise reads it as
                                              one line from stdin); --undo removes /etc/sudoers.d/meshtui
  meshtui --version | --help

Config: ./meshtui.yml, else ./stagecraft.yml (network: block).
Exit codes: 0 every host ok; 1 a host failed or needs action; 2 usage or config error.`;

const COMMANDS = new Set(['provision', 'rejoin', 'status', 'fqdn', 'validate', 'prepare', 'help']);

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        demo: { type: 'boolean' },
        all: { type: 'boolean' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        resume: { type: 'boolean' },
        file: { type: 'string' },
        undo: { type: 'boolean' },
        version: { type: 'boolean', short: 'V' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(firstLine((e as Error).message));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const [cmd, ...rest] = positionals;
  const config = v.config;
  const json = v.json ?? false;
  if (cmd === undefined) {
    refuse(v, ['config', 'demo'], 'meshtui');
    return { kind: 'dashboard', config, demo: v.demo ?? false };
  }
  if (!COMMANDS.has(cmd)) throw new UsageError(`unknown command "${cmd}" (see meshtui --help)`);
  switch (cmd) {
    case 'help':
      return { kind: 'help', topic: rest[0] };
    case 'provision': {
      refuse(v, ['config', 'all', 'concurrency', 'json', 'resume'], cmd);
      const all = v.all ?? false;
      if (!all && rest.length === 0 && !v.resume) throw new UsageError('provision: name one or more hosts, or --all');
      if (all && rest.length > 0) throw new UsageError('provision: give host names or --all, not both');
      return { kind: 'provision', config, hosts: rest, all, concurrency: parseConcurrency(v.concurrency), json, resume: v.resume ?? false };
    }
    case 'rejoin':
      refuse(v, ['config', 'json'], cmd);
      return { kind: 'rejoin', config, host: one(rest, cmd), json };
    case 'status':
      refuse(v, ['config', 'json', 'file'], cmd);
      if (v.file !== undefined) {
        if (rest.length > 0) throw new UsageError('status: give a HOST or --file, not both');
        return { kind: 'status', config, file: v.file, json };
      }
      return { kind: 'status', config, host: one(rest, cmd), json };
    case 'fqdn':
      refuse(v, ['config'], cmd);
      return { kind: 'fqdn', config, host: one(rest, cmd) };
    case 'validate':
      refuse(v, ['config', 'json'], cmd);
      if (rest.length > 0) throw new UsageError('validate: takes no host names');
      return { kind: 'validate', config, json };
    case 'prepare':
      refuse(v, ['config', 'undo'], cmd);
      return { kind: 'prepare', config, host: one(rest, cmd), undo: v.undo ?? false };
  }
  throw new UsageError(`unknown command "${cmd}"`);
}

function one(rest: string[], cmd: string): string {
  if (rest.length !== 1) throw new UsageError(`${cmd}: name exactly one host`);
  return rest[0]!;
}

function refuse(values: Record<string, unknown>, allowed: string[], cmd: string): void {
  for (const [k, val] of Object.entries(values)) {
    if (val !== undefined && !allowed.includes(k)) throw new UsageError(`${cmd}: --${k} does not apply here`);
  }
}

function parseConcurrency(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < 1 || n > 1000) throw new UsageError(`--concurrency: must be an integer from 1 to 1000, got "${s}"`);
  return n;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
