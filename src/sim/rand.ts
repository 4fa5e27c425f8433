/** Deterministic pseudo-random values from a seed string (no crypto, no IO). */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream of 32-bit values (mulberry32) seeded from `seed`. */
export function stream(seed: string): () => number {
  let a = fnv1a(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export function hex(seed: string, len: number): string {
  const next = stream(seed);
  let out = '';
  while (out.length < len) out += next().toString(16).padStart(8, '0');
  return out.slice(0, len);
}

/** An integer in [lo, hi]. */
export function int(seed: string, lo: number, hi: number): number {
  return lo + (stream(seed)() % (hi - lo + 1));
}

/** A 16-digit id like Tailscale SaaS node and user ids (below 2^53). */
export function bigId(seed: string): number {
  const next = stream(seed);
  return 1_000_000_000_000_000 + (next() % 8_000_000) * 1_000_000_000 + (next() % 1_000_000_000);
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
/** A stable node id such as "nK7pQ2xR9v11CNTRL". */
export function stableId(seed: string): string {
  const next = stream(seed);
  let s = 'n';
  for (let i = 0; i < 10; i++) s += B62[next() % B62.length];
  return `${s}11CNTRL`;
}
