import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, fixture } from '../../test/fake-commander.js';
import { assertMinVersion, normalizeVersion, parseVersionOutput, versionLine } from './version.js';

const EXPECTED: Record<string, string> = {
  'version-1.102.3-official.txt': '1.102.3',
  'version-1.44.0-official-old-tsgo.txt': '1.44.0',
  'version-1.78.1-official.txt': '1.78.1',
  'version-1.88.1-official.txt': '1.88.1',
  'version-daemon.txt': '1.102.3',
  'version-err-buildinfo.txt': '1.76.1',
  'version-go-build-from-git-main.txt': '1.103.0',
  'version-nixos-stamped.txt': '1.90.6',
  'version-openwrt-stamped-no-commit.txt': '1.94.2',
  'version-unstable-build_dist-dirty.txt': '1.101.250',
};

describe('tailscale version parsing', () => {
  const files = readdirSync(FIXTURES_DIR).filter((f) => /^version-.*\.txt$/.test(f) && !f.includes('stderr'));

  it('knows every version-*.txt fixture', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', (f) => {
    expect(parseVersionOutput(fixture(f)).version).toBe(EXPECTED[f]);
  });

  it.each([
    ['1.44.0-123-gabcd', '1.44.0'],
    ['1.78.0-1', '1.78.0'],
    ['1.103.0-dev20260822', '1.103.0'],
    ['1.76.1-ERR-BuildInfo', '1.76.1'],
    ['1.94.2-1 (OpenWrt)', '1.94.2'],
    ['v1.80.2', '1.80.2'],
    ['1.84.0-t160c11f37-gbf6042458', '1.84.0'],
  ])('strips %s → %s', (raw, want) => {
    expect(normalizeVersion(raw)).toBe(want);
  });

  it.each(['', 'garbage', '1.2', 'tailscale 1.2.3', '1.2.3x', 'unknown'])('rejects %j', (raw) => {
    expect(normalizeVersion(raw)).toBeNull();
  });

  it('ignores the version-skew warning (stderr fixture) even if it lands on stdout', () => {
    const merged = fixture('version-mismatch-warning.stderr.txt') + fixture('version-1.102.3-official.txt');
    expect(versionLine(merged)).toBe('1.102.3');
    expect(parseVersionOutput(merged).version).toBe('1.102.3');
  });

  it('unparseable → ErrInstallFailed with the spec text', () => {
    expect(() => parseVersionOutput('weird-build\n')).toThrow(
      expect.objectContaining({ code: 'ErrInstallFailed', message: 'tailscale provider: installation failed: cannot parse installed version weird-build' }),
    );
    expect(() => parseVersionOutput('')).toThrow(/cannot parse installed version \(empty output\)/);
  });

  it('compares with semver, not strings', () => {
    expect(() => assertMinVersion({ raw: '1.100.0', version: '1.100.0' }, '1.98.0')).not.toThrow();
    expect(() => assertMinVersion({ raw: '1.98.0', version: '1.98.0' }, '1.100.0')).toThrow(
      expect.objectContaining({
        code: 'ErrInstallFailed',
        message: 'tailscale provider: installation failed: installed version 1.98.0 is below minimum 1.100.0',
      }),
    );
    expect(() => assertMinVersion({ raw: '1.78.0', version: '1.78.0' }, '1.78.0')).not.toThrow();
    expect(() => assertMinVersion({ raw: '1.0.0', version: '1.0.0' }, undefined)).not.toThrow();
  });

  it('a dev build of the minimum counts as the minimum', () => {
    const v = parseVersionOutput(fixture('version-go-build-from-git-main.txt'));
    expect(() => assertMinVersion(v, '1.103.0')).not.toThrow();
  });
});
