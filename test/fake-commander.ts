/**
 * A scripted fake Commander (in the style of gemini-cli's MockShellExecutionService).
 *
 *   const fake = new FakeCommander()
 *     .on('tailscale version', { stdout: fixture('version-1.78.1-official.txt') })
 *     .on(/meshtui-join/, (argv, opts) => ({ code: 0 }))
 *     .once('tailscale status --json', { stdout: fixture('status-needslogin.json') });
 *
 * A string matches the rendered line (`shJoin(argv)`) exactly, or as a whole-word prefix
 * (`'sudo -n systemctl'`); a RegExp is tested against the rendered line; a function gets argv.
 * Rules are tried in the order added; `once`/`times` rules are used up. An unmatched command
 * throws an error that lists it and the rules. Every call is recorded (argv, line, stdin).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Commander, RunOptions, RunResult } from '../src/provider/commander.js';
import { MeshError } from '../src/provider/errors.js';
import { shJoin } from '../src/quote.js';

export interface FakeReply {
  stdout?: string;
  stderr?: string;
  code?: number;
  delayMs?: number;
  /** Reject instead of answering (a transport failure). */
  throws?: Error;
}

export type FakeMatch = string | RegExp | ((argv: readonly string[]) => boolean);
export type FakeResponder = FakeReply | ((argv: readonly string[], opts: RunOptions) => FakeReply | Promise<FakeReply>);

export interface FakeRule {
  match: FakeMatch;
  reply: FakeResponder;
  /** How many times the rule may answer; unlimited when undefined. */
  times?: number;
}

export interface FakeCall {
  argv: string[];
  line: string;
  stdin?: string;
  opts: RunOptions;
}

export function matches(match: FakeMatch, argv: readonly string[], line: string): boolean {
  if (typeof match === 'string') return line === match || line.startsWith(match + ' ');
  if (match instanceof RegExp) return match.test(line);
  return match(argv);
}

export class FakeCommander implements Commander {
  readonly calls: FakeCall[] = [];
  closed = 0;
  inFlight = 0;
  maxInFlight = 0;
  private readonly rules: FakeRule[];

  constructor(rules: FakeRule[] = []) {
    this.rules = [...rules];
  }

  on(match: FakeMatch, reply: FakeResponder, times?: number): this {
    this.rules.push({ match, reply, times });
    return this;
  }

  once(match: FakeMatch, reply: FakeResponder): this {
    return this.on(match, reply, 1);
  }

  /** A rule tried before all others (override a scripted host's default answer). */
  override(match: FakeMatch, reply: FakeResponder, times?: number): this {
    this.rules.unshift({ match, reply, times });
    return this;
  }

  /** Recorded calls whose rendered line matches. */
  callsMatching(match: FakeMatch): FakeCall[] {
    return this.calls.filter((c) => matches(match, c.argv, c.line));
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const line = shJoin(argv);
    this.calls.push({ argv: [...argv], line, stdin: opts.stdin, opts });
    const rule = this.rules.find((r) => (r.times === undefined || r.times > 0) && matches(r.match, argv, line));
    if (!rule) {
      const known = this.rules.map((r) => `  ${String(r.match)}${r.times === 0 ? ' (used up)' : ''}`).join('\n');
      throw new Error(`FakeCommander: no rule for command:\n  ${line}\nrules:\n${known || '  (none)'}`);
    }
    if (rule.times !== undefined) rule.times -= 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const reply = typeof rule.reply === 'function' ? await rule.reply(argv, opts) : rule.reply;
      if (reply.delayMs) await delay(reply.delayMs, opts.signal);
      if (opts.signal?.aborted) throw new MeshError('ErrCancelled', 'cancelled');
      if (reply.throws) throw reply.throws;
      const stdout = reply.stdout ?? '';
      const stderr = reply.stderr ?? '';
      if (stdout) opts.onData?.(stdout, 'stdout');
      if (stderr) opts.onData?.(stderr, 'stderr');
      return { stdout, stderr, code: reply.code ?? 0 };
    } finally {
      this.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MeshError('ErrCancelled', 'cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new MeshError('ErrCancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A file from /work/main/fixtures (the real-format outputs), read as UTF-8. */
export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

export { FIXTURES as FIXTURES_DIR };

/** os-release texts for detect-os replies. */
export const OS_RELEASE = {
  debian12: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n',
  ubuntu2404: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=noble\n',
  raspbian: 'PRETTY_NAME="Raspbian GNU/Linux 11 (bullseye)"\nNAME="Raspbian GNU/Linux"\nVERSION_ID="11"\nID=raspbian\nID_LIKE=debian\n',
  mint: 'NAME="Linux Mint"\nVERSION="21.3 (Virginia)"\nID=linuxmint\nID_LIKE="ubuntu debian"\nPRETTY_NAME="Linux Mint 21.3"\nVERSION_ID="21.3"\n',
  fedora40: 'NAME="Fedora Linux"\nVERSION="40 (Server Edition)"\nID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40 (Server Edition)"\n',
  alpine: "NAME='Alpine Linux'\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME='Alpine Linux v3.20'\n",
  nixos: 'NAME=NixOS\nID=nixos\nVERSION_ID="24.05"\nPRETTY_NAME="NixOS 24.05 (Uakari)"\n',
};

/** What the detect-os script prints on a host. */
export function detectOutput(o: { kernel?: string; release?: string; uid?: number; wsl?: string; osRelease?: string } = {}): string {
  return [
    `kernel=${o.kernel ?? 'Linux'}`,
    `release=${o.release ?? '6.1.0-26-amd64'}`,
    `uid=${o.uid ?? 1000}`,
    `wsl=${o.wsl ?? ''}`,
    '--- os-release',
    o.osRelease ?? OS_RELEASE.debian12,
  ].join('\n');
}

export interface HostScript {
  /** detect-os stdout (see detectOutput); default a Debian 12 user login. */
  detect?: string;
  /** `tailscale version` stdout, or null when tailscale is not installed (until an install succeeds). */
  version?: string | null;
  /** Version stdout once the installer succeeded. */
  versionAfterInstall?: string;
  /** Successive `tailscale status --json` replies; the last one repeats. A string is stdout (exit 0). */
  status?: Array<string | FakeReply>;
  install?: FakeResponder;
  up?: FakeResponder;
  systemctl?: FakeResponder;
}

/** A fake Linux host answering the engine's commands, with a little state (installed, status queue). */
export function fakeHost(s: HostScript = {}): FakeCommander {
  let version = s.version === undefined ? fixture('version-1.88.1-official.txt') : s.version;
  const statuses = [...(s.status ?? [fixture('status-running.json')])];
  const answer = (r: FakeResponder, argv: readonly string[], opts: RunOptions) => (typeof r === 'function' ? r(argv, opts) : r);
  return new FakeCommander()
    .on(/meshtui-install/, async (argv, opts) => {
      const reply = await answer(s.install ?? { stdout: 'Installation complete!' }, argv, opts);
      if ((reply.code ?? 0) === 0 && !reply.throws) version = s.versionAfterInstall ?? fixture('version-1.102.3-official.txt');
      return reply;
    })
    .on(/meshtui-join/, (argv, opts) => answer(s.up ?? { code: 0 }, argv, opts))
    .on(/kernel=\$\(uname -s/, { stdout: s.detect ?? detectOutput() })
    .on('tailscale version', () => (version === null ? { code: 127, stderr: 'sh: 1: tailscale: not found\n' } : { stdout: version }))
    .on('tailscale status --json', () => {
      const next = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      return typeof next === 'string' ? { stdout: next } : next;
    })
    .on(/systemctl start tailscaled$/, (argv, opts) => answer(s.systemctl ?? { code: 0 }, argv, opts));
}
