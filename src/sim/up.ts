/** `tailscale up`, in the order cmd/tailscale/cli/up.go checks things (v1.102.3). */
import { FlagError, goDuration, parseFlags, usageText } from './flags.js';
import { checkKey, checkTags, tagSyntaxError } from './keys.js';
import { hex } from './rand.js';
import {
  DEFAULT_CONTROL,
  PREF_DEFAULTS,
  PREF_FLAGS,
  UP_FLAGS,
  fmtFlagValueArg,
  isBoolFlag,
  isLoginServerSynonym,
} from './prefs.js';
import * as T from './texts.js';
import { failure, result } from './result.js';
import type { SimCtx, SimHost, SimResult } from './types.js';
import { atLeast } from './version.js';

/** CleanUpArgs: `--authkey` is an alias of `--auth-key`. */
export function cleanUpArgs(args: readonly string[]): string[] {
  return args.map((a) => a.replace(/^--?authkey(?==|$)/, '--auth-key'));
}

function splitTags(v: string, version: string): string[] {
  if (v === '') return [];
  return v.split(',').map((t) => (atLeast(version, '1.98.0') && !t.includes(':') ? `tag:${t}` : t));
}

/** The accidental-revert check; null when nothing would be silently reverted. */
function revertError(cur: Record<string, string>, explicit: Map<string, string>): string | null {
  const curAll = { ...PREF_DEFAULTS, ...cur };
  const missing: string[] = [];
  for (const f of PREF_FLAGS) {
    if (explicit.has(f.name)) continue;
    const vc = curAll[f.name]!;
    const vn = PREF_DEFAULTS[f.name]!;
    if (vc === vn) continue;
    if (f.name === 'login-server' && isLoginServerSynonym(vc) && isLoginServerSynonym(vn)) continue;
    if (f.name === 'stateful-filtering' && vc === 'true' && vn === 'false') continue;
    missing.push(fmtFlagValueArg(f.name, vc));
  }
  if (missing.length === 0) return null;
  missing.sort();
  const shown = [...explicit.keys()].sort().map((name) => {
    const v = explicit.get(name)!;
    if (isBoolFlag(name)) return v === 'false' ? `--${name}=false` : `--${name}`;
    return fmtFlagValueArg(name, name === 'timeout' ? goDuration(Number(v)) : v);
  });
  return T.accidentalRevert([...shown, ...missing]);
}

function controlOf(prefs: Record<string, string>): string {
  return prefs['login-server'] ?? '';
}

function adminUrl(control: string): string {
  return isLoginServerSynonym(control) ? 'https://login.tailscale.com/admin' : `${control.replace(/\/+$/, '')}/admin`;
}

function authUrl(h: SimHost, control: string): string {
  if (isLoginServerSynonym(control)) return `https://login.tailscale.com/a/${hex(`auth ${h.seed}`, 14)}`;
  return `${control.replace(/\/+$/, '')}/register/hskey-authreq-${hex(`auth ${h.seed}`, 24)}`;
}

/** Wait for Running that never comes: the --timeout text after the timeout, or forever. */
function waitForever(h: SimHost, timeoutMs: number, stderr = '', saveStateFirst = false): SimResult {
  if (timeoutMs > 0) return result(h, { stderr: stderr + T.TIMEOUT_UP, code: 1, delayMs: timeoutMs, saveStateFirst });
  return result(h, { stderr, code: 1, delayMs: Infinity, saveStateFirst });
}

export function simUp(rawArgs: readonly string[], ctx: SimCtx): SimResult {
  const h = ctx.host;
  let parsed;
  try {
    parsed = parseFlags(UP_FLAGS, cleanUpArgs(rawArgs));
  } catch (e) {
    return failure(h, `${(e as FlagError).message}\n${usageText('up', UP_FLAGS)}`, 2);
  }
  const v = parsed.values;
  if (parsed.positional.length > 0) {
    return failure(h, `too many non-flag arguments: [${parsed.positional.map((a) => JSON.stringify(a)).join(' ')}]\n`);
  }
  if (!h.daemonRunning) return failure(h, T.DAEMON_DOWN);

  // prefsFromUpArgs
  if (v.get('exit-node-allow-lan-access') === 'true' && !v.get('exit-node')) {
    return failure(h, '--exit-node-allow-lan-access can only be used with --exit-node\n');
  }
  const rawTags = v.get('advertise-tags') ?? '';
  for (const t of rawTags === '' ? [] : rawTags.split(',')) {
    const why = tagSyntaxError(atLeast(h.version, '1.98.0') && !t.includes(':') ? `tag:${t}` : t);
    if (why) return failure(h, T.badTag(t, why));
  }
  const nf = v.get('netfilter-mode');
  if (nf !== undefined && !['on', 'nodivert', 'off'].includes(nf)) {
    return failure(h, `invalid value --netfilter-mode=${JSON.stringify(nf)}\n`);
  }
  const tags = splitTags(rawTags, h.version);
  const newPrefs: Record<string, string> = { ...PREF_DEFAULTS };
  for (const f of PREF_FLAGS) if (v.has(f.name)) newPrefs[f.name] = v.get(f.name)!;
  if (tags.length > 0) newPrefs['advertise-tags'] = tags.join(',');

  // updatePrefs
  const reset = v.get('reset') === 'true';
  const forceReauth = v.get('force-reauth') === 'true';
  const curControl = controlOf(h.prefs);
  if (!reset && curControl !== '' && v.size > 0) {
    const err = revertError(h.prefs, v);
    if (err) return failure(h, err);
  }
  const newControl = newPrefs['login-server']!;
  const controlChanged = curControl !== newControl && !(isLoginServerSynonym(curControl) && isLoginServerSynonym(newControl));
  if (controlChanged && h.backendState === 'Running' && !forceReauth) return failure(h, T.LOGIN_SERVER_CHANGE);
  const curTags = h.prefs['advertise-tags'] ?? '';
  const tagsChanged = curTags !== (newPrefs['advertise-tags'] ?? '');
  const authKeyArg = v.get('auth-key') ?? '';
  const timeoutMs = Number(v.get('timeout') ?? '0');
  const done = v.get('json') === 'true' ? RUNNING_JSON : '';
  const root = ctx.uid === 0 || (h.prefs.operator !== undefined && h.prefs.operator !== '' && h.prefs.operator === ctx.user);
  const fullArgs = ['up', ...rawArgs];

  const stored = storedPrefs(newPrefs);
  const applyPrefs = (s: SimHost): SimHost => ({
    ...s,
    prefs: stored,
    hostname: newPrefs.hostname || s.osHostname,
    loginServer: isLoginServerSynonym(newControl) ? null : newControl,
  });

  const simpleUp = v.size === 0 && h.loggedIn && h.backendState !== 'NeedsLogin';
  const justEdit = h.backendState === 'Running' && !forceReauth && authKeyArg === '' && !controlChanged && !tagsChanged;
  if (justEdit || simpleUp) {
    if (!root) return failure(h, T.accessDenied('prefs', fullArgs));
    const next = simpleUp ? { ...h, backendState: 'Running' as const } : applyPrefs(h);
    return result(next, { stdout: done });
  }

  if (!root) return failure(h, T.accessDenied('checkprefs', fullArgs));
  let key = authKeyArg;
  if (key.startsWith('file:')) {
    try {
      key = ctx.readFile(key.slice(5)).trim();
    } catch (e) {
      return failure(h, `${fsError(key.slice(5), e)}\n`);
    }
  }
  const started = applyPrefs(h);
  const headscale = started.loginServer !== null;
  const needsRegistration = !h.loggedIn || forceReauth || tagsChanged || controlChanged;
  const upMs = h.delays.upMs;

  if (!needsRegistration) {
    if (h.backendState === 'NeedsMachineAuth') {
      return waitForever(started, timeoutMs, T.deviceApproval(adminUrl(newControl)), true);
    }
    return result({ ...started, backendState: 'Running' }, { delayMs: upMs, stdout: done });
  }
  if (key === '') {
    const pending = { ...started, backendState: 'NeedsLogin' as const, loggedIn: forceReauth ? h.loggedIn : false };
    return waitForever(pending, timeoutMs, T.authUrlPrompt(authUrl(h, newControl)), true);
  }
  const keyErr = checkKey(h, key, headscale);
  if (keyErr) return result(started, { stderr: T.backendError(keyErr), code: 1, delayMs: upMs });
  const tagErr = checkTags(h, tags, true);
  if (tagErr) return result(started, { stderr: T.backendError(tagErr), code: 1, delayMs: upMs });

  switch (h.upBehaviour) {
    case 'hang':
      return waitForever(started, timeoutMs, '', true);
    case 'timeout':
      return result(started, { stderr: T.TIMEOUT_UP, code: 1, delayMs: upMs });
    default:
      break;
  }
  const tailnet = headscale ? { name: hostOf(newControl), magicDNSSuffix: h.targetTailnet.magicDNSSuffix } : h.targetTailnet;
  const sameNode = h.loggedIn && h.tailnet?.name === tailnet.name;
  const joined: SimHost = {
    ...started,
    loggedIn: true,
    tailnet,
    tags,
    backendState: h.upBehaviour === 'needs-machine-auth' ? 'NeedsMachineAuth' : 'Running',
    usedKeys: h.usedKeys.includes(key) ? h.usedKeys : [...h.usedKeys, key],
    createdAt: sameNode && h.createdAt ? h.createdAt : new Date(ctx.now()).toISOString(),
  };
  if (h.upBehaviour === 'needs-machine-auth') {
    return waitForever(joined, timeoutMs, T.deviceApproval(adminUrl(newControl)), true);
  }
  return result(joined, { delayMs: upMs, stdout: done });
}

/** `tailscale up --json` once Running (printUpDoneJSON: 2-space indent). */
const RUNNING_JSON = '{\n  "BackendState": "Running"\n}\n';

/** CurrentTailnet.Name under headscale: the server URL's host name. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Only non-default prefs are stored, plus login-server (it marks "up has run before"). */
function storedPrefs(all: Record<string, string>): Record<string, string> {
  const p: Record<string, string> = { 'login-server': all['login-server'] ?? DEFAULT_CONTROL };
  for (const [k, val] of Object.entries(all)) if (k !== 'login-server' && val !== PREF_DEFAULTS[k]) p[k] = val;
  return p;
}

function fsError(path: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message ?? e);
  return `open ${path}: ${why}`;
}
