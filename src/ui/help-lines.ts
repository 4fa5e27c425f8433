/** `?`: every key of the dashboard and the node table, from their keymaps, as lines. */
import type { Line } from '../state/detail.js';
import { cell } from '../state/format.js';
import { DASHBOARD_KEYS } from './dashboard-keys.js';
import { helpRows } from './keymap.js';
import { NODE_KEYS } from './node-keys.js';

export function helpLines(): Line[] {
  const out: Line[] = [];
  const sections: [string, ReturnType<typeof helpRows>][] = [
    ['', helpRows(DASHBOARD_KEYS)],
    ['Node table: ', helpRows(NODE_KEYS)],
  ];
  for (const [prefix, rows] of sections) {
    let group = '';
    for (const r of rows) {
      if (r.group !== group) {
        group = r.group;
        out.push({ text: `${prefix}${group}`, tone: 'title' });
      }
      out.push({ text: `  ${cell(r.keys, 14)} ${r.text}${r.dangerous ? '  (asks first)' : ''}`, tone: r.dangerous ? 'warn' : 'plain' });
    }
  }
  return out;
}
