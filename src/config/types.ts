/**
 * The typed inventory the rest of meshtui sees. src/config is the only place that knows the file
 * format (meshtui.yml / stagecraft.yml); it turns YAML into these objects or a one-line error.
 */
export type HostOs = 'auto' | 'linux' | 'windows' | 'wsl';
export type HostKeyPolicy = 'ask' | 'accept-new' | 'strict';

export interface HostConfig {
  /** Logical id; a valid DNS label; also the tailscale --hostname. */
  id: string;
  /** SSH address (IP, DNS name, or an ~/.ssh/config Host alias). Default: id. */
  address: string;
  /** Undefined when the config does not set it (then ~/.ssh/config or 22 decides). */
  port?: number;
  user?: string;
  role?: string;
  /** Plan tags for this host (added to default and role tags by the core). */
  tags: string[];
  /** Absolute: `~` expanded, relative paths resolved against the config file's directory. */
  identityFile?: string;
  os: HostOs;
  syncthing?: boolean;
}

export interface HeadscaleConfig {
  /** A host id from hosts:, or an inline SSH target. */
  host: string | { address: string; user?: string; port?: number; /** Absolute, as HostConfig's. */ identityFile?: string };
  /** A user name (≤0.25) or numeric id (0.26+); a YAML number becomes its decimal string. */
  user?: string;
  /** For `headscale preauthkeys create --expiration` (e.g. "24h", "7d"); a bare number became "Ns". */
  expiration: string;
  reusable: boolean;
}

export interface TailscaleConfig {
  authKeyEnv: string;
  tailnetDomain: string;
  loginServer?: string;
  defaultTags: string[];
  roleTags: Record<string, string[]>;
  install: {
    method: 'auto' | 'skip';
    minVersion?: string;
    scriptUrl: string;
  };
  headscale?: HeadscaleConfig;
  /** After a join: `tailscale ping -c 3 <ping>` (a host id, a tailnet name or a 100.x / fd7a: address). */
  verify?: { ping?: string };
  /** How long to watch a Windows host for its operator's interactive join (ms); 0: do not watch. Default 15 min. */
  windowsWatchMs?: number;
}

export interface SshSettings {
  /** Absolute: `~` expanded, relative paths resolved against the config file's directory. */
  knownHosts: string;
  hostKeyPolicy: HostKeyPolicy;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export interface Inventory {
  /** The file it came from (absolute when loaded by loadConfig). */
  path: string;
  /** 'meshtui' or 'stagecraft'. */
  format: 'meshtui' | 'stagecraft';
  provider: 'tailscale';
  tailscale: TailscaleConfig;
  hosts: HostConfig[];
  ssh: SshSettings;
  concurrency: number;
  syncthing: boolean;
}
