/** The tailscale simulator: pure functions over a SimHost (used by the SSH harness and `meshtui --demo`). */
export type { BackendState, SimCtx, SimDelays, SimHost, SimPeer, SimResult, SimTailnet, SimUname, UpBehaviour } from './types.js';
export { simTailscale } from './tailscale.js';
export { simSystemctl } from './systemctl.js';
export { applyInstall, detectInstall, simInstall, type Detected, type Detection } from './install.js';
export { installerScript } from './installer-sh.js';
export { statusJson, statusObject } from './status.js';
export { versionText, versionJson, longVersion, compareVersions } from './version.js';
export { makeHost, installedHost, joinedHost, TAILNETS, SAMPLE_PEERS, LATEST } from './presets.js';
export { OS_RELEASE, UNAME, parseOsRelease, unameAll } from './osinfo.js';
export { keyId } from './keys.js';
export { prefsFor, DEFAULT_CONTROL } from './prefs.js';
export { result } from './result.js';
export { simHeadscale, parseHsDuration, pbTime, type HsCtx, type HsResult } from './headscale.js';
export { makeHeadscale, registerNode, keyProblem, nodeTags, type HeadscaleState, type HsKey, type HsNode, type HsUser } from './headscale-state.js';
export { tailscaleView, tailscaleWithHeadscale } from './headscale-link.js';
export { simAptGet } from './apt.js';
export { simSyncthing, simSyncthingUnit, syncthingOf, withSyncthing, deviceIdFor, luhn32, upstreamVersion, aptSource, type SimSyncthing, type SyncthingRepo } from './syncthing.js';
