/** `?`: every key, generated from the keymaps. */
import { useMemo } from 'react';
import { helpLines } from './help-lines.js';
import { PagedLines } from './paged-lines.js';

export function HelpView({ scroll, width, height }: { scroll: number; width: number; height: number }) {
  const lines = useMemo(() => helpLines(), []);
  return <PagedLines lines={lines} offset={scroll} height={height} width={width} />;
}
