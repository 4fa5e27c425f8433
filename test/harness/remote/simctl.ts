/** sim-ctl: the fake install.sh's helper (detection, then the package step as root). */
import { applyInstall, detectInstall, result, type SimCtx, type SimResult } from '../../../src/sim/index.js';

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function simCtl(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const [verb, ...args] = argv;
  if (verb === 'installer-detect') {
    const d = detectInstall(h);
    if (!d.ok) return result(h, { stdout: d.stdout.replace(/\n$/, ''), code: 1 });
    return result(h, { stdout: `OS=${shq(d.os)}\nVERSION=${shq(d.version)}\nPACKAGETYPE=${shq(d.packageType)}\n` });
  }
  if (verb === 'installer-apply') {
    const [os = '', version = '', packageType = '', sudo = ''] = args;
    return applyInstall(h, { os, version, packageType }, ctx.uid, sudo);
  }
  return result(h, { stderr: `sim-ctl: unknown verb ${verb ?? ''}\n`, code: 2 });
}
