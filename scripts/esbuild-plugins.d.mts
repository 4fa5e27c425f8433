// Types for scripts/esbuild-plugins.mjs (src/ui/styled-chars.test.ts checks the Ink patch applies).
import type { Plugin } from 'esbuild';
export declare const fastStringWidth: Plugin;
export declare const yogaWithoutFetch: Plugin;
export declare const inkReuseStyledLines: Plugin;
