import { MeshError } from '../provider/errors.js';

/** The spec's prefix for every config error of the tailscale provider (§2, §3.3). */
export const PROVIDER_PREFIX = 'tailscale provider: invalid config: ';

export interface ConfigErrorInit {
  /** The config file, kept apart so the CLI can print `FILE: message`. */
  file?: string;
  /** Where in the file, e.g. `hosts[2].port`; '' for the file as a whole. */
  path?: string;
  /** Every problem found (one line each), the first of which is `message`. */
  issues?: string[];
  remedy?: string;
}

/**
 * A config problem: one line, naming the path, never a stack trace or a raw multi-line value.
 * `code` is ErrConfigInvalid, so the CLI exits 2 without contacting anything.
 */
export class ConfigError extends MeshError {
  readonly file?: string;
  readonly path?: string;
  readonly issues: string[];
  constructor(message: string, init: ConfigErrorInit = {}) {
    const line = message.replace(/[\r\n]+/g, ' ');
    super('ErrConfigInvalid', line, {
      remedy: init.remedy,
      detail: init.path === undefined ? undefined : { path: init.path },
    });
    this.name = 'ConfigError';
    this.file = init.file;
    this.path = init.path;
    this.issues = init.issues ?? [line];
  }

  /** `FILE: message`, the line the CLI prints. */
  toLine(): string {
    return this.file ? `${this.file}: ${this.message}` : this.message;
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
