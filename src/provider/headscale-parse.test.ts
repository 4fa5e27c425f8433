import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fake-commander.js';
import {
  findNode,
  HEADSCALE_KEY,
  headscaleReason,
  parseCreatedKey,
  parseHeadscaleVersion,
  parseNodes,
  parseUsers,
  USER_ID_WANTED,
  versionAtLeast,
} from './headscale-parse.js';

describe('headscale output parsing (FORMATS.md §5 fixtures)', () => {
  it('reads .key from create -o json, old and new shapes; never greps tskey-', () => {
    expect(parseCreatedKey(fixture('headscale-preauthkey-create-json-v0.23.json'))).toBe('3f1c9a7e5b2d8046e1a9c3f5b7d2e4a6c8b0d1f3e5a7c902');
    const v29 = parseCreatedKey(fixture('headscale-preauthkey-create-json-v0.29.json'))!;
    expect(v29).toMatch(/^hskey-auth-4e1a9c07b3d2-/);
    expect(HEADSCALE_KEY.test(v29)).toBe(true);
    // Plain output (no -o): the bare key line.
    expect(parseCreatedKey(fixture('headscale-preauthkey-v0.22-to-v0.27.txt'))).toBe('3f1c9a7e5b2d8046e1a9c3f5b7d2e4a6c8b0d1f3e5a7c902');
    expect(parseCreatedKey(fixture('headscale-preauthkey-v0.28plus.txt'))).toMatch(/^hskey-auth-/);
  });

  it('is not confused by log lines: zerolog JSON on stdout before the result, WRN text anywhere', () => {
    const logs = '{"level":"warn","time":"2026-08-22T14:10:03Z","message":"An updated version of Headscale has been found"}\n';
    expect(parseCreatedKey(logs + fixture('headscale-preauthkey-create-json-v0.29.json'))).toMatch(/^hskey-auth-/);
    expect(parseCreatedKey(fixture('headscale-update-warning.stderr.txt') + fixture('headscale-preauthkey-create-json-v0.23.json'))).toMatch(/^3f1c/);
    expect(parseNodes(logs + fixture('headscale-nodes.json'))).toHaveLength(3);
    expect(parseCreatedKey(fixture('headscale-update-warning.stderr.txt'))).toBeUndefined();
  });

  it('nodes list: v0.29 `tags`, v0.23 forced/valid tags and string user ids', () => {
    const v29 = parseNodes(fixture('headscale-nodes.json'))!;
    expect(v29.map((n) => [n.id, n.givenName, n.user, n.tags, n.online])).toEqual([
      ['1', 'laptop-alice', 'alice', [], true],
      ['2', 'desktop-8j4qk2m', 'alice', [], false],
      ['3', 'srv-web-01', 'tagged-devices', ['tag:server'], true],
    ]);
    const v23 = parseNodes(fixture('headscale-nodes-v0.23.json'))!;
    expect(v23[0]).toMatchObject({ id: '1', givenName: 'srv-web-01', user: 'alice', tags: ['tag:server'], online: true, ips: ['100.64.0.1', 'fd7a:115c:a1e0::1'] });
    expect(parseNodes('null\n')).toEqual([]);
    expect(parseNodes('Error: something\n')).toBeUndefined();
  });

  it('finds a node by given_name first, then by hostname; the newest of duplicates', () => {
    const nodes = parseNodes(fixture('headscale-nodes.json'))!;
    expect(findNode(nodes, 'srv-web-01')?.id).toBe('3');
    expect(findNode(nodes, 'DESKTOP-8J4QK2M')?.id).toBe('2');
    expect(findNode(nodes, 'nope')).toBeUndefined();
    const dup = [...nodes, { ...nodes[2]!, id: '9', givenName: 'srv-web-01' }];
    expect(findNode(dup, 'srv-web-01')?.id).toBe('9');
  });

  it('users list: string ids (≤0.23) and numbers; null', () => {
    expect(parseUsers(fixture('headscale-users.json'))).toEqual([{ id: '1', name: 'alice' }, { id: '2', name: 'bob' }]);
    expect(parseUsers('[\n\t{\n\t\t"id": "1",\n\t\t"name": "alice"\n\t}\n]\n')).toEqual([{ id: '1', name: 'alice' }]);
    expect(parseUsers('null\n')).toEqual([]);
  });

  it('versions: plain, JSON, multi-line; comparisons', () => {
    expect(parseHeadscaleVersion('v0.22.3\n')).toBe('0.22.3');
    expect(parseHeadscaleVersion('{\n\t"commit": "abc",\n\t"version": "v0.29.0"\n}\n')).toBe('0.29.0');
    expect(parseHeadscaleVersion('headscale version v0.28.0-beta.1\ncommit: abc\ngo: go1.25.1\n')).toBe('0.28.0');
    expect(parseHeadscaleVersion('{"version": "dev"}')).toBeNull();
    expect(versionAtLeast('0.26.1', '0.26.0')).toBe(true);
    expect(versionAtLeast('0.25.9', '0.26.0')).toBe(false);
    expect(versionAtLeast(null, '0.1.0')).toBe(false);
  });

  it('recognises the name-instead-of-id refusal and extracts readable reasons', () => {
    const err = fixture('headscale-preauthkey-user-name-on-v0.26plus.stderr.txt');
    expect(USER_ID_WANTED.test(err)).toBe(true);
    expect(headscaleReason(err)).toBe('Error: invalid argument "alice" for "-u, --user" flag: strconv.ParseUint: parsing "alice": invalid syntax');
    expect(headscaleReason(`${fixture('headscale-update-warning.stderr.txt')}2026-08-22T14:10:04Z FTL Could not connect: context deadline exceeded error="context deadline exceeded"\n`)).toBe(
      'Could not connect: context deadline exceeded error="context deadline exceeded"',
    );
    expect(headscaleReason('{\n\t"error": "Cannot create Pre Auth Key: user not found"\n}\n')).toBe('Cannot create Pre Auth Key: user not found');
  });
});
