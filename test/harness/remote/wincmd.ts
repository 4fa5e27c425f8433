/**
 * win-cmd: one exec request on a simulated Windows host. Reads the whole stdin (the auth key line
 * for meshtui's join scripts), logs the line (and the decoded PowerShell invocation) to argv.log,
 * runs the Windows simulator on it, and applies the result like main.ts's finish() (state before or
 * after the delay, then output and exit code). It runs as the SSH user, never as root, so the state
 * is saved without main.ts's `bin/tailscale` link upkeep (a Windows host has no POSIX tailscale).
 */
import { existsSync } from 'node:fs';
import { decodeEncodedCommand, parseInvocation, simWindowsShell, type SimWindowsHost } from '../../../src/sim/windows.js';
import { logCall, saveState } from './hoststate.js';
import { runTailscale } from './headscale-io.js';

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A never-ending command (Infinity) lasts until the fleet is stopped, or 10 minutes. */
async function wait(ms: number, dir: string): Promise<void> {
  if (Number.isFinite(ms)) return sleep(ms);
  const until = Date.now() + 600_000;
  while (Date.now() < until && existsSync(dir)) await sleep(250);
}

const write = (s: NodeJS.WriteStream, text: string) => new Promise<void>((r) => (text ? s.write(text, () => r()) : r()));

export async function winCmd(dir: string, host: SimWindowsHost): Promise<void> {
  const line = process.env.SSH_ORIGINAL_COMMAND ?? '';
  const stdin = await readStdin();
  const program = decodeEncodedCommand(line);
  const words = program === null ? null : parseInvocation(program);
  logCall(dir, 'cmd.exe', [line]);
  if (words) logCall(dir, 'powershell', words);
  // tailscale.exe's core goes through the fleet's Headscale when this host is linked to one.
  const r = simWindowsShell(line, { host, stdin, now: () => Date.now(), core: (argv, ctx) => runTailscale(dir, argv, ctx) });
  const changed = r.state !== host;
  if (changed && r.saveStateFirst) saveState(dir, r.state);
  await wait(r.delayMs, dir);
  if (changed && !r.saveStateFirst && existsSync(dir)) saveState(dir, r.state);
  await write(process.stdout, r.stdout);
  await write(process.stderr, r.stderr);
  process.exitCode = r.code;
}
