/**
 * `meshtui prepare HOST`: passwordless sudo for exactly the commands meshtui runs as root, for the
 * SSH user, in /etc/sudoers.d/meshtui. The sudo password is used twice over stdin (never argv,
 * never disk): once to resolve the commands' absolute paths as root sees them (sudo matches on
 * those, with its secure_path), once to install the file: written to a temp file in
 * /etc/sudoers.d whose name has a dot (so sudo ignores it), checked with `visudo -cf`, chmod 0440,
 * then moved into place. Same content → nothing is written. `--undo` removes the file. Then one
 * allowed, harmless command under `sudo -n` (`tailscale up --help`; `systemctl start tailscaled`
 * when tailscale is not installed yet) proves sudo no longer wants a password. (`sudo -l CMD` would
 * not: it says whether CMD is allowed, not whether a password is needed.)
 *
 * sudo applies the LAST matching rule: a rule for the same user read after this file (a file that
 * sorts after "meshtui" in /etc/sudoers.d, or lines after @includedir in /etc/sudoers) wins over
 * it. The verification catches that and says so.
 *
 * Not allowed, on purpose: the tailscale installer. It is a downloaded script run as root, so a
 * passwordless rule for it would be passwordless root for anything able to write that temp file.
 * A host without tailscale still needs the password once (the dashboard asks for it), after which
 * meshtui needs none. What is allowed is still powerful: `tailscale up *` decides which control
 * server the machine trusts, and `headscale preauthkeys create *` mints keys for the tailnet.
 */
import type { RunResult } from './commander.js';
import type { ProviderContext } from './context.js';
import { firstLine } from './context.js';
import { MeshError } from './errors.js';
import { sudoFailure } from './sudo.js';
import { APT_INSTALL_ARGV, APT_UPDATE_ARGV, enableArgv } from './syncthing.js';

export const SUDOERS_PATH = '/etc/sudoers.d/meshtui';
export const BEGIN = '#meshtui-sudoers-begin';
export const END = '#meshtui-sudoers-end';
export const COMMANDS = ['tailscale', 'systemctl', 'headscale', 'apt-get'] as const;
export type Paths = Partial<Record<(typeof COMMANDS)[number], string>>;

/** Prints the invoking user and each command's path as root resolves it (sudo's secure_path). */
export const RESOLVE_SCRIPT = ['echo "user=${SUDO_USER:-$(id -un)}"', 'echo "uid=$(id -u)"', 'for c do echo "path.$c=$(command -v "$c" 2>/dev/null)"; done'].join('\n');

/** Installs (or removes) the sudoers file; the content arrives on stdin between the markers. */
export const INSTALL_SCRIPT = [
  'set -u',
  'dst=$1; mode=$2',
  'if [ "$mode" = undo ]; then',
  '  if [ -e "$dst" ]; then rm -f "$dst" && echo result=removed; else echo result=absent; fi',
  '  exit $?',
  'fi',
  'umask 077',
  'dir=${dst%/*}',
  '[ -d "$dir" ] || mkdir -p -m 0750 "$dir" || exit 4',
  // Whatever precedes the marker (a password line sudo did not need) is skipped, never written.
  `while IFS= read -r l; do [ "$l" = '${BEGIN}' ] && break; done`,
  'tmp=$(mktemp "$dir/.meshtui.XXXXXXXX") || exit 4',
  `trap 'rm -f "$tmp"' EXIT`,
  `trap 'exit 1' HUP INT TERM`,
  `while IFS= read -r l; do [ "$l" = '${END}' ] && break; printf '%s\\n' "$l"; done >"$tmp"`,
  'if [ -f "$dst" ] && cmp -s "$tmp" "$dst"; then echo result=unchanged; exit 0; fi',
  'if ! out=$(visudo -cf "$tmp" 2>&1); then printf "visudo: %s\\n" "$out" >&2; exit 3; fi',
  'chown 0:0 "$tmp" && chmod 0440 "$tmp" && mv -f "$tmp" "$dst" || exit 4',
  'echo result=installed',
].join('\n');

export interface SudoersSpec {
  user: string;
  paths: Paths;
  /** The host runs the fleet's Headscale. */
  headscale: boolean;
  syncthing: boolean;
}

/** Lowercase only: an uppercase word (ALL, an alias name) would mean something else to sudoers. */
const USER_OK = /^[a-z_][a-z0-9_.-]*\$?$/;
const pathOf = (p: Paths, c: (typeof COMMANDS)[number]) => p[c] || `/usr/bin/${c}`;
/** sudoers needs `,` `:` `=` `\` escaped in command arguments. */
const esc = (s: string) => s.replace(/[\\,:=]/g, (c) => `\\${c}`);
const cmd = (p: Paths, argv: readonly string[]) => [pathOf(p, argv[0] as (typeof COMMANDS)[number]), ...argv.slice(1)].map(esc).join(' ');

/** The sudoers file. Deterministic: the same spec gives the same bytes (idempotent installs). */
export function sudoersContent(s: SudoersSpec): string {
  if (!USER_OK.test(s.user)) throw new MeshError('ErrSudoPassword', `prepare: cannot write a sudoers rule for the user name ${JSON.stringify(s.user)}`, { cause: 'prepare-user' });
  const groups: [string, string[]][] = [
    ['MESHTUI_TAILSCALE', [cmd(s.paths, ['tailscale', 'up', '*']), cmd(s.paths, ['systemctl', 'start', 'tailscaled'])]],
  ];
  if (s.headscale) {
    const hs = ['version -o json', 'users list -o json', 'nodes list -o json', 'preauthkeys create *'].map((a) => cmd(s.paths, ['headscale', ...a.split(' ')]));
    groups.push(['MESHTUI_HEADSCALE', hs]);
  }
  if (s.syncthing) groups.push(['MESHTUI_SYNCTHING', [cmd(s.paths, APT_UPDATE_ARGV), cmd(s.paths, APT_INSTALL_ARGV), cmd(s.paths, enableArgv(s.user))]]);
  return [
    '# Written by `meshtui prepare`: passwordless sudo for exactly the commands meshtui runs as root.',
    '# `meshtui prepare HOST --undo` removes this file. The tailscale installer is deliberately not here.',
    ...groups.map(([name, cmds]) => `Cmnd_Alias ${name} = ${cmds.join(', ')}`),
    `${s.user} ALL=(root) NOPASSWD: ${groups.map(([n]) => n).join(', ')}`,
    '',
  ].join('\n');
}

export function parseResolve(stdout: string): { user: string; uid: number | null; paths: Paths } {
  const paths: Paths = {};
  let user = '';
  let uid: number | null = null;
  for (const line of stdout.split('\n')) {
    const m = /^(user|uid|path\.([\w-]+))=(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === 'user') user = m[3]!;
    else if (m[1] === 'uid') uid = /^\d+$/.test(m[3]!) ? Number(m[3]) : null;
    else if ((COMMANDS as readonly string[]).includes(m[2]!) && m[3]!.startsWith('/')) paths[m[2] as (typeof COMMANDS)[number]] = m[3]!;
  }
  return { user, uid, paths };
}

export interface PrepareRequest {
  /** The sudo password; empty: `sudo -n` (a user who already has NOPASSWD). */
  password: string;
  undo: boolean;
  headscale: boolean;
  syncthing: boolean;
}

export interface PrepareResult {
  result: 'installed' | 'unchanged' | 'removed' | 'absent';
  user: string;
  content?: string;
  /** `sudo -n` now runs an allowed command without a password. */
  verified: boolean;
  detail: string;
}

const sudoWords = (password: string) => (password ? ['sudo', '-S', '-k', '-p', ''] : ['sudo', '-n']);
const pwLine = (password: string) => (password ? `${password}\n` : '');

export async function prepareHost(ctx: ProviderContext, req: PrepareRequest): Promise<PrepareResult> {
  if (req.password) ctx.addSecret(req.password);
  const resolved = await ctx.run([...sudoWords(req.password), 'sh', '-c', RESOLVE_SCRIPT, 'meshtui-prepare', ...COMMANDS], { stdin: pwLine(req.password) || undefined });
  if (resolved.code !== 0) throw prepareSudoError(ctx, resolved, req.password) ?? prepareError(ctx, 'resolving command paths as root', resolved.stderr + resolved.stdout, resolved.code);
  const { user, paths } = parseResolve(resolved.stdout);
  if (user === 'root') {
    return { result: 'unchanged', user, verified: true, detail: `${ctx.hostId}: the SSH user is root, which needs no sudo: nothing to prepare` };
  }
  const content = req.undo ? undefined : sudoersContent({ user, paths, headscale: req.headscale, syncthing: req.syncthing });
  const stdin = pwLine(req.password) + (content ? `${BEGIN}\n${content}${END}\n` : '');
  const res = await ctx.run([...sudoWords(req.password), 'sh', '-c', INSTALL_SCRIPT, 'meshtui-prepare', SUDOERS_PATH, req.undo ? 'undo' : 'install'], { stdin });
  if (res.code !== 0) {
    const sudo = prepareSudoError(ctx, res, req.password);
    if (sudo) throw sudo;
    if (res.code === 3) {
      throw new MeshError('ErrSudoPassword', `prepare: visudo rejected the sudoers file for ${ctx.hostId}; nothing was installed: ${firstLine(res.stderr).replace(/^visudo: /, '')}`, {
        cause: 'prepare-visudo',
        remedy: 'please report this (the file meshtui generates should always pass visudo); the existing sudo rules are untouched',
        detail: { content },
      });
    }
    throw prepareError(ctx, req.undo ? `removing ${SUDOERS_PATH}` : `installing ${SUDOERS_PATH}`, res.stderr + res.stdout, res.code);
  }
  const result = (/^result=(installed|unchanged|removed|absent)$/m.exec(res.stdout)?.[1] ?? 'installed') as PrepareResult['result'];
  if (req.undo) return { result, user, verified: false, detail: result === 'removed' ? `removed ${SUDOERS_PATH}` : `${SUDOERS_PATH} was not there` };
  const probe = paths.tailscale ? [paths.tailscale, 'up', '--help'] : [pathOf(paths, 'systemctl'), 'start', 'tailscaled'];
  const check = await ctx.run(['sudo', '-n', ...probe]);
  const refused = sudoFailure({ hostId: ctx.hostId }, check);
  const verified = refused === null;
  const what = result === 'unchanged' ? `${SUDOERS_PATH} already up to date` : `installed ${SUDOERS_PATH}`;
  const detail = verified
    ? `${what}: ${user} may run ${pathOf(paths, 'tailscale')} up and the rest without a password`
    : `${what}, but \`sudo -n ${probe.join(' ')}\` still refuses (${firstLine(check.stderr) || `exit ${check.code}`}): sudo uses the last matching rule, so a rule for ${user} read later (a file sorting after "meshtui" in /etc/sudoers.d, or lines after @includedir in /etc/sudoers) overrides this one; or /etc/sudoers lacks @includedir /etc/sudoers.d`;
  return { result, user, content, verified, detail };
}

/** sudo's own refusals, worded for prepare (which is the fix the engine's messages point to). */
function prepareSudoError(ctx: ProviderContext, res: RunResult, password: string): MeshError | null {
  const err = sudoFailure({ hostId: ctx.hostId, sudoPassword: password || undefined }, res);
  if (!err) return null;
  const host = ctx.hostId;
  switch (err.causeId) {
    case 'sudo-wrong-password':
      return new MeshError('ErrSudoPassword', `prepare: sudo on ${host} rejected the password; nothing was changed`, { cause: err.causeId, remedy: `run 'meshtui prepare ${host}' again with the SSH user's sudo password` });
    case 'sudo-password-required':
      return new MeshError('ErrSudoPassword', `prepare: sudo on ${host} wants a password and none was given`, { cause: err.causeId, remedy: 'type it at the prompt, or pipe it as one line on stdin' });
    case 'sudo-not-allowed':
      return new MeshError('ErrSudoPassword', `prepare: the SSH user on ${host} may not use sudo at all`, { cause: err.causeId, remedy: `add the user to the sudo group on ${host} (or connect as a user who may), then run prepare` });
    default:
      return err;
  }
}

function prepareError(ctx: ProviderContext, what: string, text: string, code: number): MeshError {
  return new MeshError('ErrSudoPassword', `prepare: ${what} failed on ${ctx.hostId} (exit ${code}): ${ctx.redact(firstLine(text)) || 'no output'}`, {
    cause: 'prepare-failed',
    remedy: `check that ${ctx.hostId} has sudo, visudo and a writable /etc/sudoers.d`,
  });
}
