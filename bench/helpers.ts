/** What bench/run.mjs needs from the TypeScript side (bundled by bench/lib/bundle.mjs). */
export { startFleet, type Fleet } from '../test/harness/fleet.js';
export { sshArgs } from '../test/harness/ssh.js';
export { installCommand, joinCommand } from '../test/harness/scripts.js';
export { TEST_AUTH_KEY } from '../test/harness/paths.js';
