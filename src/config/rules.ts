/**
 * Value rules for config fields. Each returns undefined when the value is fine, else the reason
 * (the part after `path: `). Values end up in argv for a remote shell (quoted, but still), so the
 * rules are narrow: what a real fleet needs, nothing a shell or ssh could read as syntax.
 */
import semver from 'semver';
import { show, showBare } from './show.js';

export type Reason = string | undefined;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_TEXT = 'letters, digits and hyphens, 1-63, not starting or ending with a hyphen';

/** Host id: a DNS label, lowercase because tailscale lowercases hostnames. */
export function hostId(v: string): Reason {
  if (DNS_LABEL.test(v)) return undefined;
  if (DNS_LABEL.test(v.toLowerCase())) {
    return `${show(v)} has uppercase letters; tailscale lowercases hostnames, so write ${show(v.toLowerCase())}`;
  }
  return `${show(v)} is not a valid DNS label (${LABEL_TEXT})`;
}

/** SSH address: an IP (v4 or v6, with a zone), a DNS name, or an ~/.ssh/config Host alias. */
export function address(v: string): Reason {
  if (v === '') return 'must not be empty';
  if (WHITESPACE_OR_CONTROL.test(v)) return `${show(v)} must not contain whitespace or control characters`;
  if (v.startsWith('-')) return `${show(v)} must not start with "-" (ssh would read it as an option)`;
  if (v.length > 253) return 'is longer than 253 characters';
  if (v.includes('@')) return `${show(v)} contains "@"; put the user name in user:`;
  if (!/^[A-Za-z0-9._:%-]+$/.test(v)) {
    return `${show(v)} is not a host name, IP address or ssh alias (letters, digits, ".", "-", "_", ":", "%")`;
  }
  return undefined;
}

/** SSH user: POSIX-ish names, `user@realm`, and Windows `DOMAIN\user`. */
export function user(v: string): Reason {
  if (v.startsWith('-')) return `${show(v)} must not start with "-"`;
  if (v.length > 64) return 'is longer than 64 characters';
  if (!/^[A-Za-z0-9._][A-Za-z0-9._@\\-]*$/.test(v)) {
    return `${show(v)} is not a valid user name (letters, digits, ".", "_", "-", "@", "\\", at most 64)`;
  }
  return undefined;
}

/** Role names and role_tags keys: a simple ASCII label. */
export function role(v: string): Reason {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(v)) return undefined;
  return `${show(v)} is not a simple label (letters, digits, "-" and "_", starting with a letter or digit, at most 63)`;
}

export interface TagReason {
  reason: string;
  /** True when `reason` is the spec's exact text (printed after the provider prefix, no path). */
  exact: boolean;
}

/** A tailscale ACL tag: the spec's `tag:` prefix rule, then tailcfg.CheckTag's rules. */
export function tag(v: string): TagReason | undefined {
  if (!v.startsWith('tag:')) return { reason: `tag ${showBare(v)} must start with tag: prefix`, exact: true };
  const name = v.slice(4);
  const quoted = `tag ${show(v)}`;
  if (name === '') return { reason: `${quoted}: tag names must not be empty`, exact: false };
  if (v.length > 128) return { reason: `${quoted}: is longer than 128 characters`, exact: false };
  if (!/^[A-Za-z]/.test(name)) return { reason: `${quoted}: tag names must start with a letter, after 'tag:'`, exact: false };
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    return { reason: `${quoted}: tag names can only contain numbers, letters, or dashes`, exact: false };
  }
  return undefined;
}

/** The name of an environment variable (auth_key_env). */
export function envName(v: string): Reason {
  if (/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(v)) return undefined;
  return `${show(v)} is not a valid environment variable name (letters, digits and "_", not starting with a digit)`;
}

/** A DNS name such as the MagicDNS suffix `example.ts.net`. */
export function dnsName(v: string): Reason {
  const bad = `${show(v)} is not a valid DNS name (like example.ts.net)`;
  if (v.length > 253) return bad;
  const labels = v.split('.');
  return labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) ? undefined : bad;
}

/** An http(s) URL of a server: scheme, host, optional port and path; no query, userinfo or spaces. */
export function httpUrl(v: string): Reason {
  const bad = `${show(v)} is not an http(s) URL (like https://hs.example.com)`;
  if (v.length > 2048 || !/^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~%/+-]*)?$/.test(v)) return bad;
  try {
    const u = new URL(v);
    if (u.hostname === '' || u.username !== '' || u.password !== '') return bad;
  } catch {
    return bad;
  }
  return undefined;
}

/** A plain X.Y.Z version, as `tailscale version` prints. */
export function version(v: string): Reason {
  const ok = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.test(v) && semver.valid(v) !== null;
  return ok ? undefined : `${show(v)} is not a version like "1.78.0" (X.Y.Z)`;
}

/** A local file path; it is read by meshtui itself, so anything but control characters goes. */
export function filePath(v: string): Reason {
  if (v === '') return 'must not be empty';
  if (CONTROL.test(v)) return `${show(v)} must not contain control characters`;
  if (v.length > 4096) return 'is longer than 4096 characters';
  if (/^~[^/\\]/.test(v)) return `${show(v)}: only ~ and ~/ are expanded (not ~user)`;
  return undefined;
}

/** verify.ping: a host id, a tailnet (MagicDNS) name, or a Tailscale address (100.64.0.0/10, fd7a:115c:a1e0::/48). */
export function pingTarget(v: string): Reason {
  const bad = `${show(v)} is not a host id, tailnet name or Tailscale IP (100.64.0.0/10 or fd7a:115c:a1e0::/48)`;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((x) => x > 255)) return bad;
    return a === 100 && b >= 64 && b <= 127 ? undefined : `${show(v)} is not a Tailscale address (100.64.0.0/10); ping a tailnet node`;
  }
  if (v.includes(':')) {
    return /^fd7a:115c:a1e0:[0-9a-f:]*$/i.test(v) ? undefined : `${show(v)} is not a Tailscale IPv6 address (fd7a:115c:a1e0::/48)`;
  }
  if (v.startsWith('-')) return bad;
  return dnsName(v) === undefined ? undefined : bad;
}

/** A Headscale user: a name (≤0.25), or a numeric id (0.26+). */
export function headscaleUser(v: string): Reason {
  if (/^[A-Za-z0-9_][A-Za-z0-9._@+-]{0,63}$/.test(v)) return undefined;
  return `${show(v)} is not a Headscale user name or numeric id (letters, digits, ".", "_", "-", "+", "@")`;
}
