/**
 * `tailscale version` parsing (spec §2.2, FORMATS.md §2).
 *
 * Reality: line 1 is always `version.Short()` (`1.102.3`); the long form (`1.102.3-t…-g…`) only ever
 * appears on the `long version:` line, in Status.Version or with --daemon. So only the FIRST line is
 * the version. We still strip suffixes the spec lists (`1.44.0-123-gabcd`, `1.78.0-1`), dev builds
 * (`1.103.0-dev20260822`), unstamped builds (`1.76.1-ERR-BuildInfo`) and distro stamps
 * (`1.94.2-1 (OpenWrt)`), and tolerate `Client: ` (from `version --daemon`) and a version-skew
 * `Warning:` line should one ever land on stdout (it is printed on stderr).
 * Versions are compared with semver, never as strings ("1.100.0" > "1.98.0").
 */
import semver from 'semver';
import { MeshError } from './errors.js';

export interface InstalledVersion {
  /** The first line as printed (bounded), for messages. */
  raw: string;
  /** MAJOR.MINOR.PATCH */
  version: string;
}

const CORE = /^v?(\d+)\.(\d+)\.(\d+)(?=$|[-+~_.\s(])/;

/** `1.44.0-123-gabcd` → `1.44.0`; null when the text does not start with X.Y.Z. */
export function normalizeVersion(text: string): string | null {
  const m = CORE.exec(text.trim());
  if (!m) return null;
  const v = `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}`;
  return semver.valid(v);
}

/** The version line: the first non-empty stdout line that is not a warning, without `Client: `. */
export function versionLine(stdout: string): string {
  for (const line of stdout.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || /^warning:/i.test(t)) continue;
    return t.replace(/^Client:\s*/, '').slice(0, 120);
  }
  return '';
}

export function parseVersionOutput(stdout: string): InstalledVersion {
  const raw = versionLine(stdout);
  const version = normalizeVersion(raw);
  if (!version) {
    throw new MeshError(
      'ErrInstallFailed',
      `tailscale provider: installation failed: cannot parse installed version ${raw || '(empty output)'}`,
      {
        cause: 'version-unparseable',
        remedy: "run 'tailscale version' on the host: its first line should be X.Y.Z; reinstall tailscale if it is not",
        detail: { output: stdout.slice(0, 500) },
      },
    );
  }
  return { raw, version };
}

/** Spec §2.2: below min_version is an error, and there is no automatic upgrade. */
export function assertMinVersion(v: InstalledVersion, minVersion: string | undefined): void {
  if (!minVersion) return;
  if (semver.lt(v.version, minVersion)) {
    throw new MeshError(
      'ErrInstallFailed',
      `tailscale provider: installation failed: installed version ${v.version} is below minimum ${minVersion}`,
      {
        cause: 'version-below-minimum',
        remedy: `upgrade tailscale on the host (e.g. 'sudo tailscale update' or the package manager); meshtui does not upgrade automatically`,
        detail: { actual: v.version, min: minVersion },
      },
    );
  }
}
