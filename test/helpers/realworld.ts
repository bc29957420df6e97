import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { decodeBytes } from '../../server/src/engine/decode';
import { LineIndex } from '../../server/src/engine/text';
import { runScan } from '../../server/src/node/run-scan';
import { CORPUS } from './corpus';

/**
 * The real-world precision harness: real public files (never committed) listed in a manifest, every
 * finding vharden reports on them judged true positive, false positive or noise. See README, Development.
 */

export const REALWORLD = join(__dirname, '..', 'realworld');

export type Verdict = 'tp' | 'fp' | 'noise';
export const VERDICTS: readonly string[] = ['tp', 'fp', 'noise'];

export interface ManifestEntry {
  /** where the file is laid out for the scan: `<owner>__<repo>/<original path>`; the key of judgments */
  file: string;
  /** `corpus:<path in the shared corpus>` or `gathered:<owner>/<repo>@<commit>:<path>` */
  source: string;
  repo: string;
  commit: string;
  /** path in the original repository */
  path: string;
  /** SPDX id, or "none" when the repository has no licence file */
  licence: string;
  sha256: string;
  category: string;
}

export interface Judgment {
  file: string;
  rule: string;
  locator: string;
  /** 1-based line the finding points at */
  line: number;
  /** `unjudged` marks a skeleton written by `npm run realworld -- --write`; the test rejects it */
  verdict: Verdict | 'unjudged';
  reason: string;
}

/** A rule correctly silent on a real file of its format. */
export interface Quiet {
  file: string;
  rule: string;
  reason: string;
}

export interface Judgments {
  findings: Judgment[];
  quiet: Quiet[];
}

export interface Observed {
  file: string;
  rule: string;
  locator: string;
  line: number;
  message: string;
  /** the text of the line the finding points at */
  text: string;
}

export interface SetPaths {
  manifest: string;
  judgments: string;
  /** folder of the shared corpus (`corpus:` sources); absent → those files are skipped */
  corpus?: string;
  /** folder holding `<owner>__<repo>/<path>` copies of gathered files; absent → those files are skipped */
  gathered?: string;
}

/** The committed set: corpus beside the clone (or VH_CORPUS_DIR), gathered files in VH_REALWORLD_DIR or `<clone>/../realworld-files`. */
export function suitePaths(env = process.env): SetPaths {
  return {
    manifest: join(REALWORLD, 'manifest.json'),
    judgments: join(REALWORLD, 'judgments.json'),
    corpus: env.VH_CORPUS_DIR || CORPUS,
    gathered: env.VH_REALWORLD_DIR || join(__dirname, '..', '..', '..', 'realworld-files'),
  };
}

/** A held-out set kept outside the repository: DIR/manifest.json, DIR/judgments.json, DIR/files/. */
export function holdoutPaths(dir: string): SetPaths {
  return { manifest: join(dir, 'manifest.json'), judgments: join(dir, 'judgments.json'), gathered: join(dir, 'files') };
}

export function readManifest(path: string): ManifestEntry[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { files: ManifestEntry[] }).files;
}

export function readJudgments(path: string): Judgments {
  if (!existsSync(path)) return { findings: [], quiet: [] };
  const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<Judgments>;
  return { findings: j.findings ?? [], quiet: j.quiet ?? [] };
}

/** Where a manifest entry's bytes are on this machine, if anywhere. */
export function sourcePath(entry: ManifestEntry, paths: SetPaths): string | undefined {
  if (entry.source.startsWith('corpus:')) {
    const p = paths.corpus && join(paths.corpus, entry.source.slice('corpus:'.length));
    return p && existsSync(p) ? p : undefined;
  }
  const p = paths.gathered && join(paths.gathered, entry.file);
  return p && existsSync(p) ? p : undefined;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export interface Materialised {
  root: string;
  present: ManifestEntry[];
  missing: ManifestEntry[];
  /** present but with other bytes than the manifest says */
  changed: ManifestEntry[];
  dispose(): void;
}

/** Copy every present file (with its recorded bytes) into a fresh folder, laid out as `file` says. */
export function materialise(entries: ManifestEntry[], paths: SetPaths): Materialised {
  const root = mkdtempSync(join(tmpdir(), 'vh-realworld-'));
  const present: ManifestEntry[] = [];
  const missing: ManifestEntry[] = [];
  const changed: ManifestEntry[] = [];
  for (const e of entries) {
    const src = sourcePath(e, paths);
    if (!src) {
      missing.push(e);
      continue;
    }
    if (sha256(readFileSync(src)) !== e.sha256) {
      changed.push(e);
      continue;
    }
    const dest = join(root, e.file);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(src, dest);
    present.push(e);
  }
  return { root, present, missing, changed, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** The date the judgments were made on: end-of-support dates and data age are judged as of it, so the set does not change with the calendar. */
export const JUDGED_ON = '2026-12-02';

/**
 * Scan each repository folder on its own, as its owner would run `vharden scan` on a clone: default
 * settings, no `.vharden.yaml`. Returns every finding, tool diagnostics included, sorted.
 */
export function scanSet(root: string): Observed[] {
  const out: Observed[] = [];
  for (const repo of readdirSync(root).sort()) {
    const { result } = runScan({ paths: [join(root, repo)], configFiles: false, today: JUDGED_ON });
    for (const r of result.files) {
      if (!r.findings.length) continue;
      const file = relative(root, r.path).split(sep).join('/');
      const lines = new LineIndex(decodeBytes(readFileSync(r.path)).text);
      for (const f of r.findings) {
        const lineText = lines.text.slice(lines.lineStart(f.line), lines.lineEnd(f.line));
        out.push({ file, rule: f.ruleId, locator: f.locator, line: f.line + 1, message: f.message, text: lineText.trim().slice(0, 160) });
      }
    }
  }
  return out.sort(byPlace);
}

function byPlace(a: { file: string; line: number; rule: string; locator: string }, b: typeof a): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.locator.localeCompare(b.locator);
}

export interface Diff {
  matched: { seen: Observed; judged: Judgment }[];
  /** same file, rule and locator, another line: the judgment still holds, its line is stale */
  moved: { seen: Observed; judged: Judgment }[];
  /** findings with no judgment */
  fresh: Observed[];
  /** judgments of present files whose finding is gone */
  gone: Judgment[];
}

/** Pair findings with judgments: first on file, rule, locator and line, then on file, rule and locator. */
export function diff(seen: Observed[], judgments: Judgment[], presentFiles: Set<string>): Diff {
  const open = judgments.filter((j) => presentFiles.has(j.file));
  const key = (x: { file: string; rule: string; locator: string }) => `${x.file}\u0000${x.rule}\u0000${x.locator}`;
  const pools = new Map<string, Judgment[]>();
  for (const j of open) pools.set(key(j), [...(pools.get(key(j)) ?? []), j]);
  const matched: Diff['matched'] = [];
  const moved: Diff['moved'] = [];
  const rest: Observed[] = [];
  for (const s of seen) {
    const pool = pools.get(key(s)) ?? [];
    const i = pool.findIndex((j) => j.line === s.line);
    if (i >= 0) matched.push({ seen: s, judged: pool.splice(i, 1)[0]! });
    else rest.push(s);
  }
  const fresh: Observed[] = [];
  for (const s of rest) {
    const pool = pools.get(key(s)) ?? [];
    if (pool.length) moved.push({ seen: s, judged: pool.shift()! });
    else fresh.push(s);
  }
  const gone = [...pools.values()].flat().sort(byPlace);
  return { matched, moved, fresh, gone };
}

export interface RuleFigures {
  rule: string;
  tp: number;
  fp: number;
  noise: number;
  unjudged: number;
  /** files with at least one judged finding of the rule */
  files: number;
  /** files the rule is judged correctly silent on */
  quiet: number;
}

export function figures(j: Judgments): Map<string, RuleFigures> {
  const out = new Map<string, RuleFigures>();
  const get = (rule: string) => {
    let f = out.get(rule);
    if (!f) out.set(rule, (f = { rule, tp: 0, fp: 0, noise: 0, unjudged: 0, files: 0, quiet: 0 }));
    return f;
  };
  const files = new Map<string, Set<string>>();
  for (const x of j.findings) {
    get(x.rule)[x.verdict]++;
    files.set(x.rule, (files.get(x.rule) ?? new Set()).add(x.file));
  }
  for (const [rule, s] of files) get(rule).files = s.size;
  for (const q of j.quiet) get(q.rule).quiet++;
  return out;
}

/** tp / (tp + fp + noise), undefined with nothing judged. */
export function precision(f: { tp: number; fp: number; noise: number }): number | undefined {
  const n = f.tp + f.fp + f.noise;
  return n ? f.tp / n : undefined;
}

export const percent = (x: number | undefined): string => (x === undefined ? '—' : `${Math.round(x * 100)}%`);
