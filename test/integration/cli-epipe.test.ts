/** A reader that goes away early (`meshtui status --file F | head -1`) ends meshtui quietly: no EPIPE trace. */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../harness/cli.js';

describe('piped output', () => {
  it('stops quietly when the reader closes the pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epipe-'));
    try {
      const big = join(dir, 'status.json');
      writeFileSync(big, execFileSync(process.execPath, ['bench/gen-status.mjs', '5000', '1'], { maxBuffer: 64 << 20 }));
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" status --file "${big}" | head -1; echo "rc=\${PIPESTATUS:-done}"`], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/status\.json: Running, tailnet example\.com, 5001 nodes/);
      expect(r.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
