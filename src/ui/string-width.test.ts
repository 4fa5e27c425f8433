import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fastStringWidth, NARROW_GLYPHS } from './string-width.js';

describe('fastStringWidth', () => {
  it('lists only glyphs string-width measures as one column', () => {
    for (const g of NARROW_GLYPHS) {
      expect(g.length, `${g} is one UTF-16 unit`).toBe(1);
      expect(stringWidth(g), `${g} U+${g.charCodeAt(0).toString(16)}`).toBe(1);
    }
  });

  it('agrees with string-width where it answers, and leaves the rest to it', () => {
    const lines = [
      '',
      'hello',
      '›  app-1            198.51.100.10        auto   app    tag:meshtui,tag:app  · idle',
      '  alices-android-1020 100.64.12.245 273d ago relay ams  android -  alices-android-1020.tail4f2a9c.t…',
      'p provision  a all  ↑↓/jk move  Enter open  / filter  ? help  q quit',
      `${NARROW_GLYPHS} ~`,
    ];
    for (const l of lines) expect(fastStringWidth(l)).toBe(stringWidth(l));
    for (const l of ['日本語', 'ok ✅', '\u001b[31mred\u001b[39m', 'tab\there', 'e\u0301', 'x\u200by']) expect(fastStringWidth(l)).toBeUndefined();
    expect(fastStringWidth('· idle', { ambiguousIsNarrow: false })).toBeUndefined();
    expect(fastStringWidth(42)).toBeUndefined();
  });
});
