/** Headless output: plain lines (`HOST STEP STATUS [detail]`) or newline-delimited JSON (CONTRACT.md). */
import type { EngineEvent, HostResult } from '../provider/events.js';
import type { Redactor } from '../redact.js';
import { redactDeep } from '../redact.js';

export interface Printer {
  event(e: EngineEvent): void;
  summary(results: HostResult[]): void;
}

type Write = (s: string) => void;

export function jsonPrinter(write: Write, redact: Redactor): Printer {
  return {
    event(e) {
      if (e.type !== 'step') return;
      const line: Record<string, unknown> = { type: 'step', host: e.host, step: e.step, status: e.status };
      if (e.detail) line.detail = e.detail;
      if (e.durationMs !== undefined) line.durationMs = e.durationMs;
      if (e.error) line.error = { code: e.error.code, message: e.error.message };
      line.runId = e.runId;
      line.at = new Date(e.at).toISOString();
      write(JSON.stringify(redactDeep(line, redact)) + '\n');
    },
    summary(results) {
      const hosts = results.map((r) => ({
        id: r.id,
        status: r.status,
        fqdn: r.fqdn,
        changed: r.changed,
        error: r.error ? { code: r.error.code, message: r.error.message, ...(r.error.remedy ? { remedy: r.error.remedy } : {}) } : null,
      }));
      write(JSON.stringify(redactDeep({ type: 'summary', hosts }, redact)) + '\n');
    },
  };
}

function secs(ms: number | undefined): string {
  return ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)}s)`;
}

export function plainPrinter(write: Write, redact: Redactor): Printer {
  return {
    event(e) {
      if (e.type !== 'step') return;
      const detail = e.error ? `${e.error.code}: ${e.error.message}` : (e.detail ?? '');
      write(redact(`${e.host} ${e.step} ${e.status}${detail ? ' ' + oneLine(detail) : ''}${secs(e.durationMs)}`) + '\n');
    },
    summary(results) {
      const width = Math.max(4, ...results.map((r) => r.id.length));
      const lines = ['', 'summary:'];
      for (const r of results) {
        const what = r.error ? `${r.error.code}: ${oneLine(r.error.message)}` : (r.fqdn ?? '');
        lines.push(`  ${r.id.padEnd(width)}  ${r.status.padEnd(12)}  ${what}`);
        if (r.error?.remedy) lines.push(`  ${''.padEnd(width)}  ${''.padEnd(12)}  fix: ${oneLine(r.error.remedy)}`);
      }
      lines.push(countLine(results));
      write(redact(lines.join('\n')) + '\n');
    },
  };
}

export function countLine(results: HostResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const parts = ['ok', 'unchanged', 'needs-action', 'failed', 'skipped']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`);
  return `${results.length} host${results.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' | ');
}

export function exitCodeFor(results: HostResult[]): number {
  return results.every((r) => r.status === 'ok' || r.status === 'unchanged' || r.status === 'skipped') ? 0 : 1;
}
