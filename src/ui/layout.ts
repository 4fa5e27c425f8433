/**
 * How the live region is divided: header, body, message, footer. The whole live region is kept one
 * line shorter than the terminal, so Ink never falls back to clearing the screen on every frame.
 */
import type { Size } from './terminal-size.js';

export const HEADER_LINES = 2;
export const FOOTER_LINES = 1;

export function bodyHeight(size: Size, hasMessage: boolean): number {
  return Math.max(3, size.rows - 1 - HEADER_LINES - FOOTER_LINES - (hasMessage ? 1 : 0));
}

/** Lines the host list gives to host rows, and whether the selection line fits (tiny terminals drop it). */
export function hostListPlan(body: number, filterLine: boolean): { rows: number; selectionLine: boolean } {
  const fixed = 1 + (filterLine ? 1 : 0);
  const selectionLine = body - fixed >= 3;
  return { rows: Math.max(0, body - fixed - (selectionLine ? 1 : 0)), selectionLine };
}

/** The prompt panel's height limit: leave the screen at least 3 lines when there is room. */
export function promptMax(body: number): number {
  return body >= 8 ? body - 3 : body;
}
