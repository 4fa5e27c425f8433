/** The dashboard's node table screen (`s`): loading, a one-line error, or the table. */
import { Box, Text } from 'ink';
import { truncate } from '../state/format.js';
import type { NodesView } from '../state/types.js';
import { NodeTable } from './node-table.js';
import { Spinner } from './spinner.js';
import { toneProps, useTheme } from './theme.js';

export interface NodesScreenProps {
  nodes: NodesView;
  width: number;
  height: number;
  isActive: boolean;
  onClose(): void;
  onQuit(force: boolean): void;
}

export function NodesScreen({ nodes, width, height, isActive, onClose, onQuit }: NodesScreenProps) {
  const theme = useTheme();
  if (nodes.status === 'ready' && nodes.json !== null) {
    return (
      <NodeTable json={nodes.json} title={nodes.hostId} width={width} height={height} isActive={isActive} embedded onClose={onClose} onQuit={onQuit} />
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      {nodes.status === 'loading' ? (
        <Text wrap="truncate">
          <Spinner /> {truncate(`reading tailscale status --json from ${nodes.hostId}…`, width - 2)}
        </Text>
      ) : (
        <Text wrap="truncate" {...toneProps(theme, 'bad')}>
          {truncate(`${nodes.hostId}: cannot read the status: ${nodes.error ?? 'unknown error'}`, width)}
        </Text>
      )}
    </Box>
  );
}
