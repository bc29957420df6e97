// server/src/node/collect/types.ts — shared by every live collector (issue 16). Create it with exactly
// this content if it does not exist yet in your worktree; do not change it without telling the lead.
export interface CollectOptions {
  /** folder the snapshot is written into (created; must be empty or absent) */
  out: string;
  /** the `--flag value` options given after the source on the command line, by name without dashes */
  flags: Record<string, string | boolean>;
  /** environment (credentials come from here or a prompt, never from flags that end up in shell history) */
  env: Record<string, string | undefined>;
  /** progress lines for a terminal or the editor's progress notification */
  progress?: (message: string) => void;
  /** asks the person running the collection (a terminal prompt, standard input, the editor's input box); `secret` input is not echoed */
  ask?: (question: string, opts: { secret: boolean }) => Promise<string | undefined>;
  signal?: AbortSignal;
}

export interface CollectResult {
  /** files written, relative to `out`, sorted */
  files: string[];
  /** things the collector could not read or chose not to, each a sentence (shown as "not collected") */
  notes: string[];
}

export interface Collector {
  /** `vharden collect <id> …` */
  id: 'vsphere' | 'libvirt' | 'ovs' | 'ssh' | 'archive';
  /** one usage line, e.g. `vsphere --server URL [--ca FILE] [--insecure]` */
  usage: string;
  /** how its snapshot is scanned: as a host tree (`vharden scan --root DIR`, the default) or as files (`vharden scan DIR`) */
  snapshot?: 'host-tree' | 'files';
  /** what to connect to: URL, URI, database socket or [user@]host; undefined uses the source's default */
  collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult>;
  /** `--print-script`: the read-only shell script a host runs to make what this collector reads */
  script?(flags: Record<string, string | boolean>): string;
}
