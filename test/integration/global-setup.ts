/**
 * vitest globalSetup for the integration project: fail (never skip) when the machine lacks what the
 * harness needs, then create the test users and sudoers drop-in and build the simulator once.
 */
import { ensureCliBuilt } from '../harness/cli.js';
import { ensureSystem } from '../harness/system.js';

export async function setup(): Promise<void> {
  try {
    await ensureSystem();
    // The CLI tests spawn dist/meshtui.js: build it when src/ is newer (a clean clone has no dist/).
    ensureCliBuilt();
  } catch (e) {
    // One line saying what is missing; a stack trace would only hide it.
    const err = new Error(`integration setup: ${(e as Error).message}`);
    err.stack = err.message;
    throw err;
  }
}
