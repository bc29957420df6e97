import { looseScopes } from '../engine/fabric';
import type { SeenFiles, WalkedFile } from './files';
import { PathList } from './path-list';

/**
 * The files a scan's walk found, to read once the walk is over, by the group they are judged in
 * (see `scanPaths`). The walk of the whole tree comes first (a loose group may span the tree, and
 * links are followed after every real folder), so this is the one list that grows with the
 * estate: its paths are a `PathList`, each file's scope an index (a few bytes a file, not an
 * object and a string).
 */
export class PendingFiles {
  private readonly paths = new PathList();
  /** per file, in walk order: the index of its scope in `scopes` */
  private scopeOf = new Uint32Array(1024);
  private readonly scopes: string[] = [];
  private readonly scopeIndex = new Map<string, number>();
  /** the walk's record, which files listed in real folders carry (`WalkedFile.seen`) */
  private seen?: SeenFiles;
  /** files whose real path is not their path, or without the walk's record (named, reached through a link): few */
  private readonly odd = new Map<number, { real: string; seen?: SeenFiles }>();

  add(file: WalkedFile, scope: string): void {
    const i = this.paths.length;
    let s = this.scopeIndex.get(scope);
    if (s === undefined) {
      s = this.scopes.push(scope) - 1;
      this.scopeIndex.set(scope, s);
    }
    if (i === this.scopeOf.length) {
      const more = new Uint32Array(i * 2);
      more.set(this.scopeOf);
      this.scopeOf = more;
    }
    this.scopeOf[i] = s;
    if (file.real !== file.path || !file.seen || file.seen !== (this.seen ??= file.seen)) this.odd.set(i, { real: file.real, seen: file.seen });
    this.paths.push(file.path);
  }

  /**
   * The groups in the order the walk first reached them, each as its files in walk order. Each
   * file is given once: what is held of it is let go as its group is taken.
   */
  *groups(): Generator<Generator<WalkedFile>> {
    const n = this.paths.length;
    // loose scopes (one per folder) merge into folder groups; the others are a group each
    const keys = looseScopes(this.scopes.map((scope) => ({ scope })));
    const groupIds = new Map<string, number>();
    const groupOfScope = keys.map((key) => {
      let g = groupIds.get(key);
      if (g === undefined) groupIds.set(key, (g = groupIds.size));
      return g;
    });
    // scopes are numbered as the walk met them, so groups are too: a counting sort of the files by group keeps walk order
    const starts = new Uint32Array(groupIds.size + 1);
    for (let i = 0; i < n; i++) starts[groupOfScope[this.scopeOf[i]!]! + 1]!++;
    for (let g = 0; g < groupIds.size; g++) starts[g + 1]! += starts[g]!;
    const order = new Uint32Array(n);
    const next = starts.slice(0, -1);
    for (let i = 0; i < n; i++) order[next[groupOfScope[this.scopeOf[i]!]!]!++] = i;
    this.scopeOf = new Uint32Array(0);
    for (let g = 0; g < groupIds.size; g++) yield this.filesOf(order.subarray(starts[g], starts[g + 1]));
  }

  private *filesOf(indexes: Uint32Array): Generator<WalkedFile> {
    for (const i of indexes) {
      const path = this.paths.at(i);
      this.paths.forget(i);
      const odd = this.odd.get(i);
      if (odd) this.odd.delete(i);
      yield odd ? { path, ...odd } : { path, real: path, seen: this.seen };
    }
  }
}
