/**
 * Read ~/.ssh/config with its `Include` directives inlined (the ssh-config package does not follow
 * them). Relative Include paths are taken from ~/.ssh, globs (`*`, `?`) in the last path component are
 * expanded in sorted order, and nesting stops at 16 levels, as in OpenSSH.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandHome } from './target.js';

const MAX_DEPTH = 16;
const INCLUDE = /^\s*include(?:\s+|\s*=\s*)(.+)$/i;
const SECTION = /^\s*(host|match)\b/i;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? '');
  return out.filter((a) => a !== '');
}

function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

async function expandGlob(file: string): Promise<string[]> {
  const base = path.basename(file);
  if (!/[*?]/.test(base)) return [file];
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const re = globRegExp(base);
  return names.filter((n) => re.test(n) && !n.startsWith('.')).sort().map((n) => path.join(dir, n));
}

async function inline(text: string, homedir: string, depth: number): Promise<string> {
  const out: string[] = [];
  let section: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (SECTION.test(line)) section = line;
    const m = INCLUDE.exec(line);
    if (!m || depth >= MAX_DEPTH) {
      out.push(line);
      continue;
    }
    let includedSections = false;
    for (const arg of splitArgs(m[1] ?? '')) {
      const abs = arg.startsWith('~') || path.isAbsolute(arg) ? expandHome(arg, homedir) : path.join(homedir, '.ssh', arg);
      for (const file of await expandGlob(abs)) {
        const sub = await readIfExists(file);
        if (sub === undefined) continue;
        const expanded = await inline(sub, homedir, depth + 1);
        if (expanded.split(/\r?\n/).some((l) => SECTION.test(l))) includedSections = true;
        out.push(expanded);
      }
    }
    // Lines after the Include belong to the block that held it, not to the included file's last block.
    if (includedSections) out.push(section ?? 'Host *');
  }
  return out.join('\n');
}

/** The config text with Includes inlined, or undefined when the file does not exist. */
export async function loadSshConfigText(file: string, homedir: string): Promise<string | undefined> {
  const text = await readIfExists(file);
  return text === undefined ? undefined : inline(text, homedir, 0);
}
