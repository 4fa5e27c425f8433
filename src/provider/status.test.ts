import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, fixture } from '../../test/fake-commander.js';
import type { TailscaleConfig } from '../config/types.js';
import { joinState, tailnetMismatch, tagMismatch } from './checks.js';
import { isJoined, parseStatus, tailnetSuffix } from './status.js';

const cfg = (tailnetDomain: string): TailscaleConfig => ({
  authKeyEnv: 'TS_AUTHKEY',
  tailnetDomain,
  defaultTags: [],
  roleTags: {},
  install: { method: 'auto', scriptUrl: 'https://tailscale.com/install.sh' },
});

type Want = { state: string; suffix: string; tags: string[]; online: boolean; peers: number; backend: string };
const EXPECTED: Record<string, Want> = {
  'status-running.json': { state: 'Running', suffix: 'tail4f2a9c.ts.net', tags: ['tag:server', 'tag:web'], online: true, peers: 3, backend: 'Running' },
  'status-running-v1.78.json': { state: 'Running', suffix: 'tail4f2a9c.ts.net', tags: ['tag:server', 'tag:web'], online: true, peers: 3, backend: 'Running' },
  'status-running-peers-false.json': { state: 'Running', suffix: 'tail4f2a9c.ts.net', tags: ['tag:server', 'tag:web'], online: true, peers: 0, backend: 'Running' },
  'status-running-headscale.json': { state: 'Running', suffix: 'ts.example.net', tags: ['tag:server'], online: true, peers: 1, backend: 'Running' },
  'status-other-tailnet.json': { state: 'Running', suffix: 'tail9e8d7c.ts.net', tags: [], online: true, peers: 1, backend: 'Running' },
  'status-needslogin.json': { state: 'NeedsLogin', suffix: '', tags: [], online: false, peers: 0, backend: 'NeedsLogin' },
  'status-needslogin-after-logout.json': { state: 'NeedsLogin', suffix: '', tags: [], online: false, peers: 0, backend: 'NeedsLogin' },
};

describe('tailscale status --json parsing', () => {
  const files = readdirSync(FIXTURES_DIR).filter((f) => /^status-.*\.json$/.test(f));

  it('knows every status-*.json fixture', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', (f) => {
    const text = fixture(f);
    expect(text.endsWith('\n')).toBe(false); // the CLI prints no trailing newline
    const st = parseStatus(text);
    const want = EXPECTED[f]!;
    expect(st.backendState).toBe(want.backend);
    expect(tailnetSuffix(st)).toBe(want.suffix);
    expect(st.self.tags).toEqual(want.tags);
    expect(st.self.online).toBe(want.online);
    expect(st.peers).toHaveLength(want.peers);
    expect(isJoined(st)).toBe(want.suffix !== '');
    if (!isJoined(st)) expect(st.tailnet).toBeNull();
  });

  it('Self is present even when logged out; untagged Self has no Tags key', () => {
    const st = parseStatus(fixture('status-needslogin-after-logout.json'));
    expect(st.self.hostName).toBe('srv-web-02');
    expect(st.self.dnsName).toBe('');
    expect(JSON.parse(fixture('status-other-tailnet.json')).Self.Tags).toBeUndefined();
  });

  it('strips the trailing dot of DNSName', () => {
    expect(parseStatus(fixture('status-running.json')).self.dnsName).toBe('srv-web-01.tail4f2a9c.ts.net');
  });

  it.each([
    ['truncated', fixture('status-running.json').slice(0, 500)],
    ['not JSON', 'Tailscale is stopped.'],
    ['empty', ''],
    ['an array', '[1,2]'],
    ['Self null', '{"Self": null}'],
    ['Self missing', '{"BackendState":"Running"}'],
  ])('%s → one clear line naming the command', (_name, text) => {
    let err: unknown;
    try {
      parseStatus(text);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ErrSSH' });
    const msg = (err as Error).message;
    expect(msg).toContain('`tailscale status --json`');
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThan(300);
  });

  it('wrong types degrade to absent, bounded', () => {
    const st = parseStatus(
      JSON.stringify({ Self: { Tags: 'tag:a', Online: 'yes', TailscaleIPs: 5, DNSName: 7 }, CurrentTailnet: 'x', Peer: [1], Health: null, MagicDNSSuffix: 'a.ts.net' }),
    );
    expect(st.self.tags).toEqual(['tag:a']);
    expect(st.self.online).toBe(false);
    expect(st.self.tailscaleIPs).toEqual([]);
    expect(st.tailnet).toBeNull();
    expect(st.peers).toEqual([]);
    expect(st.health).toEqual([]);
    expect(tailnetSuffix(st)).toBe('a.ts.net'); // falls back to the top-level MagicDNSSuffix
  });

  it('tolerates a stray line before the JSON', () => {
    const st = parseStatus('Warning: client version "1" != tailscaled server version "2"\n' + fixture('status-running.json'));
    expect(st.backendState).toBe('Running');
  });

  it('handles a 2000-peer status quickly', async () => {
    const { execFileSync } = await import('node:child_process');
    const big = execFileSync(process.execPath, [FIXTURES_DIR + 'gen-large-status.mjs', '2000', '1'], { maxBuffer: 64 << 20 }).toString();
    const t0 = performance.now();
    const st = parseStatus(big);
    expect(st.peers.length).toBe(2000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('joined correctly? (tailnet by MagicDNS suffix, tags by subset)', () => {
  const running = parseStatus(fixture('status-running.json'));

  it('right tailnet, expected tags a subset → ok (extras allowed)', () => {
    expect(joinState(running, cfg('tail4f2a9c.ts.net'), ['tag:web']).kind).toBe('ok');
    expect(joinState(running, cfg('TAIL4F2A9C.ts.net'), []).kind).toBe('ok');
  });

  it('wrong tailnet → the spec words with first labels', () => {
    const s = joinState(parseStatus(fixture('status-other-tailnet.json')), cfg('tail4f2a9c.ts.net'), [], 'web-1');
    expect(s.kind).toBe('other-tailnet');
    if (s.kind !== 'other-tailnet') return;
    expect(s.error.code).toBe('ErrTailnetMismatch');
    expect(s.error.message).toBe('tailscale provider: host is in tailnet tail9e8d7c, expected tail4f2a9c');
    expect(s.error.remedy).toContain("meshtui rejoin web-1");
    expect(s.error.remedy).toContain('carol.personal@gmail.com');
  });

  it('same first label → whole suffixes', () => {
    expect(tailnetMismatch('ts.a.net', 'ts.b.net').message).toBe('tailscale provider: host is in tailnet ts.a.net, expected ts.b.net');
    expect(tailnetMismatch('othercorp.ts.net', 'example.ts.net').message).toBe('tailscale provider: host is in tailnet othercorp, expected example');
  });

  it('missing tags → the spec words, lists as [tag:a tag:b]', () => {
    const s = joinState(running, cfg('tail4f2a9c.ts.net'), ['tag:db', 'tag:server']);
    expect(s.kind).toBe('tags');
    if (s.kind !== 'tags') return;
    expect(s.error.message).toBe('tailscale provider: host tags [tag:server tag:web] do not match expected [tag:db tag:server]');
    expect(s.error.detail).toMatchObject({ missing: ['tag:db'] });
    expect(tagMismatch([], ['tag:a']).message).toBe('tailscale provider: host tags [] do not match expected [tag:a]');
  });

  it('tags are case-sensitive', () => {
    expect(joinState(running, cfg('tail4f2a9c.ts.net'), ['tag:Web']).kind).toBe('tags');
  });

  it('logged out → not joined (not an error)', () => {
    expect(joinState(parseStatus(fixture('status-needslogin.json')), cfg('x.ts.net'), []).kind).toBe('not-joined');
  });

  it('offline with the right config → ok (spec)', () => {
    const j = JSON.parse(fixture('status-running.json'));
    j.Self.Online = false;
    expect(joinState(parseStatus(JSON.stringify(j)), cfg('tail4f2a9c.ts.net'), ['tag:server']).kind).toBe('ok');
  });

  it('NeedsMachineAuth → needs approval', () => {
    const j = JSON.parse(fixture('status-running.json'));
    j.BackendState = 'NeedsMachineAuth';
    expect(joinState(parseStatus(JSON.stringify(j)), cfg('tail4f2a9c.ts.net'), []).kind).toBe('needs-approval');
  });

  it('Headscale: suffix is dns.base_domain, not the server name', () => {
    const st = parseStatus(fixture('status-running-headscale.json'));
    expect(st.tailnet?.name).toBe('hs.example.net');
    expect(joinState(st, cfg('ts.example.net'), ['tag:server']).kind).toBe('ok');
  });
});
