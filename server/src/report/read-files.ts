import { profileTally, type Profile, type ProfileSummary } from '../engine/context';
import type { FileResult } from '../engine/engine';
import { displayPath } from '../node/files';
import { PathList } from '../node/path-list';

/**
 * What the end of a JSON or SARIF report says of the files read, gathered from the results as they
 * pass (a streamed scan keeps none of them): the paths as reports show them, in order, and how the
 * files were judged. The paths are a `PathList`, so a scan of many files keeps a few dozen bytes each.
 */
export class ReadFiles {
  private readonly paths = new PathList();
  private readonly profiles = profileTally();

  add(files: FileResult[]): void {
    for (const f of files) this.paths.push(displayPath(f.path));
    this.profiles.add(files);
  }

  /** The paths read, as reports show them, in order. */
  shown(): Iterable<string> {
    return this.paths;
  }

  profile(fallback: Profile): ProfileSummary {
    return this.profiles.summary(fallback);
  }
}
