/** `tailscale version` as the real builds print it (FORMATS.md §2). */
import { hex } from './rand.js';

export function parseVersion(v: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

/** Numeric comparison of X.Y.Z prefixes: <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export const atLeast = (v: string, min: string): boolean => compareVersions(v, min) >= 0;

/** Status.Version / `long version:` of an official build: X.Y.Z-t<9hex>-g<9hex>. */
export function longVersion(short: string): string {
  return `${short}-t${hex(`commit ${short}`, 9)}-g${hex(`other ${short}`, 9)}`;
}

function goVersion(short: string): string {
  if (atLeast(short, '1.98.0')) return 'go1.26.5 (tailscale/go 63ae404c82)';
  if (atLeast(short, '1.86.0')) return 'go1.25.1';
  if (atLeast(short, '1.76.0')) return 'go1.23.4';
  if (atLeast(short, '1.66.0')) return 'go1.22.5';
  if (atLeast(short, '1.50.0')) return 'go1.21.4';
  return 'go1.20.5-ts40dc4d8';
}

/** The capability version for `version --json` (known points: 109 @1.78, 133 @1.96, 142 @1.102). */
function capVersion(short: string): number {
  const [, minor] = parseVersion(short);
  if (minor >= 102) return 142;
  if (minor >= 96) return 133 + Math.floor(((minor - 96) * 9) / 6);
  if (minor >= 78) return 109 + Math.floor(((minor - 78) * 24) / 18);
  return Math.max(1, 109 - (78 - minor));
}

/** The text of `tailscale version` (ends with a newline). */
export function versionText(short: string): string {
  const [, minor] = parseVersion(short);
  const lines = [short];
  if (minor % 2 === 1) lines.push('  track: unstable (dev); frequent updates and bugs are likely');
  lines.push(`  tailscale commit: ${hex(`commit ${short}`, 40)}`);
  if (atLeast(short, '1.86.0')) lines.push(`  long version: ${longVersion(short)}`);
  lines.push(`  other commit: ${hex(`other ${short}`, 40)}`);
  lines.push(`  go version: ${goVersion(short)}`);
  return lines.join('\n') + '\n';
}

/** `tailscale version --json`: tab indent, trailing newline. */
export function versionJson(short: string, daemonLong?: string): string {
  const [maj, min, pat] = parseVersion(short);
  const o: Record<string, unknown> = {
    majorMinorPatch: `${maj}.${min}.${pat}`,
    short,
    long: longVersion(short),
    gitCommit: hex(`commit ${short}`, 40),
    extraGitCommit: hex(`other ${short}`, 40),
  };
  if (daemonLong) o.daemonLong = daemonLong;
  if (atLeast(short, '1.98.0')) o.tailscaleGoGitHash = hex(`go ${short}`, 40);
  o.cap = capVersion(short);
  return JSON.stringify(o, null, '\t') + '\n';
}
