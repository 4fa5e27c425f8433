/** The terminal's size, kept current on resize (Ink re-lays out on resize; this re-plans the rows). */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
}

export function readSize(stdout: { columns?: number; rows?: number } | undefined): Size {
  const columns = stdout?.columns && stdout.columns > 0 ? stdout.columns : 80;
  const rows = stdout?.rows && stdout.rows > 0 ? stdout.rows : 24;
  return { columns: Math.max(20, columns), rows: Math.max(8, rows) };
}

export function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = readSize(stdout);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
