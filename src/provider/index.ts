/** The provider package. Importing it registers the Tailscale provider (spec §7.1). */
import './tailscale.js';

export { get, register, registered, type NetworkProvider, type EnsureInstalledOptions, type EnsureJoinedOptions } from './registry.js';
export { TailscaleProvider, nodeFQDNFor, PROVIDER_ID } from './tailscale.js';
export { provisionHost, fetchStatus } from './provision.js';
export { startHost, type HostStart } from './provision.js';
export { windowsJoinScript, type JoinScriptInfo } from './windows/action.js';
export { OPERATOR_COMMAND, JOIN_SCRIPT_PATH, JOIN_KEY_PATH } from './windows/scripts.js';
export { runFleet } from './fleet.js';
export { createContext, type ProviderContext, type ContextOptions } from './context.js';
export { parseProviderConfig } from './config.js';
export { parseStatus, type TailscaleStatus, type NodeStatus } from './status.js';
export { parseVersionOutput, normalizeVersion } from './version.js';
export { computeHostTags, formatTags } from './tags.js';
export type { HostDeps, ProvisionRun, FleetRun, ProvisionMode } from './api.js';
