/**
 * The maintainer's refresh of the Debian fixes in server/data/hypervisors.json, run where a network
 * is available (vharden itself never fetches anything):
 *
 *   node --import tsx scripts/data-update.ts [--lists FILE...] [--out DIR]
 *
 * Reads the Debian security tracker's DSA and DLA lists (the URLs in scripts/data-inputs.json, or
 * local copies given with --lists), takes every advisory of the tracked source packages that names a
 * tracked CVE, and writes one entry per CVE, package and release with the advisory's fixed version
 * and date (the first advisory wins, as in the tracker). CVEs the lists name that scripts/data-inputs.json
 * does not describe are printed for the maintainer to describe (impact, summary), never guessed.
 * Proxmox VE end-of-life months, Windows Server end dates and guest-OS end-of-support dates are
 * edited by hand from their lifecycle pages. Writes server/data/hypervisors.json, or with --out DIR a bundle for
 * `vharden advisories update --from DIR`: the three data files and their SHA256SUMS.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateHypervisorData, type DebianFix, type HypervisorData } from '../server/src/rules/patch/hypervisors';

const ROOT = join(__dirname, '..');

export interface Inputs {
  lists: string[];
  releases: Record<string, number>;
  packages: string[];
  cves: Record<string, { impact: DebianFix['impact']; summary: string }>;
}

export interface ListedFix {
  origin: string;
  /** YYYY-MM-DD, from the entry's `[05 Sep 2022]` */
  date: string;
  cve: string;
  package: string;
  codename: string;
  fixed: string;
}

/**
 * Entries of a tracker list (data/DSA/list, data/DLA/list):
 *   [21 Sep 2020] DSA-4760-1 qemu - security update
 *   	{CVE-2020-12829 CVE-2020-14364}
 *   	[buster] - qemu 1:3.1+dfsg-8+deb10u8
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `05 Sep 2022` → `2022-09-05`; undefined when it is not such a date */
export function listDate(text: string): string | undefined {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2]!) + 1 : 0;
  return m && month > 0 ? `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : undefined;
}

export function parseAdvisoryList(text: string): ListedFix[] {
  const out: ListedFix[] = [];
  let origin: string | undefined;
  let date: string | undefined;
  let cves: string[] = [];
  for (const line of text.split('\n')) {
    const head = /^\[([^\]]*)\]\s+((?:DSA|DLA)-\d+-\d+)\s/.exec(line);
    if (head) {
      date = listDate(head[1]!);
      origin = date ? head[2] : undefined; // an entry without a readable date is not used
      cves = [];
      continue;
    }
    const ids = /^\s+\{([^}]*)\}/.exec(line);
    if (ids && origin) {
      cves = ids[1]!.split(/\s+/).filter((c) => /^CVE-\d{4}-\d{4,}$/.test(c));
      continue;
    }
    const fix = /^\s+\[([a-z]+)\]\s+-\s+(\S+)\s+(\S+)/.exec(line);
    if (fix && origin && date) for (const cve of cves) out.push({ origin, date, cve, package: fix[2]!, codename: fix[1]!, fixed: fix[3]! });
  }
  return out;
}

/** The fixes of the tracked CVEs and packages, one per CVE, package and release (the earliest advisory's), and the CVEs not described in the inputs. */
export function debianFixes(listed: ListedFix[], inputs: Inputs): { fixes: DebianFix[]; undescribed: string[] } {
  const fixes = new Map<string, DebianFix>();
  const undescribed = new Set<string>();
  for (const l of listed) {
    const release = inputs.releases[l.codename];
    if (release === undefined || !inputs.packages.includes(l.package)) continue;
    const described = inputs.cves[l.cve];
    if (!described) {
      undescribed.add(`${l.cve} (${l.package}, ${l.origin})`);
      continue;
    }
    const key = `${l.cve} ${l.package} ${release}`;
    if (fixes.has(key)) continue;
    fixes.set(key, { cve: l.cve, package: l.package as DebianFix['package'], release, fixed: l.fixed, origin: l.origin, date: l.date, impact: described.impact, summary: described.summary, url: `https://security-tracker.debian.org/tracker/${l.cve}` });
  }
  const sorted = [...fixes.values()].sort((a, b) => a.cve.localeCompare(b.cve) || a.package.localeCompare(b.package) || a.release - b.release);
  return { fixes: sorted, undescribed: [...undescribed].sort() };
}

async function read(source: string): Promise<string> {
  if (!/^https:\/\//.test(source)) return readFileSync(source, 'utf8');
  const r = await fetch(source);
  if (!r.ok) throw new Error(`${source}: HTTP ${r.status}`);
  return r.text();
}

async function main(argv: string[]): Promise<void> {
  const inputs = JSON.parse(readFileSync(join(__dirname, 'data-inputs.json'), 'utf8')) as Inputs;
  let out: string | undefined;
  const given: string[] = [];
  for (let i = 0, flag = ''; i < argv.length; i++) {
    if (argv[i]!.startsWith('--')) flag = argv[i]!;
    else if (flag === '--out') out = argv[i];
    else if (flag === '--lists') given.push(argv[i]!);
    else throw new Error(`unexpected argument ${argv[i]} (usage: data-update.ts [--lists FILE...] [--out DIR])`);
  }
  const lists = given.length ? given : inputs.lists;
  const listed = (await Promise.all(lists.map(read))).flatMap(parseAdvisoryList);
  const { fixes, undescribed } = debianFixes(listed, inputs);
  const today = new Date().toISOString().slice(0, 10);
  const file = join(ROOT, 'server', 'data', 'hypervisors.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as HypervisorData;
  const next: HypervisorData = { ...data, updated: today, debianFixes: fixes };
  const checked = validateHypervisorData(next);
  if ('error' in checked) throw new Error(`the rebuilt data is invalid: ${checked.error}`);
  const text = JSON.stringify(next, null, 2) + '\n';
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'hypervisors.json'), text);
    for (const name of ['advisories.json', 'guest-os.json']) copyFileSync(join(ROOT, 'server', 'data', name), join(out, name));
    const sums = ['advisories.json', 'guest-os.json', 'hypervisors.json'].map((n) => `${createHash('sha256').update(readFileSync(join(out, n))).digest('hex')}  ${n}\n`).join('');
    writeFileSync(join(out, 'SHA256SUMS'), sums);
  } else writeFileSync(file, text);
  console.log(`${fixes.length} Debian fixes from ${lists.length} lists (${listed.length} listed fixes) written to ${out ?? file}, dated ${today}`);
  if (undescribed.length) console.log(`Not added, describe them in scripts/data-inputs.json (impact, summary) to track them:\n${undescribed.map((c) => `  ${c}`).join('\n')}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
