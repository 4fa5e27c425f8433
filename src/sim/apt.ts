/**
 * `apt-get update` and `apt-get install [-y] syncthing` on a simulated Debian/Ubuntu host, with
 * apt's non-interactive texts (stdout not a terminal: no " Done", no progress): the lock errors
 * for a non-root caller, `Unable to locate package` while the lists are stale, the `[Y/n]` abort
 * without -y, fetch failures without network. The package state is SimHost.syncthing (syncthing.ts).
 */
import { failure, result } from './result.js';
import { aptSource, syncthingOf, type AptSource, type SimSyncthing } from './syncthing.js';
import { NOT_FOUND_SH, NOT_FOUND_SUDO } from './texts.js';
import type { SimCtx, SimHost, SimResult } from './types.js';

const READING = 'Reading package lists...\n';
const RESOLVING = `${READING}Building dependency tree...\nReading state information...\n`;
const LOCK_DPKG = 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n';
const LOCK_LISTS = 'E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n';
const NOTHING = '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n';

const hostOf = (url: string) => /^https?:\/\/([^/ ]+)/.exec(url)?.[1] ?? url;
const resolveFail = (url: string) => `Temporary failure resolving '${hostOf(url)}'`;

function update(h: SimHost, st: SimSyncthing, src: AptSource, ctx: SimCtx): SimResult {
  if (ctx.uid !== 0) return result(h, { stdout: READING, stderr: LOCK_LISTS, code: 100 });
  if (h.networkDown) {
    const errs = src.indexes.map((ix, i) => `Ign:${i + 1} ${ix}\nErr:${i + 1} ${ix}\n  ${resolveFail(ix)}\n`).join('');
    const warns = src.indexes.map((ix) => {
      const [base = '', suite = ''] = ix.split(' ');
      return `W: Failed to fetch ${base}/dists/${suite}/InRelease  ${resolveFail(ix)}\n`;
    });
    return result(h, { stdout: errs + READING, stderr: `${warns.join('')}W: Some index files failed to download. They have been ignored, or old ones used instead.\n` });
  }
  const stale = st.repo === 'stale';
  const lines = src.indexes.map((ix, i) => (stale ? `Get:${i + 1} ${ix} [${[151, 55.4, 48][i] ?? 62.1} kB]\n` : `Hit:${i + 1} ${ix}\n`));
  const fetched = stale ? 'Fetched 9208 kB in 2s (4604 kB/s)\n' : '';
  const next = stale ? { ...h, syncthing: { ...st, repo: 'listed' as const } } : h;
  return result(next, { stdout: lines.join('') + fetched + READING, delayMs: stale ? h.delays.installMs / 2 : 0 });
}

function install(h: SimHost, st: SimSyncthing, src: AptSource, pkgs: string[], yes: boolean, ctx: SimCtx): SimResult {
  if (ctx.uid !== 0) return result(h, { stderr: LOCK_DPKG, code: 100 });
  // Only syncthing is simulated; it is known once installed (dpkg's status) or in the lists.
  const unknown = pkgs.find((p) => p !== 'syncthing' || (!st.installed && st.repo !== 'listed'));
  if (unknown !== undefined) return result(h, { stdout: RESOLVING, stderr: `E: Unable to locate package ${unknown}\n`, code: 100 });
  if (pkgs.length === 0 || st.installed) {
    const newest = st.installed ? `syncthing is already the newest version (${st.packageVersion}).\n` : '';
    return result(h, { stdout: RESOLVING + newest + NOTHING });
  }
  const v = st.packageVersion;
  const plan =
    `${RESOLVING}The following NEW packages will be installed:\n  syncthing\n` +
    `0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n` +
    `Need to get ${src.sizeKb} kB of archives.\nAfter this operation, ${src.installedMb} MB of additional disk space will be used.\n`;
  if (!yes) return result(h, { stdout: `${plan}Do you want to continue? [Y/n] Abort.\n`, code: 1 });
  const [base = ''] = src.archive.split(' ');
  const deb = `syncthing_${v.replace(/^\d+:/, '')}_amd64.deb`;
  if (h.networkDown) {
    return result(h, {
      stdout: `${plan}Err:1 ${base} ${src.pool} amd64 syncthing amd64 ${v}\n  ${resolveFail(base)}\n`,
      stderr: `E: Failed to fetch ${base}/pool/main/s/syncthing/${deb}  ${resolveFail(base)}\nE: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?\n`,
      code: 100,
    });
  }
  const fetch = `Get:1 ${base} ${src.pool} amd64 syncthing amd64 ${v} [${src.sizeKb} kB]\nFetched ${src.sizeKb} kB in 1s (${src.sizeKb} kB/s)\n`;
  if (st.installError !== null) return result(h, { stdout: plan + fetch, stderr: st.installError, code: 100, delayMs: h.delays.installMs });
  const unpack =
    'Selecting previously unselected package syncthing.\n(Reading database ... 31416 files and directories currently installed.)\n' +
    `Preparing to unpack .../${deb} ...\nUnpacking syncthing (${v}) ...\nSetting up syncthing (${v}) ...\nProcessing triggers for man-db (2.11.2-2) ...\n`;
  const next = { ...h, syncthing: { ...st, installed: true } };
  return result(next, { stdout: plan + fetch + unpack, delayMs: h.delays.installMs });
}

/** `apt-get [OPTIONS] VERB [PACKAGES]` (update, install; other verbs are refused the way apt does). */
export function simAptGet(argv: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  const src = aptSource(h);
  if (!src) return ctx.viaSudo ? failure(h, NOT_FOUND_SUDO('apt-get'), 1) : failure(h, NOT_FOUND_SH('apt-get'), 127);
  const words: string[] = [];
  let yes = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-o' || a === '-c') i++;
    else if (/^(-y|--yes|--assume-yes)$/.test(a) || /^-[a-z]*y[a-z]*$/.test(a)) yes = true;
    else if (!a.startsWith('-')) words.push(a);
  }
  const [verb, ...pkgs] = words;
  const st = syncthingOf(h);
  if (verb === 'update') return update(h, st, src, ctx);
  if (verb === 'install') return install(h, st, src, pkgs, yes, ctx);
  if (verb === undefined) {
    return result(h, { stdout: 'apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n       apt-get [options] install|remove pkg1 [pkg2 ...]\n', code: 1 });
  }
  return failure(h, `E: Invalid operation ${verb}\n`, 100);
}
