/**
 * The `headscale` CLI (versions 0.22–0.29, FORMATS.md §5): argv in, the real shapes out. Pure.
 * `-o json` is Go encoding/json of the protobuf structs with a TAB indent: snake_case keys, omitempty
 * everywhere, `{seconds, nanos}` timestamps, `null` for an empty list. Logs go to stderr, and only
 * without `-o`. `--user` takes a name up to 0.25 and a numeric id from 0.26 (pflag's ParseUint
 * error otherwise); keys are 48 hex before 0.28 and `hskey-auth-…` from 0.28.
 */
import { goMarshalIndent } from './gojson.js';
import {
  GO_ZERO_SECONDS,
  hsAtLeast,
  newKeySecret,
  nextId,
  shownKey,
  TAGGED_DEVICES_ID,
  type HeadscaleState,
  type HsKey,
  type HsNode,
  type HsUser,
} from './headscale-state.js';

export interface HsCtx {
  state: HeadscaleState;
  uid: number;
  now(): number;
}

export interface HsResult {
  stdout: string;
  stderr: string;
  code: number;
  state: HeadscaleState;
}

interface Flag {
  long: string;
  short?: string;
  bool?: boolean;
  /** Parsed as a uint64 (pflag's Uint64P). */
  uint?: boolean;
}

const GLOBAL: Flag[] = [{ long: 'config', short: 'c' }, { long: 'output', short: 'o' }, { long: 'force', bool: true }];

class UsageFail extends Error {}

/** pflag: `--x v`, `--x=v`, `-x v`, `-xv`; bools take no separate value. */
function parse(flags: Flag[], argv: readonly string[]): { v: Map<string, string[]>; rest: string[] } {
  const all = [...GLOBAL, ...flags];
  const v = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    const long = a.startsWith('--');
    const body = a.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = long ? (eq >= 0 ? body.slice(0, eq) : body) : body[0]!;
    const f = all.find((x) => (long ? x.long === name : x.short === name));
    if (!f) throw new UsageFail(long ? `unknown flag: --${name}` : `unknown shorthand flag: '${name}' in ${a}`);
    let val: string | undefined = long ? (eq >= 0 ? body.slice(eq + 1) : undefined) : body.length > 1 ? body.slice(1).replace(/^=/, '') : undefined;
    if (f.bool) val ??= 'true';
    else if (val === undefined) {
      if (i + 1 >= argv.length) throw new UsageFail(`flag needs an argument: --${f.long}`);
      val = argv[++i]!;
    }
    if (f.uint && !/^\d+$/.test(val)) {
      throw new UsageFail(`invalid argument "${val}" for "-${f.short}, --${f.long}" flag: strconv.ParseUint: parsing "${val}": invalid syntax`);
    }
    v.set(f.long, [...(v.get(f.long) ?? []), val]);
  }
  return { v, rest };
}

const last = (v: Map<string, string[]>, k: string): string | undefined => v.get(k)?.at(-1);

/** protobuf Timestamp through encoding/json: zero parts omitted. */
export function pbTime(ms: number | null): { seconds?: number; nanos?: number } {
  if (ms === null) return { seconds: GO_ZERO_SECONDS };
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return { ...(seconds ? { seconds } : {}), ...(nanos ? { nanos } : {}) };
}

const orNull = <T>(xs: T[]): T[] | null => (xs.length ? xs : null);
const omit = <T>(xs: T[]): T[] | undefined => (xs.length ? xs : undefined);
const json = (v: unknown) => `${goMarshalIndent(v, '\t')}\n`;

function userJson(st: HeadscaleState, u: HsUser) {
  return {
    id: hsAtLeast(st, '0.24.0') ? u.id : String(u.id),
    name: u.name,
    created_at: pbTime(u.createdAt),
    display_name: u.displayName || undefined,
    email: u.email || undefined,
  };
}

const TAGGED_USER = { id: TAGGED_DEVICES_ID, name: 'tagged-devices', created_at: { seconds: GO_ZERO_SECONDS }, display_name: 'Tagged Devices' };

function keyJson(st: HeadscaleState, k: HsKey, masked: boolean) {
  const u = st.users.find((x) => x.id === k.userId);
  const newShape = hsAtLeast(st, '0.26.0');
  return {
    user: u ? (newShape ? userJson(st, u) : u.name) : undefined,
    id: newShape ? k.id : String(k.id),
    key: masked ? shownKey(st, k.key) : k.key,
    reusable: k.reusable || undefined,
    ephemeral: k.ephemeral || undefined,
    used: k.used || undefined,
    expiration: pbTime(k.expiration),
    created_at: pbTime(k.createdAt),
    acl_tags: omit(k.aclTags),
  };
}

function nodeJson(st: HeadscaleState, n: HsNode) {
  const u = st.users.find((x) => x.id === n.userId);
  const k = st.keys.find((x) => x.id === n.keyId);
  const old = !hsAtLeast(st, '0.28.0');
  return {
    id: n.id,
    machine_key: n.machineKey.startsWith('mkey:') ? n.machineKey : `mkey:${n.machineKey}`,
    node_key: n.nodeKey,
    disco_key: n.discoKey,
    ip_addresses: [n.ipv4, n.ipv6],
    name: n.name,
    user: u ? userJson(st, u) : hsAtLeast(st, '0.28.0') ? TAGGED_USER : undefined,
    last_seen: pbTime(n.lastSeen),
    expiry: { seconds: GO_ZERO_SECONDS },
    pre_auth_key: k ? keyJson(st, k, true) : undefined,
    created_at: pbTime(n.createdAt),
    register_method: 1,
    forced_tags: old ? omit(n.tags) : undefined,
    valid_tags: old ? omit(n.advertisedTags) : undefined,
    given_name: n.givenName,
    online: n.online || undefined,
    tags: old ? undefined : omit(n.tags),
  };
}

function fail(ctx: HsCtx, msg: string, output: string | undefined, state = ctx.state): HsResult {
  const v29 = hsAtLeast(ctx.state, '0.29.0');
  const stderr = output === 'json' ? json({ error: msg }) : v29 ? `Error: ${msg}\n` : `${msg}\n`;
  return { stdout: '', stderr, code: 1, state };
}

function usage(cmd: string, msg: string): string {
  return `Error: ${msg}\nUsage:\n  headscale ${cmd} [flags]\n\nFlags:\n  -h, --help   help for ${cmd.split(' ').at(-1)}\n\nGlobal Flags:\n  -c, --config string   config file (default is /etc/headscale/config.yaml)\n  -o, --output string   Output format. Empty for human-readable, 'json', 'json-line' or 'yaml'\n`;
}

/** prometheus model.ParseDuration (what headscale uses for --expiration), in ms; null when invalid. */
export function parseHsDuration(s: string): number | null {
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (!m || s === '') return null;
  const mult = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
  return mult.reduce((t, f, i) => t + Number(m[i + 1] ?? 0) * f, 0);
}

function createKey(ctx: HsCtx, argv: readonly string[]): HsResult {
  const st = ctx.state;
  const idUser = hsAtLeast(st, '0.26.0');
  const cmd = 'preauthkeys create';
  const flags: Flag[] = [
    { long: 'user', short: 'u', uint: idUser },
    { long: 'reusable', bool: true },
    { long: 'ephemeral', bool: true },
    { long: 'expiration', short: 'e' },
    { long: 'tags' },
  ];
  const { v } = parse(flags, argv);
  const output = last(v, 'output');
  const userArg = last(v, 'user');
  const tags = [...new Set((v.get('tags') ?? []).flatMap((t) => t.split(',')).filter(Boolean))];
  const userRequired = !hsAtLeast(st, '0.28.0') || tags.length === 0;
  if ((userArg === undefined || (idUser && userArg === '0')) && userRequired) {
    return hsAtLeast(st, '0.28.0') ? fail(ctx, 'Cannot create Pre Auth Key: a user or tags are required', output) : { stdout: '', stderr: usage(cmd, 'required flag(s) "user" not set'), code: 1, state: st };
  }
  const user = userArg === undefined ? undefined : st.users.find((u) => (idUser ? String(u.id) === userArg : u.name === userArg));
  if (userArg !== undefined && !(idUser && userArg === '0') && !user) return fail(ctx, 'Cannot create Pre Auth Key: user not found', output);
  const bad = tags.find((t) => !/^tag:[A-Za-z][A-Za-z0-9-]*$/.test(t));
  if (bad) return fail(ctx, `Cannot create Pre Auth Key: tag ${JSON.stringify(bad)} is invalid`, output);
  const expStr = last(v, 'expiration') ?? '1h';
  const exp = parseHsDuration(expStr);
  if (exp === null) return fail(ctx, `Could not parse duration: not a valid duration string: "${expStr}"`, output);
  const now = ctx.now();
  const id = nextId(st.keys);
  const key: HsKey = {
    id,
    key: newKeySecret(st, id, now),
    userId: user?.id ?? null,
    reusable: last(v, 'reusable') === 'true',
    ephemeral: last(v, 'ephemeral') === 'true',
    used: false,
    expiration: now + exp,
    createdAt: now,
    aclTags: tags.sort(),
  };
  const state = { ...st, keys: [...st.keys, key] };
  const stdout = output === 'json' ? json(keyJson(state, key, false)) : `${key.key}\n`;
  return { stdout, stderr: '', code: 0, state };
}

function listUsers(ctx: HsCtx, argv: readonly string[]): HsResult {
  const filters: Flag[] = hsAtLeast(ctx.state, '0.24.0') ? [{ long: 'name', short: 'n' }, { long: 'identifier', short: 'i' }, { long: 'email', short: 'e' }] : [];
  const { v } = parse(filters, argv);
  const name = last(v, 'name');
  const ident = last(v, 'identifier');
  const users = ctx.state.users.filter((u) => (name === undefined || u.name === name) && (ident === undefined || String(u.id) === ident));
  const output = last(v, 'output');
  if (output === 'json') return { stdout: json(orNull(users.map((u) => userJson(ctx.state, u)))), stderr: '', code: 0, state: ctx.state };
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const v24 = hsAtLeast(ctx.state, '0.24.0');
  const head = v24 ? 'ID | Name | Username | Email | Created' : 'ID | Name | Created';
  const rows = users.map((u) => (v24 ? `${u.id} | ${u.displayName ?? ''} | ${u.name} | ${u.email ?? ''} | ${date(u.createdAt)}` : `${u.id} | ${u.name} | ${date(u.createdAt)}`));
  return { stdout: `${head}\n${rows.join('\n')}${rows.length ? '\n' : ''}`, stderr: '', code: 0, state: ctx.state };
}

function listNodes(ctx: HsCtx, argv: readonly string[]): HsResult {
  const { v } = parse([{ long: 'user', short: 'u' }, { long: 'tags', short: 't', bool: true }], argv);
  const byUser = last(v, 'user');
  const user = byUser === undefined ? undefined : ctx.state.users.find((u) => u.name === byUser);
  const nodes = ctx.state.nodes.filter((n) => byUser === undefined || n.userId === user?.id);
  if (last(v, 'output') === 'json') return { stdout: json(orNull(nodes.map((n) => nodeJson(ctx.state, n)))), stderr: '', code: 0, state: ctx.state };
  const rows = nodes.map((n) => `${n.id} | ${n.name} | ${n.givenName} | ${n.ipv4}, ${n.ipv6} | ${n.online ? 'online' : 'offline'}`);
  return { stdout: `ID | Hostname | Name | IP addresses | Connected\n${rows.join('\n')}${rows.length ? '\n' : ''}`, stderr: '', code: 0, state: ctx.state };
}

const ALIASES: Record<string, string> = { user: 'users', namespace: 'users', namespaces: 'users', ns: 'users', preauthkey: 'preauthkeys', authkey: 'preauthkeys', pre: 'preauthkeys', node: 'nodes', machine: 'nodes', machines: 'nodes' };
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Runs `headscale ARGV...` (without the program name). */
export function simHeadscale(argv: readonly string[], ctx: HsCtx): HsResult {
  const st = ctx.state;
  const [group0, verb, ...rest] = argv;
  const group = ALIASES[group0 ?? ''] ?? group0;
  const out = (r: HsResult): HsResult => {
    const quiet = argv.some((a, i) => /^(-o|--output)(=.+)?$/.test(a) && (a.includes('=') || argv[i + 1] !== undefined));
    return st.updateWarning && !quiet ? { ...r, stderr: `${stamp(ctx.now())} WRN ${st.updateWarning}\n${r.stderr}` } : r;
  };
  try {
    if (group === 'version') {
      const { v } = parse([], argv.slice(1));
      const info = { commit: 'b0c221f3a167505f4337522ba16958701283f69d', version: `v${st.version}` };
      return out({ stdout: last(v, 'output') === 'json' ? json(info) : `v${st.version}\n`, stderr: '', code: 0, state: st });
    }
    const known = (group === 'users' && verb === 'list') || (group === 'nodes' && verb === 'list') || (group === 'preauthkeys' && verb === 'create');
    if (!known) return { stdout: '', stderr: usage(`${group ?? ''} ${verb ?? ''}`.trim(), `unknown command "${verb ?? group ?? ''}" for "headscale${verb ? ` ${group}` : ''}"`), code: 1, state: st };
    const ts = stamp(ctx.now());
    if (ctx.uid !== 0 && st.needsRoot) {
      const sock = '/var/run/headscale/headscale.sock';
      return { stdout: '', stderr: `${ts} FTL Unable to read/write to headscale socket, do you have the correct permissions? error="open ${sock}: permission denied" socket=${sock}\n`, code: 1, state: st };
    }
    if (!st.running) return { stdout: '', stderr: `${ts} FTL Could not connect: context deadline exceeded error="context deadline exceeded"\n`, code: 1, state: st };
    if (group === 'users') return out(listUsers(ctx, rest));
    if (group === 'nodes') return out(listNodes(ctx, rest));
    return out(createKey(ctx, rest));
  } catch (e) {
    if (e instanceof UsageFail) return { stdout: '', stderr: usage(`${group ?? ''} ${verb ?? ''}`.trim(), e.message), code: 1, state: st };
    throw e;
  }
}
