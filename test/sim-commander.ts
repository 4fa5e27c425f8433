/**
 * A FakeCommander answered by the simulator (src/sim): `tailscale` on a SimHost, `headscale` on a
 * shared HeadscaleState, the join script (key from stdin line 1, as the real script does), and
 * sudo (stripped; the command then runs as root). Unit tests of whole fleets use it: every call is
 * recorded (argv and stdin), so "the key is in no argv" is checkable.
 */
import { FakeCommander, detectOutput, type FakeReply } from './fake-commander.js';
import { installedHost, simHeadscale, simTailscale, tailscaleWithHeadscale, type HeadscaleState, type SimHost } from '../src/sim/index.js';

export interface SimWorld {
  hs: HeadscaleState | null;
  now: number;
}

export interface SimHostHandle {
  commander: FakeCommander;
  host(): SimHost;
}

const SUDO = /^sudo$/;

/** argv without a leading `sudo -n` / `sudo -S -k -p ''`; whether sudo was there. */
export function stripSudo(argv: readonly string[]): { argv: string[]; root: boolean } {
  if (!SUDO.test(argv[0] ?? '')) return { argv: [...argv], root: false };
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith('-')) i += argv[i] === '-p' ? 2 : 1;
  return { argv: argv.slice(i), root: true };
}

/** A Linux host (uid 1000, sudo allowed) whose tailscale is simulated; `hsHere` makes it the headscale host too. */
export function simHost(world: SimWorld, start: SimHost = installedHost('h'), o: { hsHere?: boolean; uid?: number } = {}): SimHostHandle {
  let host = start;
  const uid = o.uid ?? 1000;
  const ts = (args: string[], root: boolean, key?: string): FakeReply => {
    const ctx = { host, uid: root ? 0 : uid, now: () => world.now, user: 'deploy', viaSudo: root, readFile: () => `${key ?? ''}\n` };
    if (world.hs) {
      const r = tailscaleWithHeadscale(args, ctx, world.hs);
      world.hs = r.hs;
      host = r.result.state;
      return { stdout: r.result.stdout, stderr: r.result.stderr, code: r.result.code };
    }
    const r = simTailscale(args, ctx);
    host = r.state;
    return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  };
  const commander = new FakeCommander().on(
    () => true,
    (argv, opts) => {
      if (argv[0] === 'sh' && /kernel=\$\(uname -s/.test(argv[2] ?? '')) return { stdout: detectOutput({ uid }) };
      if (argv[0] === 'sh' && argv[3] === 'meshtui-join') {
        const { argv: rest, root } = stripSudo(argv.slice(4));
        const key = (opts.stdin ?? '').split('\n')[0] ?? '';
        return ts([...rest.slice(1), '--auth-key=file:/tmp/meshtui-key.sim'], root, key);
      }
      const { argv: cmd, root } = stripSudo(argv);
      if (cmd[0] === 'tailscale') return ts(cmd.slice(1), root);
      if (cmd[0] === 'headscale') {
        if (!o.hsHere || !world.hs) return { code: 127, stderr: root ? 'sudo: headscale: command not found\n' : 'sh: 1: headscale: not found\n' };
        const r = simHeadscale(cmd.slice(1), { state: world.hs, uid: root ? 0 : uid, now: () => world.now });
        world.hs = r.state;
        return { stdout: r.stdout, stderr: r.stderr, code: r.code };
      }
      if (cmd[0] === 'systemctl' && cmd[1] === 'start' && cmd[2] === 'tailscaled') {
        host = { ...host, daemonRunning: true, backendState: host.loggedIn ? host.backendState : 'NeedsLogin' };
        return { code: 0 };
      }
      return { code: 127, stderr: `sh: 1: ${cmd[0]}: not found\n` };
    },
  );
  return { commander, host: () => host };
}
