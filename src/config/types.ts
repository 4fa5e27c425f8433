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
  identityFile?: string;
  os: HostOs;
  syncthing?: boolean;
}

export interface HeadscaleConfig {
  /** A host id from hosts:, or an inline SSH target. */
  host: string | { address: string; user?: string; port?: number; identityFile?: string };
  /** A user name (≤0.25) or numeric id (0.26+). */
  user?: string;
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
}

export interface SshSettings {
  knownHosts: string;
  hostKeyPolicy: HostKeyPolicy;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export interface Inventory {
  /** The file it came from. */
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
