/**
 * A fake terminal for Ink tests: stdout with settable columns/rows (resize events), a TTY stdin,
 * key sequences, and waitForFrame (a frame is not updated in the same tick as stdin.write).
 */
import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns = 80,
    public rows = 24,
  ) {
    super();
  }
  write = (s: string): boolean => {
    this.frames.push(s);
    return true;
  };
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  getColorDepth(): number {
    return 1;
  }
  hasColors(): boolean {
    return false;
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  rawMode = false;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  setEncoding(): void {}
  setRawMode(on: boolean): void {
    this.rawMode = on;
  }
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
}

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  enter: '\r',
  esc: '\u001b',
  space: ' ',
  backspace: '\u007f',
  tab: '\t',
  ctrlC: '\u0003',
  pageDown: '\u001b[6~',
} as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[=>78]/g;
export const plain = (s: string): string => s.replace(ANSI, '');

export function makeTerm(columns = 80, rows = 24) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const frame = () => plain(stdout.frames.at(-1) ?? '');
  return { stdout, stdin, frame, streams: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream } };
}

export async function waitFor<T>(fn: () => T | false | null | undefined, what = 'condition', timeoutMs = 4000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Poll the last frame until the predicate (or substring) holds; returns that frame. */
export function waitForFrame(frame: () => string, pred: string | RegExp | ((f: string) => boolean), timeoutMs = 4000): Promise<string> {
  const test = typeof pred === 'string' ? (f: string) => f.includes(pred) : pred instanceof RegExp ? (f: string) => pred.test(f) : pred;
  return waitFor(() => {
    const f = frame();
    return test(f) ? f : false;
  }, `frame matching ${String(pred)}; last frame:\n${frame()}`, timeoutMs).catch(() => {
    throw new Error(`timed out waiting for frame matching ${String(pred)}; last frame:\n${frame()}`);
  });
}

export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Display width per line (code points; the dashboard draws no wide characters). */
export function overWide(frame: string, columns: number): string[] {
  return frame.split('\n').filter((l) => [...l].length > columns);
}
