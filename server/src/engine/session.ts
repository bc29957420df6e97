import { applyBaseline, type Baseline, type StaleEntry } from './baseline';
import type { EffectiveConfig } from './config';
import { lintFile, type FileFacts, type FileResult, type LintInput } from './engine';
import { scopeFindings, type ScopedFacts } from './project';
import type { Finding } from './types';

/**
 * What the session needs to know about one file, resolved by its caller (CLI flags and
 * `.vharden.yaml` files, editor settings, a host root): the configuration, whether the file is
 * ignored, the cross-file scope it belongs to, and the baseline in effect for it.
 */
export interface FileSettings {
  config: EffectiveConfig;
  ignored: boolean;
  /** the cross-file scope (see `scopeOf`) */
  scope: string;
  baseline?: BaselineRef;
}

export interface BaselineRef {
  /** identifies the baseline (its file path): files that share it share its counts */
  id: string;
  baseline: Baseline;
  /** the file's path as baseline entries name it (relative to the baseline's base, `/` separators) */
  relPath: string;
}

/** Resolves the settings of a file; injected so the engine stays free of file systems and editors. */
export type SettingsSource = (path: string) => FileSettings;

/** A file's text as the session receives it. */
export interface SessionInput {
  path: string;
  text: string;
  /** editor document version, when there is one */
  version?: number;
  formatId?: string;
  decodeProblems?: LintInput['decodeProblems'];
  skipReason?: string;
}

/** What the engine computed for one file, from `lintFile` here or in a worker thread. */
export type Linted = ReturnType<typeof lintFile>;

interface Entry {
  settings: FileSettings;
  result: FileResult;
  facts?: ScopedFacts;
  version?: number;
}

/**
 * The one path from file texts to findings, shared by the CLI, the language server, host scans and
 * tests. It keeps, per file, its own findings and the switch/port/mirror facts it contributes (never
 * its text), and per scope the cross-file findings those facts lead to. `update` re-lints one file and
 * re-judges only the scopes it was and is in, and says which files' findings changed.
 */
export class Session {
  private readonly entries = new Map<string, Entry>();
  /** scope → paths of files in it that contribute facts */
  private readonly scopes = new Map<string, Set<string>>();
  /** path → cross-file findings reported in that file */
  private readonly crossFile = new Map<string, Finding[]>();
  /** scope → paths that received cross-file findings from it */
  private readonly reportedIn = new Map<string, Set<string>>();

  constructor(private settingsOf: SettingsSource) {}

  /** Replace how settings are resolved (settings or `.vharden.yaml` changed); call `relint` next. */
  setSettingsSource(source: SettingsSource): void {
    this.settingsOf = source;
  }

  /** Lint one file's text and record it (with `settings` when the caller has them already). Returns the paths whose findings changed. */
  update(input: SessionInput, settings: FileSettings = this.settingsOf(input.path)): Set<string> {
    const linted = settings.ignored ? undefined : lintFile({ ...input, config: settings.config });
    return this.record(input.path, linted, settings, input.version);
  }

  /**
   * Record what the engine computed for a file elsewhere (a worker thread) with the settings it was
   * computed with; `linted` undefined: the file is ignored. Returns the paths whose findings changed.
   */
  record(path: string, linted: Linted | undefined, settings: FileSettings = this.settingsOf(path), version?: number): Set<string> {
    const before = this.entries.get(path);
    const result: FileResult = linted?.result ?? { path, findings: [] };
    const facts = linted?.facts ? { ...linted.facts, scope: settings.scope, config: settings.config } : undefined;
    this.entries.set(path, { settings, result, facts, version });
    const changed = new Set<string>();
    if (!before || signature(before.result.findings) !== signature(result.findings) || before.settings.baseline !== settings.baseline) changed.add(path);
    const scopes = new Set<string>();
    if (before?.facts) scopes.add(before.facts.scope);
    if (facts) scopes.add(facts.scope);
    this.move(path, before?.facts?.scope, facts?.scope);
    for (const s of scopes) for (const p of this.judgeScope(s)) changed.add(p);
    return changed;
  }

  /** Forget a file (deleted, or closed and not on disk). Returns the paths whose findings changed. */
  remove(path: string): Set<string> {
    const before = this.entries.get(path);
    if (!before) return new Set();
    this.entries.delete(path);
    const changed = new Set<string>([path]);
    if (before.facts) {
      this.move(path, before.facts.scope, undefined);
      for (const p of this.judgeScope(before.facts.scope)) changed.add(p);
    }
    this.crossFile.delete(path);
    return changed;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /** The document version a file was last recorded with (editor documents only). */
  versionOf(path: string): number | undefined {
    return this.entries.get(path)?.version;
  }

  settings(path: string): FileSettings | undefined {
    return this.entries.get(path)?.settings;
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** The file's own result as linted (format, own findings; no cross-file findings, no baseline). */
  ownResult(path: string): FileResult | undefined {
    return this.entries.get(path)?.result;
  }

  /**
   * Every finding reported in a file: its own and the cross-file ones, sorted, with the file's
   * baseline applied (copies: what the session keeps is never changed).
   */
  findings(path: string): Finding[] {
    const e = this.entries.get(path);
    const own = e?.result.findings ?? [];
    const extra = this.crossFile.get(path) ?? [];
    const all = [...own, ...extra].map((f) => ({ ...f })).sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    const b = e?.settings.baseline;
    if (b && all.length) applyBaseline([{ relPath: b.relPath, findings: all }], b.baseline);
    return all;
  }

  /**
   * The cross-file findings reported in a file, baseline applied (copies). The editor shows these for
   * files that are not open: what the file's own text says is shown when it is opened.
   */
  crossFileFindings(path: string): Finding[] {
    const list = (this.crossFile.get(path) ?? []).map((f) => ({ ...f }));
    const b = this.entries.get(path)?.settings.baseline;
    if (b && list.length) applyBaseline([{ relPath: b.relPath, findings: list }], b.baseline);
    return list;
  }

  /** Results of every file, as reports want them (cross-file findings merged, baselines applied). */
  results(): FileResult[] {
    return [...this.entries.values()].map((e) => ({ ...e.result, findings: this.findings(e.result.path) }));
  }

  /** Baseline entries that match no finding any more, over every file that shares each baseline. */
  staleBaselineEntries(): StaleEntry[] {
    const byBaseline = new Map<string, { baseline: Baseline; files: { relPath: string; findings: Finding[] }[] }>();
    for (const [path, e] of this.entries) {
      const b = e.settings.baseline;
      if (!b) continue;
      let group = byBaseline.get(b.id);
      if (!group) byBaseline.set(b.id, (group = { baseline: b.baseline, files: [] }));
      const findings = [...e.result.findings, ...(this.crossFile.get(path) ?? [])].map((f) => ({ ...f }));
      group.files.push({ relPath: b.relPath, findings });
    }
    const out: StaleEntry[] = [];
    for (const g of byBaseline.values()) out.push(...applyBaseline(g.files, g.baseline));
    return out;
  }

  private move(path: string, from: string | undefined, to: string | undefined): void {
    if (from !== undefined && from !== to) this.scopes.get(from)?.delete(path);
    if (to !== undefined) {
      let set = this.scopes.get(to);
      if (!set) this.scopes.set(to, (set = new Set()));
      set.add(path);
    }
  }

  /** Re-run the cross-file rules of one scope; returns the paths whose cross-file findings changed. */
  private judgeScope(scope: string): Set<string> {
    const members = this.scopes.get(scope) ?? new Set<string>();
    const facts: ScopedFacts[] = [];
    for (const p of members) {
      const f = this.entries.get(p)?.facts;
      if (f) facts.push(f);
    }
    // in path order, so the result never depends on the order files were updated in
    facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const next = facts.length ? scopeFindings(facts) : new Map<string, Finding[]>();
    const changed = new Set<string>();
    const previous = this.reportedIn.get(scope) ?? new Set<string>();
    for (const p of new Set([...previous, ...next.keys()])) {
      const list = next.get(p);
      if (signature(this.crossFile.get(p)) !== signature(list)) changed.add(p);
      if (list) this.crossFile.set(p, list);
      else this.crossFile.delete(p);
    }
    if (next.size) this.reportedIn.set(scope, new Set(next.keys()));
    else this.reportedIn.delete(scope);
    if (members.size === 0) this.scopes.delete(scope);
    return changed;
  }
}

/** What makes two finding lists the same for a client: rule, range, severity, message, suppression. */
export function signature(list: readonly Finding[] | undefined): string {
  return (list ?? []).map((f) => `${f.ruleId}:${f.start}:${f.end}:${f.severity}:${f.suppressed ? 1 : 0}:${f.message}`).join('|');
}
