/** Go `flag` package parsing: `-x`, `--x`, `-x=v`, `--x v`; bools never take a separate value. */
export type FlagKind = 'bool' | 'string' | 'duration' | 'int';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  usage: string;
  /** Default as Go prints it in usage, e.g. "true", "0s". */
  def?: string;
}

export interface Parsed {
  /** Visited flags, last value wins (Go semantics). Bools are "true"/"false"; durations are ms as text. */
  values: Map<string, string>;
  positional: string[];
}

export class FlagError extends Error {}

function parseBool(s: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return null;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, in milliseconds; null when invalid. */
export function parseDuration(s: string): number | null {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = /^([-+]?)((?:\d*\.?\d*(?:ns|us|µs|ms|s|m|h))+)$/.exec(s);
  if (!m || !m[2]) return null;
  let total = 0;
  for (const part of m[2].matchAll(/(\d*\.?\d*)(ns|us|µs|ms|s|m|h)/g)) {
    if (part[1] === '' || part[1] === '.') return null;
    total += Number(part[1]) * UNITS[part[2]!]!;
  }
  return m[1] === '-' ? -total : total;
}

export function parseFlags(specs: readonly FlagSpec[], argv: readonly string[]): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string>();
  const args = [...argv];
  while (args.length > 0) {
    const s = args[0]!;
    if (s.length < 2 || s[0] !== '-') break;
    let minuses = 1;
    if (s[1] === '-') {
      minuses = 2;
      if (s.length === 2) {
        args.shift();
        break;
      }
    }
    let name = s.slice(minuses);
    if (name === '' || name[0] === '-' || name[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
    args.shift();
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = byName.get(name);
    if (!spec) {
      if (name === 'help' || name === 'h') throw new FlagError('flag: help requested');
      throw new FlagError(`flag provided but not defined: -${name}`);
    }
    if (spec.kind === 'bool') {
      if (value === undefined) values.set(name, 'true');
      else {
        const b = parseBool(value);
        if (b === null) throw new FlagError(`invalid boolean value ${JSON.stringify(value)} for -${name}: parse error`);
        values.set(name, String(b));
      }
      continue;
    }
    if (value === undefined) {
      if (args.length === 0) throw new FlagError(`flag needs an argument: -${name}`);
      value = args.shift()!;
    }
    if (spec.kind === 'duration') {
      const ms = parseDuration(value);
      if (ms === null) throw new FlagError(`invalid value ${JSON.stringify(value)} for flag -${name}: parse error`);
      values.set(name, String(ms));
    } else if (spec.kind === 'int') {
      if (!/^[-+]?\d+$/.test(value)) {
        throw new FlagError(`invalid value ${JSON.stringify(value)} for flag -${name}: parse error`);
      }
      values.set(name, String(Number(value)));
    } else values.set(name, value);
  }
  return { values, positional: args };
}

/** The ffcli usage block printed after a flag error (stderr, exit 2). */
export function usageText(command: string, specs: readonly FlagSpec[]): string {
  const lines = ['USAGE', `  tailscale ${command} [flags]`, '', 'FLAGS'];
  for (const s of specs) {
    const def = s.def !== undefined && s.def !== '' ? ` (default ${s.def})` : '';
    lines.push(`  --${s.name}${s.kind === 'bool' ? '' : `=${s.kind}`}`, `        ${s.usage}${def}`);
  }
  return lines.join('\n') + '\n';
}

/** time.Duration.String() for a whole number of milliseconds: "0s", "500ms", "1.5s", "1m0s", "1h0m0s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = `${(rest / 1000).toString()}s`;
  const out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
  return (neg ? '-' : '') + out;
}
