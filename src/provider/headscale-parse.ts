/**
 * Reading what the `headscale` CLI prints (FORMATS.md §5), versions 0.22–0.29. `-o json` is Go
 * encoding/json of protobuf structs: omitempty everywhere, ids that are strings in old versions
 * (users ≤0.23, keys ≤0.25) and numbers later, `tags` (0.28+) vs `forced_tags`/`valid_tags`
 * (≤0.27). Logs may sit on stderr (never parsed) or, with `log.format: json`, as JSON lines on
 * stdout before the result: the result is the first JSON value that has the expected shape.
 */
import semver from 'semver';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** 48 hex (≤0.27) or `hskey-auth-<12 hex>-<64 hex>` (0.28+). */
export const HEADSCALE_KEY = /^(?:[0-9a-f]{48}|hskey-auth-[0-9a-f]{12}-[0-9a-f]{64})$/;

/** The first JSON value in `text` (whole, or starting at a line) for which `accept` holds. */
export function findJson<T>(text: string, accept: (v: unknown) => v is T): T | undefined {
  const lines = text.split('\n');
  const tries = [text.trim()];
  lines.forEach((l, i) => {
    if (/^\s*[[{n]/.test(l)) tries.push(lines.slice(i).join('\n').trim(), l.trim());
  });
  for (const t of tries) {
    if (!t) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (accept(v)) return v;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** `headscale version` (plain `v0.22.3`, JSON `{"version": …}`, or a multi-line text): "0.22.3". */
export function parseHeadscaleVersion(text: string): string | null {
  const j = findJson(text, (v): v is Obj => isObj(v) && typeof v.version === 'string');
  const m = /\bv?(\d+\.\d+\.\d+)(?:[-+][0-9A-Za-z.-]+)?\b/.exec(j ? str(j.version) : text);
  return m ? m[1]! : null;
}

export function versionAtLeast(v: string | null, min: string): boolean {
  return v !== null && semver.valid(v) !== null && semver.gte(v, min);
}

export interface HsUserInfo {
  id: string;
  name: string;
}

/** `users list -o json`: [] for `null`; undefined when the output is not a user list. */
export function parseUsers(text: string): HsUserInfo[] | undefined {
  const list = findJson(text, (v): v is unknown[] | null => v === null || (Array.isArray(v) && v.every((u) => isObj(u) && 'name' in u)));
  if (list === undefined) return undefined;
  return (list ?? []).filter(isObj).map((u) => ({ id: str(u.id), name: str(u.name) }));
}

/** `preauthkeys create -o json` → the secret (`.key`); plain output (one line) is accepted too. */
export function parseCreatedKey(text: string): string | undefined {
  const j = findJson(text, (v): v is Obj => isObj(v) && typeof v.key === 'string');
  if (j) return str(j.key).trim() || undefined;
  const line = text.split('\n').map((l) => l.trim()).find((l) => HEADSCALE_KEY.test(l));
  return line;
}

export interface HsNodeInfo {
  id: string;
  name: string;
  givenName: string;
  user: string;
  /** All the node's tags: `tags` (0.28+), or forced ∪ valid (≤0.27). */
  tags: string[];
  online: boolean;
  ips: string[];
}

/** `nodes list -o json`: [] for `null`; undefined when the output is not a node list. */
export function parseNodes(text: string): HsNodeInfo[] | undefined {
  const list = findJson(text, (v): v is unknown[] | null => v === null || (Array.isArray(v) && v.every((n) => isObj(n) && ('given_name' in n || 'name' in n))));
  if (list === undefined) return undefined;
  return (list ?? []).filter(isObj).map((n) => {
    const user = isObj(n.user) ? n.user : {};
    const tags = [...new Set([...strings(n.tags), ...strings(n.forced_tags), ...strings(n.valid_tags)])].sort();
    return {
      id: str(n.id),
      name: str(n.name),
      givenName: str(n.given_name),
      user: str(user.name) || str(user.id),
      tags,
      online: n.online === true,
      ips: strings(n.ip_addresses),
    };
  });
}

/** pflag's refusal of a name where 0.26+ wants a numeric id. */
export const USER_ID_WANTED = /invalid argument "[^"]*" for "-u, --user" flag: strconv\.ParseUint/;

/** The node for `hostId`: given_name first (the DNS label), then the registered hostname; newest wins. */
export function findNode(nodes: readonly HsNodeInfo[], hostId: string): HsNodeInfo | undefined {
  const id = hostId.toLowerCase();
  const newest = (xs: HsNodeInfo[]) => xs.sort((a, b) => Number(b.id) - Number(a.id) || b.id.localeCompare(a.id))[0];
  return newest(nodes.filter((n) => n.givenName.toLowerCase() === id)) ?? newest(nodes.filter((n) => n.name.toLowerCase() === id));
}

/** Headscale's own log/error lines, for messages: zerolog prefixes and usage text dropped. */
export function headscaleReason(stderr: string, stdout = ''): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const useful = lines.filter((l) => !/\bWRN An updated version\b/.test(l) && !/^(Usage:|Flags:|Global Flags:|-[-a-z])/.test(l) && !/^headscale \S+/.test(l));
  const errLine = useful.find((l) => /(^Error:|FTL|ERR|"error")/.test(l)) ?? useful[0] ?? '';
  return errLine
    .replace(/^\S+Z (FTL|ERR) (\S+\.go:\d+ > )?/, '')
    .replace(/^\{?\s*"error":\s*"(.*)"\s*\}?$/, '$1')
    .slice(0, 300);
}
