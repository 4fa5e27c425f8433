/**
 * A scrolled page of toned lines (host detail, help, node detail), never taller than `height`; when
 * the text is longer, the last line says what is above and below (so the page scrolls to pagedMax).
 */
import { Box, Text } from 'ink';
import type { Line } from '../state/detail.js';
import { truncate } from '../state/format.js';
import { scrollText } from '../state/window.js';
import { toneProps, useTheme } from './theme.js';

export function PagedLines({ lines, offset, height, width }: { lines: readonly Line[]; offset: number; height: number; width: number }) {
  const theme = useTheme();
  const more = lines.length > height && height >= 2;
  const page = scrollText(lines, offset, more ? height - 1 : height);
  const below = lines.length - page.offset - page.lines.length;
  return (
    <Box flexDirection="column" height={height}>
      {page.lines.map((l, i) => (
        <Text key={i} wrap="truncate" {...toneProps(theme, l.tone)}>
          {truncate(l.text, width) || ' '}
        </Text>
      ))}
      {more ? (
        <Text {...toneProps(theme, 'dim')} wrap="truncate">
          {truncate(`${page.offset > 0 ? `↑ ${page.offset} above  ` : ''}${below > 0 ? `↓ ${below} more` : 'end'}`, width)}
        </Text>
      ) : null}
    </Box>
  );
}
