import { describe, it, expect } from 'vitest';
import { ConfigError } from './errors.js';
import { MAX_CONFIG_BYTES, checkSize, oneLine, parseYaml } from './yaml.js';

function yamlErr(text: string): ConfigError {
  try {
    parseYaml(text, 'meshtui.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const err = e as ConfigError;
    expect(err.message).not.toMatch(/\n/);
    expect(err.file).toBe('meshtui.yml');
    expect(err.code).toBe('ErrConfigInvalid');
    return err;
  }
  throw new Error('expected a ConfigError');
}

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings if expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n') + '\n';
}

describe('parseYaml', () => {
  it('parses one document to plain data', () => {
    expect(parseYaml('a: 1\nb: [x, y]\n', 'f')).toEqual({ a: 1, b: ['x', 'y'] });
    expect(parseYaml('---\na: 1\n...\n', 'f')).toEqual({ a: 1 });
  });

  it('strips a UTF-8 BOM', () => {
    expect(parseYaml('\uFEFFa: 1\n', 'f')).toEqual({ a: 1 });
  });

  it('allows small anchors and merge keys', () => {
    expect(parseYaml('d: &d {user: deploy}\nh: {<<: *d, id: a}\n', 'f')).toEqual({ d: { user: 'deploy' }, h: { user: 'deploy', id: 'a' } });
  });

  it('keeps __proto__ as a plain key, not a prototype', () => {
    const v = parseYaml('__proto__: {polluted: true}\n', 'f') as Record<string, unknown>;
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects duplicate keys, naming the key and its line', () => {
    expect(yamlErr('hosts:\n  - id: a\n    id: b\n').message).toBe(
      'tailscale provider: invalid config: duplicate key "id" (map keys must be unique) at line 3, column 5',
    );
    expect(yamlErr('a: {b: 1, b: 2}\n').message).toMatch(/duplicate key "b" .* at line 1, column 11$/);
    expect(yamlErr('"a": 1\na: 2\n').message).toMatch(/duplicate key "a"/);
  });

  it('finds duplicates in linear time: a map of 30,000 distinct keys is quick', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`);
    const t0 = Date.now();
    expect(Object.keys(parseYaml(keys.join('\n'), 'f') as object)).toHaveLength(30_000);
    expect(yamlErr([...keys, 'k7: 2'].join('\n')).message).toBe(
      'tailscale provider: invalid config: duplicate key "k7" (map keys must be unique) at line 30001, column 1',
    );
    expect(Date.now() - t0).toBeLessThan(8_000); // quadratic checking took ~15 s here
  });

  it('treats 1 and "1" as the same key (both become "1")', () => {
    expect(yamlErr('1: a\n"1": b\n').message).toMatch(/duplicate key "1"/);
  });

  it('turns runaway nesting into one line', () => {
    expect(yamlErr('a: ' + '['.repeat(50_000) + ']'.repeat(50_000)).message).toMatch(
      /^tailscale provider: invalid config: Maximum call stack size exceeded at line 1, column \d+$/,
    );
  });

  it('reduces invalid YAML to the spec text on one line with line and column', () => {
    expect(yamlErr('a: [1\n').message).toBe(
      'tailscale provider: invalid config: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
    );
    expect(yamlErr('a: "x\n').message).toMatch(/^tailscale provider: invalid config: Missing closing "quote at line 2, column 1$/);
    expect(yamlErr('\t- x\n').message).toMatch(/Tabs are not allowed as indentation at line 1, column 1$/);
    expect(yamlErr('- a\nb: 1\n').message).toMatch(/^tailscale provider: invalid config: .* at line 2, column 1$/);
  });

  it('rejects unknown tags rather than silently reading them as strings', () => {
    expect(yamlErr('a: !!js/function "f"\n').message).toMatch(/^tailscale provider: invalid config: Unresolved tag: .* at line 1/);
  });

  it('rejects an alias bomb quickly with one line', () => {
    const t0 = Date.now();
    const err = yamlErr(aliasBomb());
    expect(err.message).toBe(
      'tailscale provider: invalid config: too many aliases (excessive alias count indicates a resource exhaustion attack)',
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('reports an undefined alias', () => {
    expect(yamlErr('a: *nope\n').message).toBe(
      'tailscale provider: invalid config: Unresolved alias (the anchor must be set before the alias): nope',
    );
  });

  it('rejects multi-document files', () => {
    expect(yamlErr('a: 1\n---\nb: 2\n').message).toBe(
      'tailscale provider: invalid config: found 2 YAML documents (separated by ---); a config file holds exactly one',
    );
  });

  it('rejects an empty file', () => {
    expect(yamlErr('').message).toBe('the file is empty; expected a map with network: and hosts:');
    expect(yamlErr('# only a comment\n').message).toBe('the file is empty; expected a map with network: and hosts:');
    expect(yamlErr('~\n').message).toBe('the file is empty; expected a map with network: and hosts:');
  });

  it('rejects files over 4 MiB before parsing', () => {
    const big = `a: "${'x'.repeat(MAX_CONFIG_BYTES)}"\n`;
    const err = yamlErr(big);
    expect(err.message).toBe(`file is ${Buffer.byteLength(big)} bytes, larger than the 4 MiB limit`);
    expect(() => checkSize(MAX_CONFIG_BYTES, 'f')).not.toThrow();
  });

  it('oneLine keeps the first line, escapes control characters and truncates', () => {
    expect(oneLine('bad thing:\n\nline 2')).toBe('bad thing');
    expect(oneLine('a\u001bb')).toBe('a\\u001bb');
    expect(oneLine('x'.repeat(500)).length).toBe(201);
  });
});
