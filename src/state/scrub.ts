/**
 * Pattern-based redaction, applied by the reducer to every string it keeps (output, commands, errors).
 * The engine already redacts, and the services may pass a redactor that knows the run's secrets; this
 * is the last line of defence for anything that still looks like an auth key (tailscale's own error
 * texts echo `--auth-key=tskey-…` back, see fixtures/up-error-access-denied.txt).
 */
import { REDACTED } from '../redact.js';

const PATTERNS: RegExp[] = [
  /(--auth-?key[= ])(?!\[redacted\])\S+/gi,
  /(AUTHKEY=)\S+/g,
  /()\b[th]skey-[A-Za-z0-9_-]+/g,
];

export function scrub(s: string): string {
  let out = s;
  for (const re of PATTERNS) out = out.replace(re, (_m, pre: string) => `${pre}${REDACTED}`);
  return out;
}
