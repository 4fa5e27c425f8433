/**
 * The real dashboard in a real terminal: a tmux session (its own server socket, so nothing else's
 * sessions are touched) running a command, driven with send-keys and read with capture-pane, as a
 * person at a 100×30 terminal would. Waits poll the screen until a deadline.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TmuxOptions {
  /** Where the wrapper script is written (the fleet's temp dir). */
  dir: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  columns?: number;
  rows?: number;
}

/** Printed by the wrapper when the command exits (the pane then stays open to be read). */
export const EXIT_MARK = 'MESHTUI_EXIT=';

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class TmuxSession {
  private socketPath = '';
  private constructor(
    readonly socket: string,
    readonly name: string,
  ) {}

  static start(o: TmuxOptions): TmuxSession {
    const id = `${process.pid}-${Date.now().toString(36)}`;
    const t = new TmuxSession(`meshtui-test-${id}`, 'mt');
    const script = join(o.dir, `tmux-${id}.sh`);
    const env = Object.entries(o.env).map(([k, v]) => `export ${k}=${shq(v)}`);
    writeFileSync(script, ['#!/bin/sh', ...env, `cd ${shq(o.cwd)}`, o.argv.map(shq).join(' '), `echo "${EXIT_MARK}$?"`, 'exec sleep 3600', ''].join('\n'));
    chmodSync(script, 0o700);
    t.tmux(['new-session', '-d', '-s', t.name, '-x', String(o.columns ?? 100), '-y', String(o.rows ?? 30), script]);
    t.socketPath = t.tmux(['display-message', '-p', '-t', t.name, '#{socket_path}']).trim();
    return t;
  }

  private tmux(args: string[]): string {
    // A UTF-8 locale for the server: otherwise tmux draws the dashboard's ─ • › ✓ as _.
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  }

  /** The visible screen; with `history`, everything scrolled off above it too (<Static> lines). */
  capture(history = false): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name, ...(history ? ['-S', '-'] : [])]);
  }

  /** One key per send-keys ("a", "Enter", "Escape", "j"): each is its own read on the pty. */
  key(k: string): void {
    this.tmux(['send-keys', '-t', this.name, k]);
  }

  /** Text typed literally, in one write (as a paste would arrive). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Poll the screen until `pred` holds; the last screen is in the error when the deadline passes. */
  async waitFor(pred: string | RegExp | ((screen: string) => boolean), o: { timeoutMs?: number; history?: boolean; what?: string } = {}): Promise<string> {
    const test = typeof pred === 'string' ? (s: string) => s.includes(pred) : pred instanceof RegExp ? (s: string) => pred.test(s) : pred;
    const deadline = Date.now() + (o.timeoutMs ?? 60_000);
    let screen = '';
    for (;;) {
      screen = this.capture(o.history);
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`tmux: timed out waiting for ${o.what ?? String(pred)}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Press `k` until the selected row (›) is `hostId`'s, at most `max` times. */
  async select(hostId: string, k = 'j', max = 20): Promise<void> {
    const row = new RegExp(`^›\\S?\\s+${hostId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`, 'm');
    for (let i = 0; i <= max; i++) {
      const before = this.capture();
      if (row.test(before)) return;
      this.key(k);
      await this.waitFor((s) => s !== before, { timeoutMs: 5_000, what: `the cursor to move (${k})` }).catch(() => undefined);
    }
    throw new Error(`tmux: could not select ${hostId}; screen:\n${this.capture()}`);
  }

  /** Ends this session's server (and so the command in it) and removes its socket. */
  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }
}
