/** A Windows host's join script, shown again (`w`): where it is, what to run, the text; scrolls. */
import { useMemo } from 'react';
import { scriptLines } from '../state/script-lines.js';
import type { ScriptView as Script } from '../state/types.js';
import { PagedLines } from './paged-lines.js';

export function ScriptView({ script, scroll, width, height }: { script: Script; scroll: number; width: number; height: number }) {
  const lines = useMemo(() => scriptLines(script, width), [script, width]);
  return <PagedLines lines={lines} offset={scroll} height={height} width={width} />;
}
