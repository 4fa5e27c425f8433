/**
 * Finding, reading and parsing the config file: meshtui.yml, else stagecraft.yml (its network:
 * block, hosts:, ssh: and concurrency:; its other sections are Stagecraft's and ignored here).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildInventory, contextFor } from './build.js';
import { ConfigError } from './errors.js';
import { issueLines, reason } from './issues.js';
import { meshtuiSchema, stagecraftSchema } from './schema.js';
import { kindOf } from './show.js';
import type { Inventory } from './types.js';
import { checkSize, parseYaml } from './yaml.js';

export const DEFAULT_FILES = ['meshtui.yml', 'stagecraft.yml'] as const;
const STAGECRAFT_KEYS = ['network', 'hosts', 'ssh', 'concurrency'] as const;

export interface ParseOptions {
  /** Default: 'stagecraft' when the file's name starts with "stagecraft", else 'meshtui'. */
  format?: Inventory['format'];
  /** Home directory for `~` (default os.homedir()); injectable for tests. */
  home?: string;
}

export interface LoadOptions extends ParseOptions {
  /** --config FILE; relative to cwd. Default: ./meshtui.yml, then ./stagecraft.yml. */
  path?: string;
  cwd: string;
  /** Injected file reader (tests); must throw an error with code ENOENT for a missing file. */
  readFile?(p: string): string;
}

export function formatFor(file: string): Inventory['format'] {
  return basename(file).toLowerCase().startsWith('stagecraft') ? 'stagecraft' : 'meshtui';
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Map);
}

/** Parse config text (from `file`, which names it in errors and anchors relative paths). */
export function parseConfig(text: string, file: string, opts: ParseOptions = {}): Inventory {
  const format = opts.format ?? formatFor(file);
  const doc = parseYaml(text, file);
  if (!isPlainMap(doc)) {
    throw new ConfigError(`expected a map with network: and hosts: at the top level, got ${kindOf(doc)}`, { file, path: '' });
  }
  let input: Record<string, unknown> = doc;
  if (format === 'stagecraft') {
    input = {};
    for (const k of STAGECRAFT_KEYS) if (Object.hasOwn(doc, k)) input[k] = doc[k];
    if (typeof doc.syncthing === 'boolean') input.syncthing = doc.syncthing;
  }
  const schema = format === 'stagecraft' ? stagecraftSchema : meshtuiSchema;
  const parsed = schema.safeParse(input, { reportInput: true, error: reason });
  if (!parsed.success) {
    const lines = issueLines(parsed.error.issues);
    const first = lines[0]!;
    throw new ConfigError(first.line, { file, path: first.path, issues: lines.map((l) => l.line) });
  }
  const ctx = contextFor(file, format, opts.home);
  return buildInventory(parsed.data, ctx);
}

function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function readConfigFile(file: string): string {
  const st = statSync(file);
  if (st.isDirectory()) throw new ConfigError('is a directory, not a config file', { file, path: '' });
  checkSize(st.size, file);
  const buf = readFileSync(file);
  checkSize(buf.length, file);
  try {
    return UTF8.decode(buf);
  } catch {
    throw new ConfigError('is not valid UTF-8 text', { file, path: '' });
  }
}

function readError(e: unknown, file: string): ConfigError {
  const code = errnoOf(e);
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'unreadable';
  return new ConfigError(`cannot read config file: ${why}`, { file, path: '' });
}

/** Find, read and parse the config. Throws ConfigError (one line, `file` apart) on any problem. */
export function loadConfig(opts: LoadOptions): Inventory {
  const read = opts.readFile ?? readConfigFile;
  const tryRead = (file: string, missingOk: boolean): string | undefined => {
    try {
      return read(file);
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      if (missingOk && errnoOf(e) === 'ENOENT') return undefined;
      throw readError(e, file);
    }
  };
  if (opts.path !== undefined) {
    const file = resolve(opts.cwd, opts.path);
    return parseConfig(tryRead(file, false)!, file, opts);
  }
  for (const name of DEFAULT_FILES) {
    const file = resolve(opts.cwd, name);
    const text = tryRead(file, true);
    if (text !== undefined) return parseConfig(text, file, opts);
  }
  throw new ConfigError(`no meshtui.yml or stagecraft.yml in ${opts.cwd} (use --config FILE)`, { path: '' });
}
