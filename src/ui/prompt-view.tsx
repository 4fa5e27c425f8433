/**
 * A remediation or confirmation prompt, drawn as a panel under the current screen (the running
 * fleet stays in view): the cause as a title, the facts and the fix; its keys are in the footer
 * (from the keymap). The sudo password shows only as bullets.
 */
import { Box, Text } from 'ink';
import type { Line } from '../state/detail.js';
import { truncate, wrapText } from '../state/format.js';
import { promptText, type PromptText } from '../state/prompt-text.js';
import type { DashboardState, Prompt } from '../state/types.js';
import { toneProps, useTheme } from './theme.js';

export interface PromptLayout {
  text: PromptText;
  lines: Line[];
  /** Lines the panel takes: rule + title + text (+ the password line). */
  height: number;
}

/** Lay the prompt out for `width`, taking at most `maxHeight` lines. */
export function promptLayout(state: DashboardState, prompt: Prompt, width: number, maxHeight: number): PromptLayout {
  const text = promptText(state, prompt);
  const all = text.lines.flatMap((l) => wrapText(l.text, width).map((t) => ({ text: t, tone: l.tone })));
  const fixed = 2 + (text.secretLabel !== undefined ? 1 : 0);
  const lines = all.slice(0, Math.max(0, maxHeight - fixed));
  return { text, lines, height: Math.min(maxHeight, fixed + lines.length) };
}

export function PromptView({ layout, secretLength, width }: { layout: PromptLayout; secretLength: number; width: number }) {
  const theme = useTheme();
  const { text, lines } = layout;
  return (
    <Box flexDirection="column" height={layout.height}>
      <Text wrap="truncate" {...toneProps(theme, 'dim')}>
        {'─'.repeat(width)}
      </Text>
      <Text wrap="truncate" {...toneProps(theme, 'warn')} bold>
        {truncate(text.title, width)}
      </Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" {...toneProps(theme, l.tone)}>
          {l.text || ' '}
        </Text>
      ))}
      {text.secretLabel !== undefined ? (
        <Text wrap="truncate">{truncate(`${text.secretLabel}${'•'.repeat(Math.min(secretLength, 64))}▏`, width)}</Text>
      ) : null}
    </Box>
  );
}
