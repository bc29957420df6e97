// Types of generate.mjs, for the tests that reuse its inputs.
export function domainXml(lines: number, badEvery?: number): string;
export function playbook(lines: number, badEvery?: number): string;
export function vmx(lines: number, badEvery?: number): string;
export function listFiles(root: string): string[];
export function hostEstate(source: string, dest: string, total: number, perHost?: number): unknown;
