/** Test helpers for the simulator's unit tests (not used by the product). */
import { readFileSync } from 'node:fs';
import type { SimCtx, SimHost } from './types.js';

export const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

export const NOW = Date.parse('2026-08-22T14:04:00Z');

export function ctxFor(host: SimHost, over: Partial<SimCtx> = {}): SimCtx {
  const files: Record<string, string> = {};
  return {
    host,
    uid: 0,
    now: () => NOW,
    readFile(path: string) {
      if (path in files) return files[path]!;
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    ...over,
  };
}

/** A ctx whose readFile serves `files`. */
export function ctxWithFiles(host: SimHost, files: Record<string, string>, over: Partial<SimCtx> = {}): SimCtx {
  return ctxFor(host, {
    readFile(path: string) {
      if (path in files) return files[path]!;
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    ...over,
  });
}

/** Keys of an object in order. */
export const keysOf = (o: unknown): string[] => Object.keys(o as object);
