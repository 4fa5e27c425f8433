/**
 * The one place a screen turns key presses into actions: look the key up in the screen's keymap,
 * in the context of the latest state (getCtx is read at each key press, so two quick keys are each
 * judged after the previous one took effect); a printable key no binding took goes to the text
 * field when one is open. The handler is subscribed once, and reads its inputs from a ref.
 */
import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';
import { resolveKey, textOf, type Keymap } from './keymap.js';

export interface KeymapInputOptions<C> {
  isActive: boolean;
  /** Text for an open text field (filter, password); null: no field open. */
  onText?: (text: string, ctx: C) => boolean;
}

export function useKeymapInput<C, A extends string>(
  map: Keymap<C, A>,
  getCtx: () => C,
  run: (action: A, input: string) => void,
  opts: KeymapInputOptions<C>,
): void {
  const latest = useRef({ map, getCtx, run, onText: opts.onText });
  latest.current = { map, getCtx, run, onText: opts.onText };
  const handler = useCallback((input: string, key: Key) => {
    const { map: m, getCtx: ctxOf, run: exec, onText } = latest.current;
    const one = (inp: string, k: Partial<Key>): boolean => {
      const ctx = ctxOf();
      const b = resolveKey(m, ctx, inp, k);
      if (b) {
        exec(b.action, inp);
        return true;
      }
      const text = textOf(inp, k);
      return text ? (onText?.(text, ctx) ?? false) : false;
    };
    // Several keys in one read (fast typing, a paste, tmux send-keys): each is a key press. With
    // Enter, Tab or Backspace among them, split first (else the whole read would go to a text field
    // and the Enter after a typed password would be lost).
    const several = input.length > 1 && !key.ctrl && !key.meta && /^[\x20-\x7e\r\n\t\x7f\b]+$/.test(input);
    if (several && /[\r\n\t\x7f\b]/.test(input)) {
      for (const ch of input.replace(/\r\n/g, '\r')) one(ch, {});
      return;
    }
    if (one(input, key)) return;
    if (several) for (const ch of input) one(ch, {});
  }, []);
  useInput(handler, { isActive: opts.isActive });
}
