/**
 * What each prompt says: the cause in a title, then the facts and the fix. Keys are not named here;
 * the prompt's footer comes from the keymap, like every other footer.
 */
import type { Line } from './detail.js';
import { target } from './detail.js';
import { liveHostIds } from './selectors.js';
import type { DashboardState, Prompt } from './types.js';

export interface PromptText {
  title: string;
  lines: Line[];
  /** A masked input line is shown under the text (sudo password). */
  secretLabel?: string;
}

const p = (text: string): Line => ({ text, tone: 'plain' });
const dim = (text: string): Line => ({ text, tone: 'dim' });
const warn = (text: string): Line => ({ text, tone: 'warn' });
const bad = (text: string): Line => ({ text, tone: 'bad' });
const ok = (text: string): Line => ({ text, tone: 'ok' });

function remedyText(s: DashboardState, pr: Extract<Prompt, { kind: 'remedy' }>): PromptText {
  const h = s.hosts[pr.hostId];
  const id = pr.hostId;
  const where = h ? `${id} (${target(h)})` : id;
  const r = pr.remedy;
  switch (r.kind) {
    case 'sudo-password':
      if (pr.stage === 'password') {
        return {
          title: `sudo password for ${where}`,
          lines: [dim('Kept in memory for this run only: never stored, logged or shown. Enter retries the host.')],
          secretLabel: 'password: ',
        };
      }
      if (pr.stage === 'prepare') {
        return {
          title: `Passwordless sudo for ${id}`,
          lines: [
            ...(pr.note ? [bad(`prepare failed: ${pr.note}`)] : []),
            p('Run this once, then provision the host again:'),
            warn(`  meshtui prepare ${id}`),
            dim('It allows only the tailscale commands meshtui runs, without a password.'),
            ...(s.features.prepare ? [p('meshtui can run it for you now: the sudo password is asked once, used for prepare only, never stored.')] : []),
          ],
        };
      }
      if (pr.stage === 'prepare-password') {
        return {
          title: `sudo password for ${where}, to run prepare`,
          lines: [dim(`Used once by meshtui prepare ${id}: never stored, logged or shown. Enter runs it.`)],
          secretLabel: 'password: ',
        };
      }
      if (pr.stage === 'preparing') {
        return { title: `Running meshtui prepare ${id}…`, lines: [dim('Writing /etc/sudoers.d/meshtui (checked by visudo), then checking that sudo -n works.')] };
      }
      if (pr.stage === 'prepared') {
        return {
          title: `${id}: passwordless sudo is set up`,
          lines: [ok(pr.note ?? 'prepare done'), p('Provision the host again: sudo -n now runs the tailscale commands without a password.')],
        };
      }
      return {
        title: `${id}: sudo wants a password`,
        lines: [
          p(`sudo on ${where} asks for a password, so tailscale cannot be installed or joined.`),
          p('Type it once for this run (never stored, logged or shown), or set up passwordless sudo with'),
          warn(`  meshtui prepare ${id}`),
        ],
      };
    case 'reset':
      if (pr.stage === 'confirm') {
        return {
          title: `Rejoin ${id} with --reset?`,
          lines: [p('Runs tailscale up --reset --force-reauth with the auth key: settings that are not in the config are dropped, and the node logs in again.')],
        };
      }
      return {
        title:
          r.why === 'accidental-revert'
            ? `${id}: tailscale up wants every non-default flag`
            : r.why === 'login-server-change'
              ? `${id}: the login server changed`
              : `${id}: logged in to another tailnet`,
        lines: [
          p(
            r.why === 'accidental-revert'
              ? 'The host has settings that differ from what meshtui asked for ("requires mentioning all non-default flags").'
              : r.why === 'login-server-change'
                ? 'The host is logged in to another control server; changing it needs --force-reauth.'
                : 'The host is a node of another tailnet; moving it needs a fresh login (--force-reauth).',
          ),
          p('The fix is a fresh join with --reset (confirm first).'),
          ...(h?.error?.remedy ? [dim(h.error.remedy)] : []),
        ],
      };
    case 'tags':
      return {
        title: `${id}: tags not permitted`,
        lines: [
          p(`The control server refused the tags ${r.tags.join(', ') || '(none named)'}.`),
          p("The tailnet policy's tagOwners must allow them for the auth key's owner (or the key must carry them)."),
          dim('Tailscale: admin console → Access controls → "tagOwners"; Headscale: the policy file. Then retry.'),
        ],
      };
    case 'auth-key':
      return {
        title: r.problem === 'missing' ? `${id}: no auth key in ${r.envVar}` : `${id}: the auth key was refused`,
        lines: [
          p(r.problem === 'missing' ? `${r.envVar} is not set in meshtui's environment.` : `The key in ${r.envVar} is invalid, expired or already used.`),
          p(`Create a new auth key (reusable for a fleet), set ${r.envVar} to it, and start meshtui again.`),
          ...(s.features.mint ? [p(`Or, since headscale: is set up, retry with a fresh pre-auth key minted on the Headscale host (${r.envVar} is ignored for that run).`)] : []),
          dim('The key itself is never shown here.'),
        ],
      };
    case 'host-key-unknown':
      return {
        title: `${id}: unknown SSH host key`,
        lines: [
          p(`${where} offers a host key that is not in known_hosts:`),
          warn(`  ${r.keyType ? `${r.keyType} ` : ''}${r.fingerprint}`),
          dim('Compare it with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host. Accepting adds it and retries.'),
        ],
      };
    case 'host-key-changed':
      return {
        title: `${id}: the SSH host key CHANGED, connection refused`,
        lines: [
          bad(`  known    ${r.known}`),
          bad(`  offered  ${r.offered}`),
          p('This can be an attack. If the host was reinstalled, verify the new key first.'),
          ...(h?.error?.remedy ? [dim(h.error.remedy)] : []),
        ],
      };
    case 'windows':
      return {
        title: `${id}: Windows needs an interactive join`,
        lines: [
          p('Tailscale on Windows joins only from an interactive session (RDP or console). Run there:'),
          warn(`  ${r.command ?? 'powershell -ExecutionPolicy Bypass -File C:\\temp\\join-mesh.ps1'}`),
          ...(h?.error?.remedy ? [dim(h.error.remedy)] : []),
          ...(s.features.script ? [p('The script can be shown again here; it never holds the key.')] : []),
        ],
      };
  }
}

export function promptText(s: DashboardState, pr: Prompt): PromptText {
  switch (pr.kind) {
    case 'remedy':
      return remedyText(s, pr);
    case 'hostkey': {
      const q = pr.question;
      return {
        title: `${q.host}: unknown SSH host key`,
        lines: [
          p(`${q.address}:${q.port} offers a key that is not in known_hosts:`),
          warn(`  ${q.keyType} ${q.fingerprint}`),
          dim('Accept to add it to known_hosts and continue; reject to stop this host.'),
        ],
      };
    }
    case 'confirm-quit': {
      const live = liveHostIds(s);
      const running = live.filter((id) => s.hosts[id]!.phase === 'running').length;
      return {
        title: 'Quit while a run is under way?',
        lines: [p(`${running} running, ${live.length - running} queued. Quitting cancels every host and closes its connection.`)],
      };
    }
    case 'confirm-rejoin': {
      const h = s.hosts[pr.hostId];
      return {
        title: `Rejoin ${pr.hostId}?`,
        lines: [
          p(`Forces a fresh join of ${h ? target(h) : pr.hostId}: tailscale up --reset --force-reauth with the auth key.`),
          dim('The node logs in again; settings that are not in the config are reset.'),
        ],
      };
    }
  }
}
