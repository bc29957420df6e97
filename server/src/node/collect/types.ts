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
  id: 'vsphere' | 'libvirt' | 'ovs' | 'ssh';
  /** one usage line, e.g. `vsphere --server URL [--ca FILE] [--insecure]` */
  usage: string;
  /** what to connect to: URL, URI, database socket or [user@]host; undefined uses the source's default */
  collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult>;
}
