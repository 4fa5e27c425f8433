import { describe, it, expect } from 'vitest';
import { computeTags } from './tags.js';

const ts = {
  defaultTags: ['tag:stagecraft', 'tag:stagecraft-env-prod'],
  roleTags: { app: ['tag:stagecraft-app', 'tag:stagecraft'], db: ['tag:stagecraft-db'] },
};

describe('computeTags (spec §2.3: the core computes the union)', () => {
  it('unions default, role and plan tags, sorted and de-duplicated', () => {
    expect(computeTags(ts, { role: 'app', tags: ['tag:canary', 'tag:stagecraft'] })).toEqual([
      'tag:canary',
      'tag:stagecraft',
      'tag:stagecraft-app',
      'tag:stagecraft-env-prod',
    ]);
  });

  it('uses only default and plan tags when the host has no role or an unknown one', () => {
    expect(computeTags(ts, { tags: [] })).toEqual(['tag:stagecraft', 'tag:stagecraft-env-prod']);
    expect(computeTags(ts, { role: 'cache', tags: ['tag:x'] })).toEqual([
      'tag:stagecraft',
      'tag:stagecraft-env-prod',
      'tag:x',
    ]);
  });

  it('does not read inherited properties as roles', () => {
    expect(computeTags({ defaultTags: [], roleTags: {} }, { role: 'constructor', tags: [] })).toEqual([]);
    expect(computeTags({ defaultTags: [], roleTags: {} }, { role: '__proto__', tags: [] })).toEqual([]);
  });

  it('sorts by code unit like Go (uppercase before lowercase), not by locale', () => {
    expect(computeTags({ defaultTags: ['tag:b', 'tag:B', 'tag:a-1', 'tag:a'], roleTags: {} }, { tags: [] })).toEqual([
      'tag:B',
      'tag:a',
      'tag:a-1',
      'tag:b',
    ]);
  });

  it('is empty when nothing is configured', () => {
    expect(computeTags({ defaultTags: [], roleTags: {} }, { role: 'app', tags: [] })).toEqual([]);
  });
});
