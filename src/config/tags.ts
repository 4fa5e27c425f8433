/**
 * Tag computation by the core (spec §2.3): the provider receives the final list and never looks
 * at roles. The union of default_tags, role_tags[host.role] and the host's plan tags, sorted
 * lexicographically (by code unit, as Go's sort.Strings) and de-duplicated.
 */
import type { HostConfig, TailscaleConfig } from './types.js';

export function computeTags(
  ts: Pick<TailscaleConfig, 'defaultTags' | 'roleTags'>,
  host: Pick<HostConfig, 'role' | 'tags'>,
): string[] {
  const roleTags = host.role !== undefined && Object.hasOwn(ts.roleTags, host.role) ? ts.roleTags[host.role] : undefined;
  const all = new Set([...ts.defaultTags, ...(roleTags ?? []), ...host.tags]);
  return [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
