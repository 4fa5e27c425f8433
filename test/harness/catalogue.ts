/**
 * The fleet's hosts: how each is reached and what its simulated machine looks like, with the outcome
 * `meshtui provision` should give (with the fleet's meshtui.yml: default_tags [tag:meshtui],
 * min_version 1.78.0, host_key_policy strict).
 */
import { installedHost, joinedHost, makeHost, OS_RELEASE, TAILNETS, UNAME, type SimHost } from '../../src/sim/index.js';
import { ONE_OFF_KEY, TEST_AUTH_KEY, USER_NOPW, USER_PW } from './paths.js';
import { WINDOWS_TEMPLATES } from './windows-catalogue.js';

export type Reach = 'sshd' | 'closed' | 'silent';
/** How the host's key appears in known_hosts. */
export type KnownHosts = 'plain' | 'hashed' | 'missing' | 'wrong';

export interface HostSpec {
  id: string;
  user: string;
  role?: string;
  reach: Reach;
  knownHosts: KnownHosts;
  /** The simulated machine (unused for closed/silent). */
  sim: SimHost;
  /** What provisioning this host should end in. */
  expect: string;
  /** A Windows host: sshd hands commands to win-shell (cmd.exe / PowerShell), not sh. */
  shell?: 'windows';
  /** The host's `os:` in meshtui.yml (default: not written, i.e. auto). */
  os?: 'auto' | 'linux' | 'windows' | 'wsl';
}

const KEYS = { validKeys: [TEST_AUTH_KEY, ONE_OFF_KEY], reusableKeys: [TEST_AUTH_KEY] } satisfies Partial<SimHost>;

type Template = Omit<HostSpec, 'id' | 'sim'> & { sim: (id: string) => SimHost };

const T = (t: Partial<Template> & Pick<Template, 'sim' | 'expect'>): Template => ({
  user: USER_NOPW,
  reach: 'sshd',
  knownHosts: 'plain',
  ...t,
});

export const CATALOGUE: Record<string, Template> = {
  fresh: T({ role: 'app', sim: (id) => makeHost(id, KEYS), expect: 'ok: installs 1.102.3, joins example with tag:meshtui,tag:meshtui-app' }),
  joined: T({
    knownHosts: 'hashed',
    sim: (id) => joinedHost(id, TAILNETS.example, ['tag:meshtui'], KEYS),
    expect: 'unchanged: already Running in example with tag:meshtui (no `up` in argv.log)',
  }),
  old: T({ sim: (id) => installedHost(id, { ...KEYS, version: '1.70.0' }), expect: 'failed ErrInstallFailed: installed version 1.70.0 is below minimum 1.78.0' }),
  other: T({
    sim: (id) => joinedHost(id, TAILNETS.othercorp, ['tag:meshtui'], KEYS),
    expect: 'failed ErrTailnetMismatch: host is in tailnet othercorp, expected example',
  }),
  denied: T({ sim: (id) => installedHost(id, { ...KEYS, permittedTags: ['tag:other'] }), expect: 'failed ErrTagMismatch (control: requested tags [tag:meshtui] are invalid or not permitted)' }),
  badkey: T({ sim: (id) => installedHost(id, { validKeys: [] }), expect: 'failed ErrAuthKeyInvalid: invalid or expired auth key (control: API key does not exist)' }),
  sudopw: T({ user: USER_PW, sim: (id) => installedHost(id, KEYS), expect: 'needs-action ErrSudoPassword (sudo: a password is required)' }),
  alpine: T({ sim: (id) => makeHost(id, { ...KEYS, osRelease: OS_RELEASE.alpine321, uname: UNAME.alpine }), expect: 'failed ErrUnsupportedOS (Alpine; the real installer would support it, v1 does not)' }),
  closed: T({ reach: 'closed', knownHosts: 'missing', sim: (id) => makeHost(id), expect: 'failed ErrSSH: connection refused' }),
  silent: T({ reach: 'silent', knownHosts: 'missing', sim: (id) => makeHost(id), expect: 'failed ErrTimeout within connect_timeout (2s)' }),
  ubuntu: T({ role: 'db', knownHosts: 'hashed', sim: (id) => makeHost(id, { ...KEYS, osRelease: OS_RELEASE.ubuntu2404 }), expect: 'ok: installs, joins with tag:meshtui,tag:meshtui-db' }),
  changedkey: T({ knownHosts: 'wrong', sim: (id) => makeHost(id, KEYS), expect: 'failed ErrHostKey: the host key does not match known_hosts' }),
  unknownkey: T({ knownHosts: 'missing', sim: (id) => makeHost(id, KEYS), expect: 'failed ErrHostKey (strict: host not in known_hosts); ok with accept-new' }),
  macos: T({ sim: (id) => makeHost(id, { ...KEYS, osRelease: null, uname: UNAME.darwin }), expect: 'failed ErrUnsupportedOS (Darwin, no /etc/os-release)' }),
};

export const DEFAULT_HOSTS = Object.keys(CATALOGUE);

/** A host spec from the catalogue (`template` defaults to the id itself). */
export function hostSpec(id: string, template = id): HostSpec {
  const t = CATALOGUE[template] ?? WINDOWS_TEMPLATES[template];
  if (!t) throw new Error(`unknown fleet host template ${template}`);
  return { ...t, id, sim: t.sim(id) };
}
