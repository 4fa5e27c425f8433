/** Mount the real dashboard / node table on a fake terminal (Ink debug mode: whole frames). */
import { renderDashboard, renderNodeTable } from '../render.js';
import type { DashboardServices } from '../services.js';
import { makeTerm } from './term.js';

export function mountDashboard(svc: DashboardServices, o: { columns?: number; rows?: number; env?: Record<string, string> } = {}) {
  const t = makeTerm(o.columns ?? 80, o.rows ?? 24);
  const done = renderDashboard(svc, { ...t.streams, debug: true, env: o.env ?? {}, configPath: './meshtui.yml' });
  /** The live region: from the header down (finished hosts in <Static> are printed above it). */
  const live = () => {
    const lines = t.frame().split('\n');
    const at = lines.findIndex((l) => l.startsWith('meshtui  '));
    return at < 0 ? lines : lines.slice(at);
  };
  return { ...t, done, live };
}

export function mountNodeTable(json: string, o: { columns?: number; rows?: number; title?: string } = {}) {
  const t = makeTerm(o.columns ?? 80, o.rows ?? 24);
  const done = renderNodeTable(json, { ...t.streams, debug: true, env: {}, title: o.title ?? 'status.json' });
  return { ...t, done };
}
