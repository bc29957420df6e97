import type { Collector } from './types';
import { vsphereCollector } from './vsphere';

/** Every live source `vharden collect <source>` reads (and `vharden scan --<source>` collects and scans). */
export const COLLECTORS: Collector[] = [vsphereCollector];

export function collectorById(id: string): Collector | undefined {
  return COLLECTORS.find((c) => c.id === id);
}
