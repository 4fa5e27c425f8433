import { describe, expect, it } from 'vitest';
import { initialNodeView, nodeViewReducer } from './node-view-state.js';
import { filterRows, headerText, layoutColumns, nodeDetail, parseStatus, rowText, sortRows, type NodeTableOk } from './nodes.js';
import { fixture, largeStatus } from './testing/fixtures.js';
import { scrollWindow } from './window.js';

const now = Date.parse('2026-08-22T14:05:00Z');
const ok = (json: string): NodeTableOk => {
  const t = parseStatus(json, { now });
  if (!t.ok) throw new Error(t.error);
  return t;
};

describe('parseStatus on the fixtures', () => {
  it('reads Self and every peer of a running SaaS node', () => {
    const t = ok(fixture('status-running.json'));
    expect(t.tailnet).toBe('example.com');
    expect(t.magicDNSSuffix).toBe('tail4f2a9c.ts.net');
    expect(t.backendState).toBe('Running');
    expect(t.health).toHaveLength(1);
    expect(t.rows.map((r) => r.hostName)).toEqual(['srv-web-01', 'DESKTOP-8J4QK2M', 'db-1', 'Bobs-MacBook-Pro']);
    const [self, win, db, mac] = t.rows as [typeof t.rows[0], typeof t.rows[0], typeof t.rows[0], typeof t.rows[0]];
    expect(self.self).toBe(true);
    expect(self.cells.conn).toBe('self');
    expect(self.dnsName).toBe('srv-web-01.tail4f2a9c.ts.net');
    expect(win.cells.conn).toBe('direct 203.0.113.77:41641');
    expect(db.cells.conn).toBe('relay fra');
    expect(db.cells.expiry).toBe('-'); // tagged: no KeyExpiry
    expect(db.tags).toEqual(['tag:server']);
    expect(db.user).toBe('tagged-devices');
    expect(win.cells.expiry).toBe('2026-11-01');
    expect(win.cells.ips).toBe('100.88.7.121');
    expect(win.ips).toEqual(['100.88.7.121', 'fd7a:115c:a1e0::3a01:779']);
    expect(mac.online).toBe(false);
    expect(mac.cells.seen).toBe('2d ago');
    expect(mac.user).toBe('bob@example.com');
  });

  it('handles headscale, peers=false, v1.78 (no PeerRelay), another tailnet and logged-out nodes', () => {
    expect(ok(fixture('status-running-headscale.json')).tailnet).toBe('hs.example.net');
    expect(ok(fixture('status-running-peers-false.json')).rows).toHaveLength(1);
    expect(ok(fixture('status-running-v1.78.json')).rows).toHaveLength(4);
    const other = ok(fixture('status-other-tailnet.json'));
    expect(other.rows[1]!.expired).toBe(true);
    expect(other.rows[1]!.cells.expiry).toBe('expired');
    for (const f of ['status-needslogin.json', 'status-needslogin-after-logout.json']) {
      const t = ok(fixture(f));
      expect(t.tailnet).toBeNull();
      expect(t.backendState).toBe('NeedsLogin');
      expect(t.rows).toHaveLength(1);
      expect(t.rows[0]!.cells.dns).toBe('-');
    }
  });
});

describe('parseStatus is defensive', () => {
  it('turns non-status input into one-line errors', () => {
    for (const bad of ['', 'not json', '[]', 'null', '42', '{"hello":1}']) {
      const t = parseStatus(bad);
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.error).not.toContain('\n');
    }
  });
  it('survives wrong types, nulls and missing fields', () => {
    const doc = {
      BackendState: 7,
      Self: { HostName: ['x'], TailscaleIPs: 'nope', Tags: [1, 'tag:ok', null], Online: 'yes', LastSeen: 12, KeyExpiry: 'garbage' },
      Peer: { a: null, b: 'str', c: { HostName: 'peer', CurAddr: null, Relay: 5, UserID: 'u' }, d: {} },
      User: [],
      CurrentTailnet: { Name: null },
      Health: null,
    };
    const t = ok(JSON.stringify(doc));
    expect(t.rows).toHaveLength(3);
    expect(t.skipped).toBe(2);
    expect(t.backendState).toBe('unknown');
    expect(t.rows[0]!.tags).toEqual(['tag:ok']);
    expect(t.rows[0]!.online).toBe(false);
    expect(t.rows[0]!.cells.host).toBe('* ?');
    expect(t.rows[1]!.cells.conn).toBe('-');
    expect(t.rows[2]!.cells.host).toBe('?');
    expect(t.health).toEqual([]);
    expect(t.tailnet).toBeNull();
    // peers as an array (not the real shape) still give rows
    expect(ok(JSON.stringify({ Peer: [{ HostName: 'p' }] })).rows[0]!.hostName).toBe('p');
  });
  it('strips escape sequences from every string', () => {
    const t = ok(JSON.stringify({ Self: { HostName: 'evil\u001b[2J\u001b]0;x\u0007' } }));
    expect(t.rows[0]!.hostName).toBe('evil');
  });
});

describe('sort, filter, layout', () => {
  const t = ok(fixture('status-running.json'));
  it('sorts by any column, either way, Self first', () => {
    expect(sortRows(t.rows, 'host', false).map((r) => r.hostName)).toEqual(['srv-web-01', 'Bobs-MacBook-Pro', 'db-1', 'DESKTOP-8J4QK2M']);
    expect(sortRows(t.rows, 'host', true).map((r) => r.hostName)).toEqual(['srv-web-01', 'DESKTOP-8J4QK2M', 'db-1', 'Bobs-MacBook-Pro']);
    expect(sortRows(t.rows, 'seen', false).at(-1)!.hostName).toBe('Bobs-MacBook-Pro');
    expect(sortRows(t.rows, 'ips', false).map((r) => r.ips[0])).toEqual(['100.101.42.17', '100.72.220.5', '100.88.7.121', '100.115.3.88']);
    expect(sortRows(t.rows, 'expiry', false)[1]!.hostName).toBe('DESKTOP-8J4QK2M');
  });
  it('filters on any visible text, every word', () => {
    expect(filterRows(t.rows, 'tag:server').map((r) => r.hostName)).toEqual(['srv-web-01', 'db-1']);
    expect(filterRows(t.rows, 'relay fra').map((r) => r.hostName)).toEqual(['db-1']);
    expect(filterRows(t.rows, 'macos').map((r) => r.hostName)).toEqual(['Bobs-MacBook-Pro']);
    expect(filterRows(t.rows, '  ')).toBe(t.rows);
  });
  it('lays columns out within the width, keeping the sort column', () => {
    for (const width of [40, 80, 120, 200]) {
      const l = layoutColumns(t, width, 'host');
      for (const r of t.rows) expect(2 + [...rowText(r, l)].length).toBeLessThanOrEqual(width);
      expect([...headerText(l, 'host', false)].length).toBeLessThanOrEqual(width);
    }
    const narrow = layoutColumns(t, 80, 'expiry');
    expect(narrow.cols.map((c) => c.id)).toContain('expiry');
    expect(narrow.hidden.length).toBeGreaterThan(0);
    expect(layoutColumns(t, 250, 'host').hidden).toEqual([]);
  });
  it('describes one node field by field', () => {
    const d = Object.fromEntries(nodeDetail(t.rows[2]!, now));
    expect(d['Key expiry']).toBe('none (tagged node)');
    expect(d.Connection).toBe('DERP relay fra');
    expect(d.Routes).toBe('10.20.0.0/24');
  });
});

describe('5,000 peers', () => {
  it('parses once into rows, then sorts, filters and windows quickly', () => {
    const json = largeStatus();
    let t0 = performance.now();
    const t = ok(json);
    const parseMs = performance.now() - t0;
    expect(t.rows).toHaveLength(5001);
    t0 = performance.now();
    const sorted = sortRows(t.rows, 'seen', true);
    const filtered = filterRows(sorted, 'linux');
    const layout = layoutColumns(t, 80, 'seen');
    const win = scrollWindow(0, 4000, filtered.length, 18);
    const lines = filtered.slice(win.start, win.end).map((r) => rowText(r, layout));
    const opsMs = performance.now() - t0;
    expect(lines).toHaveLength(18);
    expect(filtered.length).toBeGreaterThan(1000);
    expect(parseMs).toBeLessThan(1500);
    expect(opsMs).toBeLessThan(500);
  });
});

describe('node view state', () => {
  it('moves, sorts (picking the same column flips), filters', () => {
    let s = nodeViewReducer(initialNodeView, { type: 'move', delta: 5, total: 3 });
    expect(s.cursor).toBe(2);
    s = nodeViewReducer(s, { type: 'sort-pick', col: 'os' });
    expect(s).toMatchObject({ sortCol: 'os', desc: false, cursor: 0 });
    s = nodeViewReducer(s, { type: 'sort-pick', col: 'os' });
    expect(s.desc).toBe(true);
    s = nodeViewReducer(s, { type: 'sort-next', step: -1 });
    expect(s.sortCol).toBe('ips');
    s = nodeViewReducer(nodeViewReducer(s, { type: 'filter-start' }), { type: 'filter-type', text: 'db' });
    expect(s).toMatchObject({ filter: 'db', filterEditing: true });
    s = nodeViewReducer(s, { type: 'filter-clear' });
    expect(s.filter).toBe('');
    s = nodeViewReducer(s, { type: 'open', screen: 'detail' });
    s = nodeViewReducer(s, { type: 'scroll', delta: 10, max: 4 });
    expect(s.scroll).toBe(4);
    expect(nodeViewReducer(s, { type: 'back' }).screen).toBe('table');
  });
});
