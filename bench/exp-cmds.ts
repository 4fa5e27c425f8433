import { runHeadless } from '../src/cli/headless.js';
import { loadConfig } from '../src/config/index.js';
export async function cmds(configPath: string) {
  const inv = await loadConfig({ path: configPath, cwd: process.cwd() });
  const out: unknown[] = [];
  await runHeadless({ inv, hosts: inv.hosts, mode: 'provision', concurrency: 1, json: true, stdout: { write: () => true } as any, stderr: process.stderr, onEvent: (e) => { if (e.type === 'command') out.push(e); } });
  return out;
}
