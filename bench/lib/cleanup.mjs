// What to undo if the bench is interrupted (Ctrl-C, SIGTERM): stop the fleet's sshd processes, kill
// the programs running in pseudo-terminals. Normal runs clean up in their own `finally` blocks.
const tasks = new Set();

/** Registers `fn`; returns a function that unregisters it. */
export function onCleanup(fn) {
  tasks.add(fn);
  return () => tasks.delete(fn);
}

let installed = false;
export function installSignalCleanup(log = () => {}) {
  if (installed) return;
  installed = true;
  const handler = (sig) => {
    log(`${sig}: cleaning up (${tasks.size} task(s))…`);
    const all = [...tasks].map((fn) => Promise.resolve().then(fn).catch(() => {}));
    Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, 10_000))]).then(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
