/**
 * The file format as zod schemas (snake_case, strict objects: unknown keys are errors). Values
 * are checked by the rules in rules.ts; defaults and camelCase mapping happen in build.ts.
 */
import * as z from 'zod';
import * as rule from './rules.js';
import { parseDurationMs, parseExpiration } from './duration.js';
import { kindOf, show } from './show.js';

type Ctx = { addIssue(issue: { code: 'custom'; message: string; params?: Record<string, unknown>; path?: PropertyKey[] }): void };

/** A string checked by one rule; the rule's reason becomes the issue message. */
const checked = (check: (v: string) => string | undefined) =>
  z.string().superRefine((v, ctx) => {
    const reason = check(v);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

/** Any YAML value turned into T by `fn`, or an issue with its reason. */
function custom<T>(fn: (v: unknown) => { value: T } | string) {
  return z.unknown().transform((v, ctx): T => {
    const r = fn(v);
    if (typeof r === 'string') {
      ctx.addIssue({ code: 'custom', message: r });
      return z.NEVER;
    }
    return r.value;
  });
}

/** A required provider string: missing, null or empty gives the spec's `{field} is required`. */
const requiredProviderString = (field: string, check: (v: string) => string | undefined) =>
  z.unknown().transform((v, ctx): string => {
    if (v === undefined || v === null || v === '') {
      ctx.addIssue({ code: 'custom', message: `${field} is required`, params: { exact: true } });
    } else if (typeof v !== 'string') ctx.addIssue({ code: 'custom', message: `expected a string, got ${kindOf(v)}` });
    else {
      const reason = check(v);
      if (!reason) return v;
      ctx.addIssue({ code: 'custom', message: reason });
    }
    return z.NEVER;
  });

const intIn = (min: number, max: number) => {
  const msg = `must be an integer from ${min} to ${max}`;
  return z.number({ error: msg }).refine((v) => Number.isInteger(v) && v >= min && v <= max, { error: msg });
};

function addTagIssue(v: string, ctx: Ctx): void {
  const r = rule.tag(v);
  if (r) ctx.addIssue({ code: 'custom', message: r.reason, params: r.exact ? { exact: true } : undefined });
}
const tagSchema = z.string().superRefine(addTagIssue);
const tagList = z.array(tagSchema);

const duration = custom((v) => {
  const r = parseDurationMs(v);
  return typeof r === 'number' ? { value: r } : r;
});

const hostIdSchema = checked(rule.hostId);
const portSchema = intIn(1, 65535);

export const hostSchema = z.strictObject({
  id: hostIdSchema,
  address: checked(rule.address).optional(),
  port: portSchema.optional(),
  user: checked(rule.user).optional(),
  role: checked(rule.role).optional(),
  tags: tagList.optional(),
  identity_file: checked(rule.filePath).optional(),
  os: z.enum(['auto', 'linux', 'windows', 'wsl']).optional(),
  syncthing: z.boolean().optional(),
});

const inlineTarget = z.strictObject({
  address: checked(rule.address),
  user: checked(rule.user).optional(),
  port: portSchema.optional(),
  identity_file: checked(rule.filePath).optional(),
});

const headscaleUser = custom((v): { value: string } | string => {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && v >= 0 ? { value: String(v) } : `${show(v)} is not a numeric user id`;
  }
  if (typeof v !== 'string') return `expected a user name or numeric id, got ${kindOf(v)}`;
  return rule.headscaleUser(v) ?? { value: v };
});

const headscaleSchema = z.strictObject({
  host: z.union([hostIdSchema, inlineTarget], {
    error: 'expected a host id from hosts: or a map {address, user, port, identity_file}',
  }),
  user: headscaleUser.optional(),
  expiration: custom(parseExpiration).optional(),
  reusable: z.boolean().optional(),
});

const roleTags = z.record(z.string(), tagList).superRefine((rec, ctx) => {
  for (const key of Object.keys(rec)) {
    const reason = rule.role(key);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: [key] });
  }
});

export const tailscaleSchema = z.strictObject({
  auth_key_env: requiredProviderString('auth_key_env', rule.envName),
  tailnet_domain: requiredProviderString('tailnet_domain', rule.dnsName),
  login_server: checked(rule.httpUrl).optional(),
  default_tags: tagList.optional(),
  role_tags: roleTags.optional(),
  install: z
    .strictObject({
      method: z.enum(['auto', 'skip']).optional(),
      min_version: checked(rule.version).optional(),
      script_url: checked(rule.httpUrl).optional(),
    })
    .optional(),
  headscale: headscaleSchema.optional(),
  verify: z.strictObject({ ping: checked(rule.pingTarget).optional() }).optional(),
  /** 0 (or "0s") turns the Windows operator watch off. */
  windows_watch: custom((v) => {
    if (v === 0 || v === '0' || v === '0s') return { value: 0 };
    const r = parseDurationMs(v);
    return typeof r === 'number' ? { value: r } : r;
  }).optional(),
});

const networkSchema = z.strictObject({
  provider: z.literal('tailscale', {
    error: (iss) => (iss.input === undefined ? undefined : 'only "tailscale" is supported'),
  }),
  providers: z.strictObject({ tailscale: tailscaleSchema }),
});

const sshSchema = z.strictObject({
  known_hosts: checked(rule.filePath).optional(),
  host_key_policy: z.enum(['ask', 'accept-new', 'strict']).optional(),
  connect_timeout: duration.optional(),
  command_timeout: duration.optional(),
});

const topShape = {
  network: networkSchema,
  hosts: z.array(hostSchema),
  ssh: sshSchema.optional(),
  concurrency: intIn(1, 1000).optional(),
  syncthing: z.boolean().optional(),
};

/** meshtui.yml: exactly the CONTRACT's shape. */
export const meshtuiSchema = z.strictObject(topShape);
/** stagecraft.yml, after its other top-level sections are set aside: hosts: is optional. */
export const stagecraftSchema = z.strictObject({ ...topShape, hosts: topShape.hosts.optional() });

export type RawConfig = z.output<typeof stagecraftSchema>;
export type RawHost = z.output<typeof hostSchema>;
export type RawTailscale = z.output<typeof tailscaleSchema>;
