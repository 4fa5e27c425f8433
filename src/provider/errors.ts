/**
 * Error values. The names are the spec's (§6.3) plus the ones CONTRACT.md adds; `code` is what the
 * JSON summary prints, `message` the spec's exact text where it gives one, `remedy` what to do.
 */
export const ERROR_CODES = [
  'ErrConfigInvalid',
  'ErrAuthKeyMissing',
  'ErrAuthKeyInvalid',
  'ErrTailnetMismatch',
  'ErrTagMismatch',
  'ErrInstallFailed',
  'ErrUnsupportedOS',
  'ErrSSH',
  'ErrTimeout',
  'ErrSudoPassword',
  'ErrHostKey',
  'ErrWindowsInteractive',
  'ErrCancelled',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface MeshErrorInit {
  remedy?: string;
  /** Named cause from the diagnosis catalogue, e.g. 'tags-not-permitted'. */
  cause?: string;
  /** Extra structured facts (tags, fingerprints, raw output tail). Never secrets. */
  detail?: Record<string, unknown>;
  /** Whether the host should end `needs-action` rather than `failed`. */
  needsAction?: boolean;
}

export class MeshError extends Error {
  readonly code: ErrorCode;
  readonly remedy?: string;
  readonly causeId?: string;
  readonly detail?: Record<string, unknown>;
  readonly needsAction: boolean;
  constructor(code: ErrorCode, message: string, init: MeshErrorInit = {}) {
    super(message);
    this.name = 'MeshError';
    this.code = code;
    this.remedy = init.remedy;
    this.causeId = init.cause;
    this.detail = init.detail;
    this.needsAction = init.needsAction ?? false;
  }
}

/** MeshError cause of a transport failure under a command (the connection was reset or timed out). */
export const CONNECTION_LOST = 'connection-lost';

export function isMeshError(e: unknown): e is MeshError {
  return e instanceof MeshError;
}

/** Turn anything thrown into a MeshError without losing its text (never a stack trace). */
export function toMeshError(e: unknown, fallback: ErrorCode = 'ErrSSH'): MeshError {
  if (e instanceof MeshError) return e;
  if (e instanceof Error) return new MeshError(fallback, e.message);
  return new MeshError(fallback, String(e));
}
