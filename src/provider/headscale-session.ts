/**
 * The Headscale host for one fleet run: one SSH connection (opened lazily, by the first host that
 * needs a key or a node check; closed when the run ends), the server's version and the `--user`
 * value learnt once, and the minted keys memoised per tag set. So an all-joined fleet never
 * connects, several hosts share one reusable key, and with Headscale ≥0.28 (which refuses
 * `--advertise-tags` with a pre-auth key) each distinct tag set gets its own key with the tags on
 * it. A non-reusable key is minted per host. Keys live in memory only; every context that may see
 * one learns it as a secret.
 */
import type { HeadscaleConfig, HostConfig, Inventory } from '../config/types.js';
import type { HostDeps, ProvisionMode } from './api.js';
import type { Commander } from './commander.js';
import { createContext, raceAbort, type ProviderContext, type ProviderHooks } from './context.js';
import { MeshError, toMeshError } from './errors.js';
import { HeadscaleCli, headscaleHost } from './headscale.js';
import { versionAtLeast, type HsNodeInfo } from './headscale-parse.js';
import { detectOs, type OsFacts } from './os.js';
import { formatTags } from './tags.js';

/** The host asking: its hooks (the headscale host's commands are reported on its step) and secrets. */
export interface HeadscaleRequester {
  hostId: string;
  hooks: ProviderHooks;
  addSecret(secret: string): void;
}

export interface KeyGrant {
  key: string;
  /** false: the tags are on the key, `up` must not pass --advertise-tags. */
  advertiseTags: boolean;
  /** This request minted it (else it reused the run's key for the same tags). */
  minted: boolean;
  detail: string;
}

export interface SessionRun {
  signal: AbortSignal;
  mode: ProvisionMode;
  commandTimeoutMs?: number;
}

export class HeadscaleSession {
  readonly target: HostConfig;
  readonly label: string;
  private commander?: Promise<Commander>;
  private facts?: Promise<OsFacts>;
  private versionP?: Promise<string | null>;
  private readonly keys = new Map<string, Promise<string>>();
  /** The --user value that worked (a name, or the id an unknown version wanted). */
  private userArg?: string;

  constructor(
    inv: Inventory,
    readonly cfg: HeadscaleConfig,
    private readonly deps: HostDeps,
    private readonly run: SessionRun,
  ) {
    this.target = headscaleHost(inv, cfg);
    this.label = typeof cfg.host === 'string' ? cfg.host : cfg.host.address;
  }

  private async open(): Promise<Commander> {
    try {
      const pending = this.deps.connect(this.target, this.run.signal);
      pending.then((c) => (this.run.signal.aborted ? void c.close().catch(() => {}) : undefined), () => {});
      return await raceAbort(pending, this.run.signal);
    } catch (e) {
      const err = toMeshError(e, 'ErrSSH');
      if (err.code === 'ErrCancelled') throw err;
      throw new MeshError(err.code, `cannot reach the headscale host ${this.label}: ${err.message}`, {
        cause: err.causeId ?? 'headscale-unreachable',
        remedy: err.remedy ?? `check headscale.host (${this.label}) and that SSH works there`,
      });
    }
  }

  /** A context on the headscale host whose commands are reported through the requester. */
  private async ctxFor(req: HeadscaleRequester): Promise<ProviderContext> {
    const commander = await (this.commander ??= this.open());
    const label = `[${this.label}]`;
    const ctx = createContext({
      commander,
      hostId: this.label,
      mode: this.run.mode,
      signal: this.run.signal,
      env: () => undefined,
      sudoPassword: this.deps.sudoPassword?.(this.label),
      commandTimeoutMs: this.run.commandTimeoutMs,
      now: this.deps.now,
      // No onOutput: `preauthkeys create` prints the key, and nothing of it may be streamed.
      hooks: { onCommand: (argv, code, ms) => req.hooks.onCommand?.([label, ...argv], code, ms), note: (t) => req.hooks.note?.(t) },
    });
    ctx.os = await (this.facts ??= detectOs(ctx));
    return ctx;
  }

  private version(cli: HeadscaleCli): Promise<string | null> {
    return (this.versionP ??= cli.version());
  }

  /** A key for a host with `tags`: minted now, or the run's key for the same tag set. */
  async grant(req: HeadscaleRequester, tags: readonly string[]): Promise<KeyGrant> {
    const ctx = await this.ctxFor(req);
    const cli = new HeadscaleCli(ctx);
    const version = await this.version(cli);
    const newTags = version === null || versionAtLeast(version, '0.28.0');
    const keyTags = newTags ? [...tags].sort() : [];
    const { user, reusable, expiration } = this.cfg;
    if (user === undefined && keyTags.length === 0) {
      throw new MeshError('ErrConfigInvalid', 'tailscale provider: invalid config: headscale.user is required to mint a key for an untagged host (and for any host with Headscale < 0.28)', {
        cause: 'headscale-user-missing',
        remedy: `set headscale.user to a Headscale user name or id (sudo headscale users list on ${this.label})`,
      });
    }
    const memo = keyTags.join(',');
    let pending = reusable ? this.keys.get(memo) : undefined;
    const minted = pending === undefined;
    if (!pending) {
      pending = cli.createKey(this.userArg ?? user, version, { expiration, reusable, tags: keyTags }).then((r) => {
        this.userArg ??= r.user;
        return r.key;
      });
      if (reusable) {
        this.keys.set(memo, pending);
        pending.catch((e: unknown) => toMeshError(e).code === 'ErrCancelled' && this.keys.delete(memo));
      }
    }
    const key = await pending;
    req.addSecret(key);
    const advertiseTags = version === null ? !key.startsWith('hskey-') : !newTags;
    const kind = `${reusable ? 'reusable' : 'one-off'} ${expiration} key`;
    const on = `on ${this.label} (headscale ${version ?? 'version unknown'}${user !== undefined ? `, user ${user}` : ''})`;
    const tagText = keyTags.length ? ` with ${formatTags(keyTags)} on the key` : '';
    return { key, advertiseTags, minted, detail: minted ? `minted a ${kind} ${on}${tagText}` : `reused this run's ${kind} from ${this.label}${tagText}` };
  }

  async nodes(req: HeadscaleRequester): Promise<HsNodeInfo[]> {
    return new HeadscaleCli(await this.ctxFor(req)).nodes();
  }

  async close(): Promise<void> {
    const c = this.commander;
    this.commander = undefined;
    if (c) await c.then((x) => x.close(), () => {}).catch(() => {});
  }
}
