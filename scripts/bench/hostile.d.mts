// Types of hostile.mjs, for the tests that reuse its inputs.
export interface HostileCase {
  name: string;
  files: Record<string, string>;
  args?: string[];
  format?: string;
  refused?: string;
}
export function lines(n: number, line: (i: number) => string): string;
export const EVIL_GLOBS: string[];
export const EVIL_PATH_GLOBS: string[];
export const LINE_FORMATS: { id: string; path: string; head: string }[];
export function hostileCases(): HostileCase[];
export function ovsdb(bridges: number): string;
