/**
 * The "joined correctly?" checks of spec §2.3 steps 5 and 7.
 *
 * Spec vs reality: the spec compares a `TailnetName` field against the first label of
 * tailnet_domain, but `tailscale status --json` has NO `TailnetName` (FORMATS.md §1), and
 * `CurrentTailnet.Name` is the tailnet's *name* (`example.com`, `alice@gmail.com`, or the Headscale
 * server's hostname), which is unrelated to the MagicDNS domain. What tailnet_domain does match is
 * the MagicDNS suffix, so the host is in the right tailnet when `CurrentTailnet.MagicDNSSuffix` (or
 * the top-level `MagicDNSSuffix`) equals tailnet_domain. The mismatch message keeps the spec's words
 * and shows first labels (`host is in tailnet othercorp, expected example`); when the first labels
 * are equal (e.g. `ts.a.net` vs `ts.b.net`) it shows the whole suffixes so it never reads "ts, ts".
 */
import type { TailscaleConfig } from '../config/types.js';
import { MeshError } from './errors.js';
import { isJoined, tailnetSuffix, type TailscaleStatus } from './status.js';
import { formatTags, missingTags } from './tags.js';

export function firstLabel(domain: string): string {
  return domain.split('.')[0] ?? domain;
}

export type JoinState =
  | { kind: 'ok' }
  | { kind: 'not-joined'; backendState: string }
  | { kind: 'needs-approval' }
  | { kind: 'other-tailnet'; error: MeshError }
  | { kind: 'tags'; error: MeshError };

export function tailnetMismatch(actualSuffix: string, expectedDomain: string, hostId = 'HOST', name?: string): MeshError {
  const expected = expectedDomain.toLowerCase();
  let a = firstLabel(actualSuffix);
  let e = firstLabel(expected);
  if (a === e) [a, e] = [actualSuffix, expected];
  return new MeshError('ErrTailnetMismatch', `tailscale provider: host is in tailnet ${a}, expected ${e}`, {
    cause: 'tailnet-mismatch',
    remedy: `the host is logged in to ${actualSuffix}${name ? ` (tailnet ${name})` : ''}, not ${expected}; move it with 'meshtui rejoin ${hostId}' (tailscale up --reset --force-reauth) or fix tailnet_domain`,
    detail: { actual: actualSuffix, expected, tailnetName: name },
  });
}

export function tagMismatch(actual: readonly string[], expected: readonly string[], hostId = 'HOST'): MeshError {
  const missing = missingTags(actual, expected);
  return new MeshError(
    'ErrTagMismatch',
    `tailscale provider: host tags ${formatTags(actual)} do not match expected ${formatTags(expected)}`,
    {
      cause: 'tag-mismatch',
      remedy: `missing ${formatTags(missing)}: the tailnet policy's tagOwners must allow them for the auth key's owner; 'meshtui rejoin ${hostId}' re-authenticates so new tags apply`,
      detail: { actual: [...actual], expected: [...expected], missing },
    },
  );
}

/** Where the host stands relative to the config. Offline with the right config counts as ok (spec). */
export function joinState(st: TailscaleStatus, cfg: TailscaleConfig, tags: readonly string[], hostId = 'HOST'): JoinState {
  if (st.backendState === 'NeedsMachineAuth') return { kind: 'needs-approval' };
  if (!isJoined(st)) return { kind: 'not-joined', backendState: st.backendState || 'unknown' };
  const suffix = tailnetSuffix(st);
  if (suffix !== cfg.tailnetDomain.toLowerCase()) {
    return { kind: 'other-tailnet', error: tailnetMismatch(suffix || '(none)', cfg.tailnetDomain, hostId, st.tailnet?.name) };
  }
  if (missingTags(st.self.tags, tags).length > 0) return { kind: 'tags', error: tagMismatch(st.self.tags, tags, hostId) };
  return { kind: 'ok' };
}

export function describeJoined(st: TailscaleStatus): string {
  const tags = st.self.tags.length ? ` tags ${formatTags(st.self.tags)}` : ' untagged';
  const online = st.self.online ? '' : ' (offline)';
  return `in ${tailnetSuffix(st)}${tags}${online}`;
}
