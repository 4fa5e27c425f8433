/**
 * A `curl` that serves the fake install.sh (and nothing else: there is no network in tests).
 * Runs from SIM_ROOT/lib/sim.cjs, so SIM_ROOT is `__dirname/..`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { result, type SimCtx, type SimResult } from '../../../src/sim/index.js';

const SHORT_WITH_VALUE = new Set(['o', 'H', 'A', 'm', 'w', 'X', 'd', 'u', 'e', 'r', 'T', 'C', 'x', 'b', 'c', 'K', 'E', 'Y', 'y', 'z']);
const LONG_WITH_VALUE = new Set(['output', 'header', 'user-agent', 'max-time', 'connect-timeout', 'retry', 'write-out', 'request', 'data', 'proto', 'tlsv1.2', 'cacert']);

export interface CurlArgs {
  url?: string;
  output?: string;
  silent: boolean;
  showError: boolean;
}

export function parseCurl(argv: readonly string[]): CurlArgs {
  const a: CurlArgs = { silent: false, showError: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = LONG_WITH_VALUE.has(name) ? (inline ?? argv[++i]) : undefined;
      if (name === 'output') a.output = value;
      if (name === 'silent') a.silent = true;
      if (name === 'show-error') a.showError = true;
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        if (c === 's') a.silent = true;
        if (c === 'S') a.showError = true;
        if (SHORT_WITH_VALUE.has(c)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
          if (c === 'o') a.output = value;
          break;
        }
      }
    } else a.url ??= arg;
  }
  return a;
}

export function curl(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const a = parseCurl(argv);
  if (!a.url) return result(h, { stderr: 'curl: no URL specified!\n', code: 2 });
  const host = /^[a-z]+:\/\/([^/:]+)/i.exec(a.url)?.[1] ?? a.url;
  const err = (msg: string, code: number) => result(h, { stderr: !a.silent || a.showError ? `curl: (${code}) ${msg}\n` : '', code });
  if (h.networkDown) return err(`Could not resolve host: ${host}`, 6);
  if (!/\/install\.sh$/.test(a.url)) {
    const r = err(`Could not resolve host: ${host}`, 6);
    return { ...r, stderr: `${r.stderr}meshtui simulator: curl only serves .../install.sh, refused ${a.url}\n` };
  }
  const body = readFileSync(`${__dirname}/../share/install.sh`, 'utf8');
  if (!a.output || a.output === '-') return result(h, { stdout: body });
  try {
    writeFileSync(a.output, body);
  } catch (e) {
    return err(`Failed writing body (${(e as Error).message})`, 23);
  }
  return result(h);
}
