/**
 * Remote command lines shaped like the ones the engine sends (argv rendered by src/quote.ts), for
 * harness tests. The engine's own scripts live in src/provider; these only mirror their shape.
 */
import { shJoin } from '../../src/quote.js';

const INSTALL = 'set -eu; f=$(mktemp); trap \'rm -f "$f"\' EXIT; curl -fsSL "$1" -o "$f"; sudo -n sh "$f"';
const JOIN_PREFIX =
  'umask 077; f=$(mktemp "${TMPDIR:-/tmp}/meshtui-key.XXXXXXXX"); trap \'rm -f "$f"\' EXIT; IFS= read -r k; printf \'%s\\n\' "$k" >"$f"; ';

export const installCommand = (url = 'https://tailscale.com/install.sh'): string => shJoin(['sh', '-c', INSTALL, 'meshtui-install', url]);

/** `tailscale up --auth-key=file:…` with the key as stdin line 1; with `sudoPassword`, the password is line 2. */
export function joinCommand(flags: readonly string[], opts: { sudoPassword?: boolean } = {}): string {
  const sudo = opts.sudoPassword ? "sudo -S -p ''" : 'sudo -n';
  return shJoin(['sh', '-c', `${JOIN_PREFIX}${sudo} tailscale up --auth-key="file:$f" "$@"`, 'meshtui-join', ...flags]);
}
