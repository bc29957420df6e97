/** Paths per chunk: a chunk is decoded whole to read one of its paths, and let go once all of them are forgotten. */
const CHUNK = 256;

/**
 * A long list of paths (every file of an estate scan) in little memory: each path is kept as the
 * length of the prefix it shares with the path before it and the rest (paths in walk order share
 * most of their folders), many paths to one string. A path on its own costs V8 a string header and
 * its characters (about 110 bytes for the 95 characters of an estate path); here it costs the
 * characters after the shared prefix and a few more. Chunks start afresh, so each decodes alone.
 */
export class PathList {
  /** entries `<shared prefix length, base 36>:<rest>\0` (paths hold no NUL), joined per chunk */
  private readonly chunks: string[] = [];
  /** entries of the last chunk until it is full */
  private open: string[] = [];
  private last = '';
  private count = 0;
  /** per chunk, entries not yet forgotten (see `forget`) */
  private readonly left: number[] = [];
  /** the chunk last decoded (reads go mostly in order) */
  private cached = -1;
  private decoded: string[] = [];

  get length(): number {
    return this.count;
  }

  push(path: string): void {
    if (this.open.length === CHUNK) this.seal();
    if (this.cached === this.chunks.length) this.cached = -1; // the open chunk changes
    const shared = this.open.length ? sharedPrefix(this.last, path) : 0;
    // one flat string per entry, so it holds no slice of the path (which would keep the whole path)
    this.open.push(flatCopy(`${shared.toString(36)}:${path.slice(shared)}\0`));
    this.last = path;
    this.count++;
  }

  /** The path at `index` (0-based, in the order pushed). */
  at(index: number): string {
    const c = Math.floor(index / CHUNK);
    if (c !== this.cached) {
      this.decoded = decode(c < this.chunks.length ? this.chunks[c]! : this.open.join(''));
      this.cached = c;
    }
    return this.decoded[index % CHUNK]!;
  }

  /** The path at `index` will not be asked for again: a chunk whose paths all are is let go. */
  forget(index: number): void {
    const c = Math.floor(index / CHUNK);
    if (c >= this.chunks.length) this.seal();
    if (--this.left[c]! > 0) return;
    this.chunks[c] = '';
    if (c === this.cached) {
      this.cached = -1;
      this.decoded = [];
    }
  }

  *[Symbol.iterator](): Generator<string> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /** The open chunk becomes one string (an array of small strings costs a header each). */
  private seal(): void {
    if (!this.open.length) return;
    this.chunks.push(flatCopy(this.open.join('')));
    this.left.push(this.open.length);
    this.open = [];
    if (this.cached === this.chunks.length - 1) this.cached = -1;
  }
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // not inside a surrogate pair: each entry's rest is then a well-formed string
  if (i > 0 && i < b.length && (b.charCodeAt(i - 1) & 0xfc00) === 0xd800) i--;
  return i;
}

function decode(chunk: string): string[] {
  const out: string[] = [];
  let last = '';
  for (let at = 0; at < chunk.length; ) {
    const colon = chunk.indexOf(':', at);
    const end = chunk.indexOf('\0', colon);
    last = flatCopy(last.slice(0, parseInt(chunk.slice(at, colon), 36)) + chunk.slice(colon + 1, end));
    out.push(last);
    at = end + 1;
  }
  return out;
}

/**
 * The string in one piece of its own: V8 keeps a concatenation as a tree of its parts and a slice
 * as a view of the whole string; reading a character flattens the tree into a new string, whose
 * parts and slices are then let go.
 */
function flatCopy(s: string): string {
  s.charCodeAt(0);
  return s;
}
