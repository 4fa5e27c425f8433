/**
 * zod issues → one-line messages. `reason` is the per-parse error map (zod's built-in issue codes
 * in our words); `issueLines` adds the path and the provider's spec prefix.
 */
import type * as z from 'zod';
import { PROVIDER_PREFIX } from './errors.js';
import { formatPath, kindOf, show } from './show.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

type RawIssue = { code?: string; input?: unknown; expected?: string; values?: readonly unknown[] };

/** The reason for a built-in zod issue; passed to safeParse as `error`. */
export function reason(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      return `expected ${TYPE_NAMES[iss.expected ?? ''] ?? iss.expected}, got ${kindOf(iss.input)}`;
    case 'invalid_value':
      if (iss.input === undefined) return 'is required';
      return `must be one of ${(iss.values ?? []).map(String).join(', ')} (got ${show(iss.input)})`;
    case 'unrecognized_keys':
      return 'unknown key';
    default:
      return 'is not valid';
  }
}

type Issue = z.core.$ZodIssue;

/** A union's issue: the branch that matched the value's type, else the union's own message. */
function resolveUnion(issue: Issue & { code: 'invalid_union' }): Issue {
  for (const branch of issue.errors) {
    const typeMiss = branch.some((b) => b.code === 'invalid_type' && b.path.length === 0);
    const first = branch.find((b) => b.code === 'unrecognized_keys') ?? branch[0];
    if (!typeMiss && first) {
      const inner = first.code === 'invalid_union' ? resolveUnion(first) : first;
      return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
    }
  }
  const got = (issue as { input?: unknown }).input;
  return { ...issue, message: got === undefined ? 'is required' : `${issue.message}, got ${kindOf(got)}` } as Issue;
}

const PROVIDER_PATH = ['network', 'providers', 'tailscale'];

/** One issue as a line, plus the path it names. */
export function issueLine(raw: Issue): { line: string; path: string } {
  const issue = raw.code === 'invalid_union' ? resolveUnion(raw) : raw;
  const path: PropertyKey[] = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const where = formatPath(path);
  const exact = issue.code === 'custom' && (issue.params as { exact?: boolean } | undefined)?.exact === true;
  if (exact) return { line: PROVIDER_PREFIX + issue.message, path: where };
  const inProvider = path.length > PROVIDER_PATH.length && PROVIDER_PATH.every((p, i) => path[i] === p);
  if (inProvider) {
    const rel = path.slice(PROVIDER_PATH.length);
    if (rel.length === 1 && issue.message === 'is required') {
      return { line: `${PROVIDER_PREFIX}${String(rel[0])} is required`, path: where };
    }
    return { line: `${PROVIDER_PREFIX}${formatPath(rel)}: ${issue.message}`, path: where };
  }
  return { line: where === '' ? issue.message : `${where}: ${issue.message}`, path: where };
}

/** At most this many issues are kept (a hostile file can have hundreds of thousands). */
export const MAX_ISSUES = 100;

/** Issues as lines, the most useful first (an unknown key explains a "required" elsewhere). */
export function issueLines(issues: readonly Issue[]): Array<{ line: string; path: string }> {
  const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ ...i, keys: [k] })) : []));
  const rest = issues.filter((i) => i.code !== 'unrecognized_keys');
  return [...unknown, ...rest].slice(0, MAX_ISSUES).map(issueLine);
}
