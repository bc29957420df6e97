import { COLLECTORS } from '../node/collect';
import type { Collector } from '../node/collect/types';

/** `vharden scan --vsphere URL`, `--libvirt [URI]`, `--ovs [DB]`, `--ssh [user@]HOST`: collect, then scan. */
export const LIVE_FLAGS: Record<string, Collector['id']> = { '--vsphere': 'vsphere', '--libvirt': 'libvirt', '--ovs': 'ovs', '--ssh': 'ssh' };
/** sources that cannot guess what to connect to */
const TARGET_REQUIRED = new Set<Collector['id']>(['vsphere', 'ssh']);

/** The options a collector's usage line names, each with whether it takes a value (`--db PATH`) or not (`[--readonly]`). */
export function collectorFlags(c: Collector): Map<string, boolean> {
  const takesValue = new Set([...c.usage.matchAll(/--([a-z][a-z0-9-]*)(?:=| (?![[\]|-]))/g)].map((m) => m[1]!));
  return new Map([...c.usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => [m[1]!, takesValue.has(m[1]!)]));
}

export interface LiveScan {
  collector: Collector;
  target?: string;
  /** the collector's own options */
  flags: Record<string, string | boolean>;
  /** --keep-snapshot DIR: collect into DIR and keep it */
  keep?: string;
  /** everything else: options of the scan */
  scanArgv: string[];
}

export class LiveUsageError extends Error {}

/** Splits `scan` arguments holding a live source; undefined when none is named. */
export function splitLiveScan(argv: string[]): LiveScan | undefined {
  const named = argv.map((a, i) => [a.split('=')[0]!, i] as const).filter(([f]) => f in LIVE_FLAGS);
  if (named.length === 0) return undefined;
  if (named.length > 1) throw new LiveUsageError(`one live source per scan (${named.map(([f]) => f).join(', ')} given)`);
  const id = LIVE_FLAGS[named[0]![0]]!;
  const collector = COLLECTORS.find((c) => c.id === id)!;
  const own = collectorFlags(collector);
  const live: LiveScan = { collector, flags: {}, scanArgv: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq < 0 ? a : a.slice(0, eq);
    const value = (): string => {
      const v = eq < 0 ? argv[++i] : a.slice(eq + 1);
      if (v === undefined || v === '') throw new LiveUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag in LIVE_FLAGS) {
      if (eq >= 0) live.target = value();
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) live.target = argv[++i];
      else if (TARGET_REQUIRED.has(id)) throw new LiveUsageError(`${flag} needs ${id === 'vsphere' ? 'the server URL' : '[user@]HOST'}`);
    } else if (flag === '--keep-snapshot') {
      if (live.keep !== undefined) throw new LiveUsageError('--keep-snapshot is given twice');
      live.keep = value();
    } else if (flag.startsWith('--') && own.has(flag.slice(2))) {
      const name = flag.slice(2);
      if (name in live.flags) throw new LiveUsageError(`${flag} is given twice`);
      live.flags[name] = own.get(name) ? value() : eq < 0 ? true : a.slice(eq + 1);
    } else live.scanArgv.push(a);
  }
  return live;
}
