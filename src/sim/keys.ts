/** What the control plane says about an auth key (SaaS and headscale wordings, FORMATS.md §3). */
import * as T from './texts.js';
import type { SimHost } from './types.js';

/** The key ID in `tskey-auth-<ID>-<secret>` (what SaaS errors name; never the secret). */
export function keyId(key: string): string {
  const m = /^tskey-[a-z]+-([A-Za-z0-9]+)-/.exec(key);
  return m ? m[1]! : 'k2bx6Qw2KB11CNTRL';
}

/** null when the key is accepted; else the backend error message. */
export function checkKey(h: SimHost, key: string, headscale: boolean): string | null {
  const used = h.usedKeys.includes(key) && !h.reusableKeys.includes(key);
  if (headscale) {
    if (!h.validKeys.includes(key) && !h.expiredKeys.includes(key)) return T.HS_KEY_INVALID;
    if (h.expiredKeys.includes(key)) return T.HS_KEY_EXPIRED;
    if (used) return T.HS_KEY_USED;
    return null;
  }
  if (!key.startsWith('tskey-')) return T.SAAS_KEY_MALFORMED;
  if (h.expiredKeys.includes(key) || used) return T.saasKeyNotValid(keyId(key));
  if (!h.validKeys.includes(key)) return T.SAAS_KEY_UNKNOWN;
  return null;
}

/** null when every requested tag may be advertised; else the backend error message. */
export function checkTags(h: SimHost, tags: readonly string[], withKey: boolean): string | null {
  if (tags.length === 0) return null;
  if (h.rejectTagsWithAuthKey && withKey) return T.tagsNotPermitted(tags);
  if (h.permittedTags === null) return null;
  const bad = tags.filter((t) => !h.permittedTags!.includes(t));
  return bad.length > 0 ? T.tagsNotPermitted(bad) : null;
}

/** tailcfg.CheckTag: null when valid, else the reason. */
export function tagSyntaxError(tag: string): string | null {
  if (!tag.startsWith('tag:')) return "tags must start with 'tag:'";
  const name = tag.slice(4);
  if (name === '') return 'tag names must not be empty';
  if (!/^[A-Za-z]/.test(name)) return "tag names must start with a letter, after 'tag:'";
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'tag names can only contain numbers, letters, or dashes';
  return null;
}
