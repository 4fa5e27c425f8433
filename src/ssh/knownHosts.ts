/**
 * known_hosts, pure: parse the file text, decide whether an offered host key is known, changed,
 * revoked or unknown, and format fingerprints and new lines the way OpenSSH does.
 * See sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT". No IO here; hostKeys.ts reads and appends the file.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export interface KnownHostsEntry {
  /** 1-based line number in the file, for messages. */
  line: number;
  marker?: KnownHostsMarker;
  /** Comma-separated patterns (possibly negated with `!`), or undefined for a hashed entry. */
  patterns?: string[];
  /** A hashed entry: `|1|salt|hash`, both base64. */
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  /** The raw key blob (the base64 field decoded). */
  blob: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostsEntry }
  | { status: 'revoked'; entry: KnownHostsEntry }
  | { status: 'changed'; entry: KnownHostsEntry }
  | { status: 'unknown' };

/** The name a host is filed under: `host` on port 22, `[host]:port` otherwise (OpenSSH put_host_port). */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** The key type named inside an SSH public key blob (its first string), or undefined if malformed. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's default fingerprint: `SHA256:` + unpadded base64 of sha256(blob). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A line to append for a newly accepted key (no trailing newline). */
export function knownHostsLine(name: string, keyType: string, blob: Buffer): string {
  return `${name} ${keyType} ${blob.toString('base64')}`;
}

/** A hashed host field as `ssh-keygen -H` writes it: `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. */
export function hashKnownHostsName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseHashed(field: string): { salt: Buffer; hash: Buffer } | undefined {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== '1') return undefined;
  const [salt, hash] = [parts[2] ?? '', parts[3] ?? ''];
  if (!BASE64.test(salt) || !BASE64.test(hash)) return undefined;
  const s = Buffer.from(salt, 'base64');
  const h = Buffer.from(hash, 'base64');
  if (s.length !== 20 || h.length !== 20) return undefined;
  return { salt: s, hash: h };
}

/**
 * Parse known_hosts text. Comments, blank lines, unknown markers and malformed lines are skipped
 * (as OpenSSH does); a key whose blob does not name the declared type is skipped too.
 */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostsMarker | undefined;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !BASE64.test(b64)) continue;
    const blob = Buffer.from(b64, 'base64');
    if (keyTypeOfBlob(blob) !== keyType) continue;
    const entry: KnownHostsEntry = { line: i + 1, keyType, blob };
    if (marker) entry.marker = marker;
    if (hosts.startsWith('|')) {
      const hashed = parseHashed(hosts);
      if (!hashed) continue;
      entry.hashed = hashed;
    } else {
      entry.patterns = hosts.split(',').filter((p) => p !== '');
      if (entry.patterns.length === 0) continue;
    }
    entries.push(entry);
  }
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * OpenSSH match_hostname: true when some positive pattern matches and no negated one does.
 * Patterns are case-insensitive globs (`*`, `?`) against the filed name (`host` or `[host]:port`).
 */
export function matchHostPatterns(patterns: readonly string[], name: string): boolean {
  let positive = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    if (!globToRegExp(glob).test(name)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** Does this entry apply to the filed name? Hashed entries compare HMAC-SHA1(salt, name). */
export function entryMatches(entry: KnownHostsEntry, name: string): boolean {
  if (entry.hashed) {
    const mac = createHmac('sha1', entry.hashed.salt).update(name.toLowerCase()).digest();
    return timingSafeEqual(mac, entry.hashed.hash);
  }
  return matchHostPatterns(entry.patterns ?? [], name);
}

function sameKey(entry: KnownHostsEntry, keyType: string, blob: Buffer): boolean {
  return entry.keyType === keyType && entry.blob.equals(blob);
}

/**
 * Decide what the offered key is for the filed name(s).
 * - a matching `@revoked` entry with this key → revoked (always refuse);
 * - `@cert-authority` entries are not supported and are ignored;
 * - a plain entry with this type and blob → known;
 * - any other plain entry for the host → changed (the same-type entry is reported when there is one);
 * - nothing → unknown.
 */
export function checkHostKey(
  entries: readonly KnownHostsEntry[],
  names: string | readonly string[],
  keyType: string,
  blob: Buffer,
): HostKeyVerdict {
  const list = typeof names === 'string' ? [names] : names;
  const forHost = entries.filter((e) => list.some((n) => entryMatches(e, n)));
  const revoked = forHost.find((e) => e.marker === 'revoked' && sameKey(e, keyType, blob));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === undefined);
  const known = plain.find((e) => sameKey(e, keyType, blob));
  if (known) return { status: 'known', entry: known };
  const other = plain.find((e) => e.keyType === keyType) ?? plain[0];
  if (other) return { status: 'changed', entry: other };
  return { status: 'unknown' };
}

/** Key types already filed for this name, to prefer them in the handshake (as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], name: string): string[] {
  const types = new Set<string>();
  for (const e of entries) if (e.marker === undefined && entryMatches(e, name)) types.add(e.keyType);
  return [...types];
}
