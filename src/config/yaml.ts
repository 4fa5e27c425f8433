/**
 * YAML text → plain JS value, defensively: a size cap before parsing, duplicate keys refused,
 * alias bombs stopped, one document only. Every failure is one ConfigError line with line:column.
 */
import { LineCounter, parseAllDocuments, visit, isNode, isScalar, type Document } from 'yaml';
import { ConfigError, PROVIDER_PREFIX } from './errors.js';
import { show, truncate } from './show.js';

export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Aliases allowed per document (yaml counts each alias by the size of what it expands to). */
export const MAX_ALIAS_COUNT = 100;

/** The size check, separate so a loader can apply it before reading a file. */
export function checkSize(bytes: number, file: string): void {
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(`file is ${bytes} bytes, larger than the ${MAX_CONFIG_BYTES >> 20} MiB limit`, { file, path: '' });
  }
}

/** One line, control characters escaped, at most `max` characters. */
export function oneLine(s: string, max = 200): string {
  const first = s.split(/\r?\n/, 1)[0] ?? '';
  const escaped = first.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return truncate(escaped.replace(/:$/, ''), max);
}

function yamlError(message: string, file: string): ConfigError {
  return new ConfigError(PROVIDER_PREFIX + message, { file, path: '' });
}

/**
 * The first repeated key in any map, in linear time (yaml's own `uniqueKeys` check compares every
 * pair, so a 4 MiB map of distinct keys would take minutes). Keys compare as the strings they
 * become in the parsed object, so `1` and `"1"` collide too.
 */
function findDuplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key as unknown;
        const key = isScalar(k) ? String(k.value) : String(k);
        if (seen.has(key)) {
          found = { key, offset: isNode(k) ? (k.range?.[0] ?? 0) : 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function parseDocuments(src: string, lineCounter: LineCounter, file: string): Document[] {
  try {
    const docs = parseAllDocuments(src, { uniqueKeys: false, prettyErrors: false, merge: true, lineCounter });
    return Array.isArray(docs) ? docs : [];
  } catch (e) {
    throw yamlError(oneLine(e instanceof Error ? e.message : String(e)), file);
  }
}

/** Parse one YAML document to plain data (maps as objects, `__proto__` kept as a plain key). */
export function parseYaml(text: string, file: string): unknown {
  checkSize(Buffer.byteLength(text, 'utf8'), file);
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const list = parseDocuments(src, lineCounter, file);
  if (list.length > 1) {
    throw yamlError(`found ${list.length} YAML documents (separated by ---); a config file holds exactly one`, file);
  }
  const doc = list[0];
  const empty = () => new ConfigError('the file is empty; expected a map with network: and hosts:', { file, path: '' });
  if (!doc) throw empty();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return ` at line ${pos.line}, column ${pos.col}`;
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw yamlError(oneLine(problem.message) + at(problem.pos[0]), file);
  const dup = findDuplicateKey(doc);
  if (dup) throw yamlError(`duplicate key ${show(dup.key)} (map keys must be unique)${at(dup.offset)}`, file);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/alias count/i.test(msg)) {
      throw yamlError('too many aliases (excessive alias count indicates a resource exhaustion attack)', file);
    }
    throw yamlError(oneLine(msg), file);
  }
  if (value === null || value === undefined) throw empty();
  return value;
}
