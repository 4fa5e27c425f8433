/**
 * A Commander over the in-process simulator (src/sim): what `meshtui --demo` connects to instead of
 * SSH. It answers the engine's own commands (the detect, install and join scripts are recognised by
 * identity, everything else by argv[0]) with the simulator's real-format outputs, delays and live
 * output, so the demo exercises exactly the engine the real fleet does. A Windows machine gets each
 * command as the SSH Commander would send it (renderCommand: PowerShell as -EncodedCommand) and
 * answers as cmd.exe / PowerShell (src/sim/windows.ts), like the harness's Windows hosts.
 */
import type { Commander, RunOptions, RunResult } from '../provider/commander.js';
import { MeshError } from '../provider/errors.js';
import { DETECT_OS_SCRIPT } from '../provider/os.js';
import { INSTALL_SCRIPT } from '../provider/install.js';
import { JOIN_SCRIPT } from '../provider/join.js';
import { INSTALL_SCRIPT as PREPARE_INSTALL, RESOLVE_SCRIPT as PREPARE_RESOLVE } from '../provider/prepare.js';
import { renderCommand } from '../quote.js';
import { simInstall, simSystemctl, simTailscale, type SimHost, type SimResult } from '../sim/index.js';
import { isWindowsHost, JOIN_SCRIPT as WIN_JOIN_SCRIPT, runJoinScriptInteractively, simWindowsShell, type SimWindowsHost } from '../sim/windows.js';
import { sleep } from './sleep.js';

export interface SimMachine {
  state: SimHost;
  /** null: passwordless sudo; a string: sudo wants this password. */
  sudoPassword: string | null;
  user: string;
  /** Windows: the operator runs the join script this long after meshtui wrote it (no one does when unset). */
  operatorAfterMs?: number;
  /** When the join script appeared (the operator's clock). */
  scriptAt?: number;
  /** `meshtui prepare` installed its sudoers rule: sudo -n runs tailscale and systemctl without a password. */
  prepared?: boolean;
}

/** What prepare's rule lets sudo run without a password. */
const NOPASSWD = new Set(['tailscale', 'systemctl']);
const baseName = (cmd: string | undefined) => (cmd ?? '').replace(/^\/(usr\/)?s?bin\//, '');

interface Exec {
  uid: number;
  stdin: string[];
  files: Map<string, string>;
  viaSudo: boolean;
}

const KEY_FILE = '/tmp/meshtui-key.demo0001';
const INSTALL_FILE = '/tmp/meshtui-install.demo0001';

export class SimCommander implements Commander {
  private closed = false;
  constructor(private readonly m: SimMachine, private readonly now: () => number = Date.now) {}

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    if (this.closed) throw new MeshError('ErrSSH', 'ssh: connection closed');
    const ex: Exec = { uid: 1000, stdin: (opts.stdin ?? '').split('\n'), files: new Map(), viaSudo: false };
    const r = isWindowsHost(this.m.state) ? this.windows(argv, opts) : this.dispatch([...argv], ex);
    if (r.saveStateFirst) this.m.state = r.state;
    await this.play(r, opts, argv);
    this.m.state = r.state;
    return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  }

  /** One exec request on the simulated Windows machine (after the operator's turn, if it has come). */
  private windows(argv: readonly string[], opts: RunOptions): SimResult {
    const m = this.m;
    if (!isWindowsHost(m.state)) throw new Error('not a Windows machine');
    let host: SimWindowsHost = m.state;
    if (m.scriptAt !== undefined && this.now() - m.scriptAt >= (m.operatorAfterMs ?? 0)) {
      m.scriptAt = undefined;
      const ran = runJoinScriptInteractively(host, this.now).state;
      if (isWindowsHost(ran)) m.state = host = ran;
    }
    const r = simWindowsShell(renderCommand(argv, opts.shell ?? 'posix'), { host, stdin: opts.stdin ?? '', now: this.now });
    // meshtui (re)wrote the join script: the operator's clock starts.
    const script = isWindowsHost(r.state) ? r.state.windows.files[WIN_JOIN_SCRIPT] : undefined;
    if (m.operatorAfterMs !== undefined && script && script !== host.windows.files[WIN_JOIN_SCRIPT]) m.scriptAt = this.now();
    return r;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Wait the command's delay, streaming its output lines across it, honouring timeout and abort. */
  private async play(r: SimResult, opts: RunOptions, argv: readonly string[]): Promise<void> {
    const limit = opts.timeoutMs ?? Infinity;
    const total = Math.min(r.delayMs, limit);
    const lines = [
      ...r.stderr.split('\n').filter(Boolean).map((l) => ['stderr', l] as const),
      ...r.stdout.split('\n').filter(Boolean).map((l) => ['stdout', l] as const),
    ].slice(0, 40);
    const step = Number.isFinite(total) && lines.length > 0 ? total / (lines.length + 1) : 0;
    let spent = 0;
    for (const [stream, text] of lines) {
      if (step > 0) {
        await sleep(step, opts.signal);
        spent += step;
      }
      opts.onData?.(text + '\n', stream);
    }
    if (Number.isFinite(total)) await sleep(Math.max(0, total - spent), opts.signal);
    else await sleep(limit === Infinity ? 2 ** 31 - 1 : limit, opts.signal);
    if (r.delayMs > limit) {
      throw new MeshError('ErrTimeout', `command timed out after ${Math.round(limit / 1000)}s: ${argv.slice(0, 2).join(' ')}`);
    }
  }

  private dispatch(argv: string[], ex: Exec): SimResult {
    const [cmd, flag, script] = argv;
    if (cmd === 'sh' && flag === '-c') {
      const rest = argv.slice(4);
      if (script === DETECT_OS_SCRIPT) return this.detect();
      if (script === INSTALL_SCRIPT) return this.exec([...rest.slice(1), 'sh', INSTALL_FILE], ex);
      if (script === JOIN_SCRIPT) {
        ex.files.set(KEY_FILE, `${ex.stdin.shift() ?? ''}\n`);
        return this.exec([...rest, `--auth-key=file:${KEY_FILE}`], ex);
      }
    }
    return this.exec(argv, ex);
  }

  private exec(argv: string[], ex: Exec): SimResult {
    const h = this.m.state;
    const [first, ...args] = argv;
    const cmd = baseName(first);
    if (cmd === 'sudo') return this.sudo(args, ex);
    if (cmd === 'sh' && args[0] === '-c' && (args[1] === PREPARE_RESOLVE || args[1] === PREPARE_INSTALL)) return this.prepare(args[1], args.slice(3), ex);
    const ctx = {
      host: h,
      uid: ex.uid,
      now: this.now,
      user: ex.uid === 0 ? 'root' : this.m.user,
      viaSudo: ex.viaSudo,
      readFile: (p: string) => {
        const f = ex.files.get(p);
        if (f === undefined) throw Object.assign(new Error(`open ${p}: no such file or directory`), { code: 'ENOENT' });
        return f;
      },
    };
    if (cmd === 'tailscale') return simTailscale(args, ctx);
    if (cmd === 'systemctl') return simSystemctl(args, ctx);
    if (cmd === 'sh' && args[0] === INSTALL_FILE) return simInstall(ctx, { hasSudo: true });
    return { stdout: '', stderr: `sh: 1: ${cmd}: not found\n`, code: 127, delayMs: h.delays.perCommandMs, state: h };
  }

  /** sudo's visible behaviour: -n refuses when a password is needed, -S reads it from stdin. */
  private sudo(args: string[], ex: Exec): SimResult {
    const h = this.m.state;
    let nonInteractive = false;
    let fromStdin = false;
    let i = 0;
    for (; i < args.length && args[i]!.startsWith('-'); i++) {
      const a = args[i]!;
      if (a === '-n') nonInteractive = true;
      else if (a === '-S') fromStdin = true;
      else if (a === '-p') i++;
    }
    const fail = (stderr: string): SimResult => ({ stdout: '', stderr, code: 1, delayMs: h.delays.perCommandMs, state: h });
    if (this.m.sudoPassword !== null && !(this.m.prepared && NOPASSWD.has(baseName(args[i])))) {
      if (nonInteractive) return fail('sudo: a password is required\n');
      if (!fromStdin) return fail('sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\n');
      const typed = ex.stdin.shift() ?? '';
      if (typed !== this.m.sudoPassword) return fail('Sorry, try again.\nsudo: no password was provided\nsudo: 1 incorrect password attempt\n');
    }
    return this.exec(args.slice(i), { ...ex, uid: 0, viaSudo: true });
  }

  /** `meshtui prepare`'s two root scripts: resolve the command paths, install (or undo) the rule. */
  private prepare(script: string, rest: string[], ex: Exec): SimResult {
    const h = this.m.state;
    const out = (stdout: string, stderr = '', code = 0): SimResult => ({ stdout, stderr, code, delayMs: h.delays.perCommandMs, state: h });
    if (ex.uid !== 0) return out('', 'mktemp: failed to create file via template: Permission denied\n', 4);
    if (script === PREPARE_RESOLVE) {
      return out(`user=${this.m.user}\nuid=0\n${rest.map((c) => `path.${c}=${NOPASSWD.has(c) ? `/usr/bin/${c}` : ''}\n`).join('')}`);
    }
    const was = this.m.prepared === true;
    this.m.prepared = rest[1] !== 'undo';
    return out(rest[1] === 'undo' ? `result=${was ? 'removed' : 'absent'}\n` : `result=${was ? 'unchanged' : 'installed'}\n`);
  }

  private detect(): SimResult {
    const h = this.m.state;
    const lines = [
      `kernel=${h.uname.sysname}`,
      `release=${h.uname.release}`,
      'uid=1000',
      'wsl=',
      '--- os-release',
      ...(h.osRelease ? [h.osRelease.trimEnd()] : []),
    ];
    return { stdout: lines.join('\n') + '\n', stderr: '', code: 0, delayMs: h.delays.perCommandMs, state: h };
  }
}
