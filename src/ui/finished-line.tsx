/** A finished host, collapsed to one line for <Static>: result, total time, FQDN or reason. */
import { Text } from 'ink';
import { cell, fmtDuration, truncate } from '../state/format.js';
import { PHASE_ICON, PHASE_LABEL } from '../state/host-rows.js';
import type { FinishedEntry } from '../state/types.js';
import { phaseTone, toneProps, useTheme } from './theme.js';

export function finishedText(e: FinishedEntry, width: number): string {
  const head = `${PHASE_ICON[e.phase] || '·'} ${cell(e.hostId, 14)} ${cell(PHASE_LABEL[e.phase], 12)} ${cell(fmtDuration(e.durationMs), 7)}`;
  return truncate(`${head} ${e.text}`.trimEnd(), width);
}

export function FinishedLine({ entry, width }: { entry: FinishedEntry; width: number }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate" {...toneProps(theme, phaseTone(entry.phase))}>
      {finishedText(entry, width)}
    </Text>
  );
}
