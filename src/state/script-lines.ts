/** A Windows host's join script as lines for its screen: where it is, what to run, then the text. */
import type { Line } from './detail.js';
import { wrapText } from './format.js';
import type { ScriptView } from './types.js';

export function scriptLines(v: ScriptView, width: number): Line[] {
  const w = Math.max(20, width);
  const out: Line[] = [];
  const push = (text: string, tone: Line['tone'], indent = 0) => {
    for (const l of wrapText(text, w - indent)) out.push({ text: ' '.repeat(indent) + l, tone });
  };
  push(`${v.hostId}: ${v.path}`, 'title');
  push(`Run it in an interactive session on ${v.hostId} (RDP or console), as the user meshtui connects as:`, 'plain');
  push(v.command, 'warn', 2);
  push('The auth key is not in the script: it is in a user-only file beside it, which the script deletes when it ends.', 'dim');
  out.push({ text: '', tone: 'plain' });
  for (const l of v.text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) push(l, 'plain');
  return out;
}
