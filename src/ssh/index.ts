/** The SSH layer: a Commander over ssh2 with known_hosts, ssh-agent and ~/.ssh/config. No Ink. */
export { createSshConnector, type SshConnector, type SshConnectorOptions } from './connector.js';
export type { AskHostKey, HostKeyQuestion } from './hostKeys.js';
export { resolveTarget, type SshTarget } from './target.js';
export { fingerprint, knownHostsName } from './knownHosts.js';
