/**
 * Tag helpers. The tag union itself is the core's job (spec §2.3: the provider receives the final
 * list and never looks at roles): `computeTags` in src/config/tags.ts. Here: validation (`tag:`),
 * formatting for messages, and the subset check.
 */
import type { HostConfig, TailscaleConfig } from '../config/types.js';
import { computeTags } from '../config/tags.js';
import { validateTag } from './config.js';

/** Sorted (lexicographic, as Go's sort.Strings for ASCII) de-duplicated list; validates `tag:`. */
export function normalizeTags(tags: readonly unknown[]): string[] {
  return [...new Set(tags.map((t) => validateTag(t)))].sort();
}

/** The host's final tags (core's computeTags), validated before anything is contacted. */
export function computeHostTags(cfg: TailscaleConfig, host: Pick<HostConfig, 'role' | 'tags'>): string[] {
  return normalizeTags(computeTags(cfg, { role: host.role, tags: host.tags ?? [] }));
}

/**
 * Tags printed like Go's `%v` of a []string: `[tag:a tag:b]`. The spec's messages come from a Go
 * implementation and tailscale itself prints tag lists this way (`requested tags [tag:a tag:b] …`),
 * so our messages match what operators already see.
 */
export function formatTags(tags: readonly string[]): string {
  return `[${tags.join(' ')}]`;
}

/** Expected tags missing from the actual list (subset match: extras are allowed, spec §2.3). */
export function missingTags(actual: readonly string[], expected: readonly string[]): string[] {
  const have = new Set(actual);
  return expected.filter((t) => !have.has(t));
}
