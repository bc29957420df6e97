import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scopeOf } from '../engine/fabric';
import { flat } from './files';

/**
 * Scopes of files on disk (see `scopeOf`): finds the git repository that holds a file, looking
 * from its folder up to the workspace folder or scan root it was found under, never above it (a
 * scan of one folder of a big repository does not merge everything in it). Caches what it found
 * per folder.
 */
export class Scopes {
  private readonly repos = new Map<string, string | null>();

  /** Let go of the folders' answers: see `SettingsResolver.forgetFolders`. */
  forgetFolders(): void {
    this.repos.clear();
  }

  of(path: string, root: string, explicit?: string): string {
    return scopeOf(path, root, { explicit, repo: this.repoOf(dirname(path), root) });
  }

  private repoOf(dir: string, root: string): string | undefined {
    if (!root) return undefined;
    const seen: string[] = [];
    let found: string | null = null;
    for (let d = dir; ; d = dirname(d)) {
      const known = this.repos.get(`${root}\0${d}`);
      if (known !== undefined) {
        found = known;
        break;
      }
      seen.push(d);
      if (existsSync(join(d, '.git'))) {
        found = d;
        break;
      }
      if (d === root || dirname(d) === d || !d.startsWith(root)) break;
    }
    for (const d of seen) this.repos.set(flat(`${root}\0${d}`), found);
    return found ?? undefined;
  }
}
