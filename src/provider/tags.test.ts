import { describe, expect, it } from 'vitest';
import type { TailscaleConfig } from '../config/types.js';
import { computeHostTags, formatTags, missingTags, normalizeTags } from './tags.js';

const cfg = { defaultTags: ['tag:stagecraft'], roleTags: { app: ['tag:app', 'tag:stagecraft'] } } as unknown as TailscaleConfig;

describe('tags', () => {
  it('sorted union of default, role and host tags', () => {
    expect(computeHostTags(cfg, { role: 'app', tags: ['tag:extra'] })).toEqual(['tag:app', 'tag:extra', 'tag:stagecraft']);
    expect(computeHostTags(cfg, { tags: [] })).toEqual(['tag:stagecraft']);
    expect(computeHostTags(cfg, { role: 'nope', tags: [] })).toEqual(['tag:stagecraft']);
  });

  it('host tags without tag: are a config error', () => {
    expect(() => computeHostTags(cfg, { tags: ['extra'] })).toThrow('tailscale provider: invalid config: tag extra must start with tag: prefix');
    expect(() => normalizeTags(['tag:'])).toThrow(/must start with tag: prefix/);
  });

  it('formats like Go %v and checks subsets', () => {
    expect(formatTags(['tag:a', 'tag:b'])).toBe('[tag:a tag:b]');
    expect(formatTags([])).toBe('[]');
    expect(missingTags(['tag:a', 'tag:x'], ['tag:a', 'tag:b'])).toEqual(['tag:b']);
  });
});
