/**
 * Debian package versions (`[epoch:]upstream[-revision]`), compared the way dpkg compares them
 * (deb-version(7)): epochs as numbers, then upstream and revision part by part, where a run of
 * non-digits compares character by character with `~` before everything (even the end) and
 * letters before other characters, and a run of digits compares as a number. Linear in the length.
 */

export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const VERSION = /^(?:(\d{1,9}):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/;

export function parseDebianVersion(s: string): DebianVersion | undefined {
  const m = VERSION.exec(s.trim());
  if (!m) return undefined;
  return { epoch: Number(m[1] ?? 0), upstream: m[2]!, revision: m[3] ?? '' };
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** dpkg's verrevcmp: negative, zero or positive. */
function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const d = order(isDigit(a[i]) ? undefined : a[i]) - order(isDigit(b[j]) ? undefined : b[j]);
      if (d !== 0) return d;
      if (i < a.length && !isDigit(a[i])) i++;
      if (j < b.length && !isDigit(b[j])) j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let first = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (first === 0) first = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (first !== 0) return first;
  }
  return 0;
}

/** Compare two Debian versions; undefined when either is not one. */
export function compareDebianVersions(a: string, b: string): number | undefined {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  if (!x || !y) return undefined;
  return x.epoch - y.epoch || compareParts(x.upstream, y.upstream) || compareParts(x.revision, y.revision);
}

/** The Debian release a stable or security update was built for (`1:7.2+dfsg-7+deb12u6` → 12), if its version says. */
export function debianReleaseOfUpdate(version: string): number | undefined {
  const m = /[+~]deb(\d{1,2})u\d+/.exec(version);
  return m ? Number(m[1]) : undefined;
}
