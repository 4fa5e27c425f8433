/**
 * Catalogue entries of reaching and preparing a host: SSH (connect, host key, authentication,
 * commands), sudo, the OS, the installed version, the installer, tailscaled, and cancelling.
 * See catalogue.ts.
 */
import { tx, fx, type CatalogueEntry } from './catalogue-types.js';
import { INSTALLER_REASONS } from './install.js';

const ROOT_STEPS = ['install', 'join', 'mint-key', 'status'];

function installer(id: string, e: Pick<CatalogueEntry, 'examples' | 'sees'>): CatalogueEntry {
  const rule = INSTALLER_REASONS.find((r) => r.id === id);
  if (!rule) throw new Error(`catalogue: no INSTALLER_REASONS rule ${id}`);
  const fix = rule.remedy || "read the installer's last lines in the host's detail; to install by hand: https://tailscale.com/download/linux";
  return { cause: id, code: 'ErrInstallFailed', via: 'install', steps: ['install'], dashboard: null, fix, ...e };
}

const detect = (kernel: string, osRelease: string) => `kernel=${kernel}\nrelease=6.1.0\nuid=1000\nwsl=\n--- os-release\n${osRelease}`;

export const HOST_CAUSES: readonly CatalogueEntry[] = [
  // SSH: connect
  {
    cause: 'ssh-refused', code: 'ErrSSH', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('connect ECONNREFUSED 203.0.113.10:22')],
    sees: 'ssh: cannot connect to HOST:PORT: connection refused',
    fix: 'start sshd on the host (`sudo systemctl start ssh`), or fix the host\'s port:',
  },
  {
    cause: 'ssh-unreachable', code: 'ErrSSH', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('connect EHOSTUNREACH 203.0.113.10:22'), tx('connect ENETUNREACH 203.0.113.10:22')],
    sees: 'ssh: cannot connect to HOST:PORT: no route to host / network is unreachable',
    fix: 'check the address, the route or VPN, and that the machine is up',
  },
  {
    cause: 'ssh-dns', code: 'ErrSSH', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('getaddrinfo ENOTFOUND app-1.lan'), tx('getaddrinfo EAI_AGAIN app-1.lan')],
    sees: 'ssh: cannot resolve host name NAME: ENOTFOUND',
    fix: 'fix the address: (or HostName in ~/.ssh/config), or use the IP address',
  },
  {
    cause: 'ssh-timeout', code: 'ErrTimeout', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('timeout:tcp'), tx('connect ETIMEDOUT 203.0.113.10:22'), tx('Timed out while waiting for handshake')],
    sees: 'ssh: cannot connect to HOST:PORT: no answer within 10s (a port that drops packets)',
    fix: 'check the host is up and a firewall lets TCP 22 through (`ssh -v`); raise ssh.connect_timeout for slow links',
  },
  {
    cause: 'ssh-silent', code: 'ErrTimeout', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('timeout:banner'), tx('timeout:handshake'), tx('timeout:auth')],
    sees: 'ssh: HOST:PORT accepted the connection but did not answer within 10s',
    fix: 'check that the port is sshd (`ssh -v -p PORT user@HOST`), or raise ssh.connect_timeout',
  },
  {
    cause: 'ssh-not-ssh', code: 'ErrSSH', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('Invalid identification string'), tx('Bad packet length 1349676916'), tx('closed')],
    sees: 'ssh: HOST:PORT closed the connection or does not speak SSH',
    fix: 'check the port is sshd and accepts you (MaxStartups, fail2ban, AllowUsers): `ssh -v -p PORT user@HOST`',
  },
  {
    cause: 'ssh-handshake', code: 'ErrSSH', via: 'ssh', steps: ['connect'], dashboard: null,
    examples: [tx('Handshake failed: no matching key exchange algorithm')],
    sees: 'ssh: handshake with HOST:PORT failed: REASON',
    fix: 'see why with `ssh -v -p PORT user@HOST` (an old sshd may offer only retired algorithms)',
  },
  {
    cause: 'ssh-auth-failed', code: 'ErrSSH', via: 'ssh-auth', steps: ['connect'], dashboard: null,
    examples: [tx('no-key'), tx('encrypted')],
    sees: 'ssh: authentication failed for USER@HOST:PORT (tried: agent, ~/.ssh/id_ed25519)',
    fix: 'put your public key in ~USER/.ssh/authorized_keys (`ssh-copy-id`), or `ssh-add` a passphrase-protected key',
  },
  // SSH: host key
  {
    cause: 'host-key-unknown', code: 'ErrHostKey', via: 'host-key', steps: ['connect'], dashboard: 'host-key-unknown',
    examples: [tx('unknown-strict'), tx('unknown-ask', { needsAction: true })],
    sees: 'unknown host key for HOST (SHA256:…)',
    fix: 'verify the key, then `ssh-keyscan -p PORT HOST >> ~/.ssh/known_hosts` (or ssh.host_key_policy: accept-new)',
  },
  {
    cause: 'host-key-changed', code: 'ErrHostKey', via: 'host-key', steps: ['connect'], dashboard: 'host-key-changed',
    examples: [tx('changed')],
    sees: 'host key for HOST has changed: known SHA256:…, offered SHA256:…',
    fix: 'if the host was reinstalled, check the new key, then `ssh-keygen -R "HOST" -f ~/.ssh/known_hosts`',
  },
  {
    cause: 'host-key-revoked', code: 'ErrHostKey', via: 'host-key', steps: ['connect'], dashboard: null,
    examples: [tx('revoked')],
    sees: 'host key for HOST is revoked',
    fix: 'verify the host\'s new key and replace the @revoked entry in known_hosts',
  },
  {
    cause: 'host-key-rejected', code: 'ErrHostKey', via: 'host-key', steps: ['connect'], dashboard: 'host-key-unknown',
    examples: [tx('rejected')],
    sees: 'host key for HOST (SHA256:…) was not accepted',
    fix: 'verify the key (`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the host), then provision again and accept it',
  },
  {
    cause: 'known-hosts-unreadable', code: 'ErrHostKey', via: 'host-key', steps: ['connect'], dashboard: null,
    examples: [tx('unreadable')],
    sees: 'cannot read known_hosts FILE: EACCES / EISDIR',
    fix: 'make the file readable, or point ssh.known_hosts at another file',
  },
  // SSH: commands
  {
    cause: 'command-timeout', code: 'ErrTimeout', via: 'command', steps: ['install', 'join', 'verify', 'mint-key'], dashboard: null,
    examples: [tx('timeout')],
    sees: 'command timed out after 2m: tailscale up',
    fix: 'raise ssh.command_timeout, or run the command on the host by hand to see where it hangs',
  },
  {
    cause: 'connection-lost', code: 'ErrSSH', via: 'command', steps: ['install', 'join', 'verify', 'mint-key'], dashboard: null,
    examples: [tx('lost')],
    sees: 'ssh: connection to HOST lost during: tailscale up (after 2 reconnects)',
    fix: "check the host's network and sshd, then provision again (it reads the state first)",
  },
  // sudo
  {
    cause: 'sudo-password-required', code: 'ErrSudoPassword', via: 'sudo', needsAction: true, steps: ROOT_STEPS, dashboard: 'sudo-password',
    examples: [tx('sudo: a password is required'), tx('sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper')],
    sees: 'sudo: a password is required',
    fix: '`meshtui prepare HOST` once (passwordless sudo for the tailscale commands)',
  },
  {
    cause: 'sudo-wrong-password', code: 'ErrSudoPassword', via: 'sudo-typed', needsAction: true, steps: ROOT_STEPS, dashboard: 'sudo-password',
    examples: [tx('Sorry, try again.\nsudo: 1 incorrect password attempt')],
    sees: 'Sorry, try again. / incorrect password attempt',
    fix: 'type the right password, or `meshtui prepare HOST`',
  },
  {
    cause: 'sudo-not-allowed', code: 'ErrSudoPassword', via: 'sudo', steps: ROOT_STEPS, dashboard: null,
    examples: [tx('deploy is not in the sudoers file.  This incident will be reported.'), tx("Sorry, user deploy is not allowed to execute '/usr/bin/tailscale up' as root on app-1.")],
    sees: 'USER is not in the sudoers file',
    fix: 'give the user sudo rights (add it to the sudo group, then `meshtui prepare HOST`), or connect as root',
  },
  {
    cause: 'sudo-missing', code: 'ErrSudoPassword', via: 'sudo', steps: ROOT_STEPS, dashboard: null,
    examples: [tx('sh: 1: sudo: not found', { exit: 127 })],
    sees: 'sudo: not found (exit 127)',
    fix: 'install sudo on the host, or connect as root (user: root)',
  },
  // OS and version
  {
    cause: 'unsupported-linux', code: 'ErrUnsupportedOS', via: 'os', steps: ['install'], dashboard: null,
    examples: [tx(detect('Linux', 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\n')), tx(detect('Linux', 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n'))],
    sees: 'unsupported operating system (v1 supports Linux Debian/Ubuntu only), when tailscale must be installed',
    fix: 'install tailscale there yourself (https://tailscale.com/download/linux), then re-run; an installed tailscale is used as is',
  },
  {
    cause: 'unsupported-macos', code: 'ErrUnsupportedOS', via: 'os', steps: ['detect-os'], dashboard: null,
    examples: [tx(detect('Darwin', ''))],
    sees: 'unsupported operating system: HOST runs macOS',
    fix: 'v1 provisions Linux (and Windows) hosts only: remove the host from this run',
  },
  {
    cause: 'unsupported-bsd', code: 'ErrUnsupportedOS', via: 'os', steps: ['detect-os'], dashboard: null,
    examples: [tx(detect('FreeBSD', 'NAME=FreeBSD\nID=freebsd\nVERSION_ID=14.1\n'))],
    sees: 'unsupported operating system: HOST runs FreeBSD',
    fix: 'v1 provisions Linux (and Windows) hosts only: remove the host from this run',
  },
  {
    cause: 'os-undetected', code: 'ErrUnsupportedOS', via: 'os', steps: ['detect-os'], dashboard: null,
    examples: [tx('bash: sh: command not found', { exit: 127 })],
    sees: 'cannot detect the operating system of HOST (exit N: …)',
    fix: 'check that the host has a POSIX sh and uname for the SSH user',
  },
  {
    cause: 'version-below-minimum', code: 'ErrInstallFailed', via: 'version', steps: ['check-version'], dashboard: null,
    examples: [fx('version-1.44.0-official-old-tsgo.txt')],
    sees: 'installed version 1.44.0 is below minimum 1.78.0',
    fix: 'upgrade tailscale on the host (`sudo tailscale update` or the package manager); meshtui does not upgrade',
  },
  {
    cause: 'version-unparseable', code: 'ErrInstallFailed', via: 'version', steps: ['check-version'], dashboard: null,
    examples: [tx('tailscale: unknown build\n'), tx('')],
    sees: 'cannot parse installed version TEXT',
    fix: 'run `tailscale version` on the host; reinstall tailscale if it prints no X.Y.Z',
  },
  // The installer (INSTALLER_REASONS in install.ts)
  installer('installer-unsupported-os', {
    examples: [tx("Couldn't determine what kind of Linux is running.\nYou could try the static binaries at:\nhttps://pkgs.tailscale.com/stable/#static\n"), tx("debian 8 isn't supported by this script yet.\n")],
    sees: "Couldn't determine what kind of Linux is running / … isn't supported by this script yet",
  }),
  installer('installer-offline', {
    examples: [tx('The installer cannot reach https://pkgs.tailscale.com/\nPlease make sure that your machine has internet access.\nTest output:\ncurl: (6) Could not resolve host: pkgs.tailscale.com\n')],
    sees: 'The installer cannot reach https://pkgs.tailscale.com/',
  }),
  installer('no-downloader', {
    examples: [tx('meshtui: neither curl nor wget is installed', { exit: 91 }), tx('The installer needs either curl or wget to download files.')],
    sees: 'neither curl nor wget is installed',
  }),
  installer('download-failed', {
    examples: [tx('curl: (6) Could not resolve host: tailscale.com\nmeshtui: download of https://tailscale.com/install.sh failed', { exit: 90 })],
    sees: 'meshtui: download of https://tailscale.com/install.sh failed',
  }),
  installer('installer-needs-root', {
    examples: [tx("This installer needs to run commands as root.\nWe tried looking for 'sudo' and 'doas', but couldn't find them.\n")],
    sees: 'This installer needs to run commands as root',
  }),
  installer('installer-failed', {
    examples: [tx('+ apt-get install -y tailscale\nE: Unable to locate package tailscale\n', { exit: 100 }), tx('E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)', { exit: 100 })],
    sees: "any other installer failure: its error line (apt's E: …)",
  }),
  // tailscaled
  {
    cause: 'no-systemd', code: 'ErrInstallFailed', via: 'daemon-start', steps: ['join', 'verify'], dashboard: null,
    examples: [tx("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down")],
    sees: 'System has not been booted with systemd (typical in WSL)',
    fix: 'WSL: put "[boot]" and "systemd=true" in /etc/wsl.conf and `wsl --shutdown`; else start tailscaled by hand',
  },
  {
    cause: 'tailscaled-start-failed', code: 'ErrInstallFailed', via: 'daemon-start', steps: ['join', 'verify'], dashboard: null,
    examples: [tx('Job for tailscaled.service failed because the control process exited with error code.\nSee "systemctl status tailscaled.service" for details.'), tx('Failed to start tailscaled.service: Unit tailscaled.service not found.', { exit: 5 })],
    sees: 'tailscaled is not running and `systemctl start tailscaled` failed: its first line',
    fix: '`sudo systemctl status tailscaled` on the host says why; start it by hand',
  },
  // The operator
  {
    cause: 'cancelled', code: 'ErrCancelled', via: 'cancel', steps: ['connect', 'install', 'join', 'verify'], dashboard: null,
    examples: [tx('join'), tx('detect-os')],
    sees: 'cancelled during STEP (q / Ctrl-C / SIGINT)',
    fix: 'provision again when ready (it reads the host\'s state first)',
  },
];
