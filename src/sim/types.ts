/**
 * The simulated host: everything `tailscale`, the installer, `systemctl` and `curl` need to answer
 * like the real ones. Plain JSON data (it is stored as state.json by the SSH harness and kept in
 * memory by `meshtui --demo`).
 */
import type { SimSyncthing } from './syncthing.js';

export type BackendState =
  | 'NoState'
  | 'NeedsLogin'
  | 'NeedsMachineAuth'
  | 'Stopped'
  | 'Starting'
  | 'Running';

/**
 * What `tailscale up` does once flags, root and prefs checks have passed:
 * - ok: joins (key, tags and tailnet checks apply);
 * - hang: never reaches Running; `--timeout` then fails with the timeout text, without it waits forever;
 * - timeout: fails with the timeout text after upMs, whatever `--timeout` says;
 * - needs-machine-auth: joins but the tailnet wants device approval: prints the approval text, state
 *   NeedsMachineAuth, then waits like up.go does (until `--timeout`, else forever).
 */
export type UpBehaviour = 'ok' | 'hang' | 'timeout' | 'needs-machine-auth';

export interface SimTailnet {
  /** CurrentTailnet.Name: e.g. "example.com" (SaaS) or the headscale server's host name. */
  name: string;
  /** The MagicDNS suffix, e.g. "example.ts.net" (no trailing dot). */
  magicDNSSuffix: string;
}

export interface SimDelays {
  /** Added to every tailscale / systemctl / curl / installer invocation. */
  perCommandMs: number;
  /** How long the installer's package step takes. */
  installMs: number;
  /** How long `tailscale up` takes to reach its result. */
  upMs: number;
}

export interface SimPeer {
  hostName: string;
  os: string;
  ip: string;
  online: boolean;
  tags?: string[];
  /** DERP region code, e.g. "fra". */
  relay: string;
  /** "ip:port" when a direct path exists; "" otherwise. */
  curAddr: string;
  active: boolean;
}

export interface SimUname {
  sysname: string;
  release: string;
  machine: string;
  version: string;
}

export interface SimHost {
  /** Stable seed for node keys, IPs and ids (the harness uses the host id). */
  seed: string;
  /** The OS hostname (Self.HostName until `--hostname` overrides it). */
  osHostname: string;
  installed: boolean;
  /** First line of `tailscale version`, e.g. "1.102.3". */
  version: string;
  /** What the installer installs. */
  installVersion: string;
  daemonRunning: boolean;
  backendState: BackendState;
  loggedIn: boolean;
  /** The tailnet the node is in (null when logged out). */
  tailnet: SimTailnet | null;
  /** The tailnet a successful `up` joins (the one the keys belong to). */
  targetTailnet: SimTailnet;
  /** Tailscale hostname (from --hostname, else osHostname). */
  hostname: string;
  tags: string[];
  /** Non-default control URL in use, or null for the Tailscale SaaS. */
  loginServer: string | null;
  /** Non-default prefs set by the last `up` that got past the checks, as flag name -> value. */
  prefs: Record<string, string>;
  validKeys: string[];
  /** Valid keys that may be used more than once (the others are one-off). */
  reusableKeys: string[];
  usedKeys: string[];
  expiredKeys: string[];
  /** Tags the control plane lets this node advertise; null: all. */
  permittedTags: string[] | null;
  /** headscale >= 0.28: any --advertise-tags together with a pre-auth key is refused. */
  rejectTagsWithAuthKey: boolean;
  upBehaviour: UpBehaviour;
  delays: SimDelays;
  /** Contents of /etc/os-release; null when the file does not exist (macOS). */
  osRelease: string | null;
  uname: SimUname;
  peers: SimPeer[];
  /** When the node joined (RFC 3339), for Self.Created. */
  createdAt: string | null;
  /** `curl` cannot reach anything. */
  networkDown: boolean;
  /** The installer's package step fails with this text (stderr) and exit 100. */
  installError: string | null;
  /** Syncthing's package, units and certificates (syncthing.ts); absent: the distribution's defaults, not installed. */
  syncthing?: SimSyncthing;
}

export interface SimCtx {
  host: SimHost;
  /** Effective uid of the caller (0 = root, e.g. under sudo). */
  uid: number;
  /** Reads a file for `--auth-key=file:PATH`; throws an Error with `code` like Node's fs. */
  readFile(path: string): string;
  /** ms since epoch. */
  now(): number;
  /** The caller's user name (for `--operator`). */
  user?: string;
  /** Invoked through sudo (a missing binary is then `sudo: tailscale: command not found`). */
  viaSudo?: boolean;
}

export interface SimResult {
  stdout: string;
  stderr: string;
  code: number;
  /** How long the command takes before it prints and exits; Infinity: it never returns. */
  delayMs: number;
  /** The host after the command (the same object when nothing changed). */
  state: SimHost;
  /** Store `state` before waiting delayMs (the change is visible while the command still runs). */
  saveStateFirst?: boolean;
}
