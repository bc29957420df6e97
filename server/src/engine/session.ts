import { canonicalRuleId } from '../catalog';
import { applyBaseline, type Baseline, type KeyedFindings, type StaleEntry } from './baseline';
import type { EffectiveConfig } from './config';
import { contextChanges, scopeEvidence, type Evidence, type SystemContext } from './context';
import { lintFile, type FileResult, type LintInput } from './engine';
import { looseScopes } from './fabric';
import { isHostScope, scopeFindings, type ScopedFacts } from './cross-file';
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

export interface SessionOptions {
  /**
   * The current text of a file the session holds (the editor's document, else the file on disk),
   * for checking it again when the other files of its host tree change how it is judged (a
   * `qemu.conf` that runs guests as a login user makes the domains beside it desktop ones).
   * Without it, such files keep the judgement they were checked with.
   */
  reread?: (path: string) => SessionInput | undefined;
}

/** What the engine computed for one file, from `lintFile` here or in a worker thread. */
export type Linted = ReturnType<typeof lintFile>;

interface Entry {
  settings: FileSettings;
  result: FileResult;
  facts?: ScopedFacts;
  version?: number;
  /** context evidence from the file itself (its `host` items count for the whole host tree) */
  evidence?: Evidence[];
  context?: SystemContext;
}

/**
 * The one path from file texts to findings, shared by the CLI, the language server, host scans and
 * tests. It keeps, per file, its own findings, the switch/port/mirror facts and the context evidence
 * it contributes (never its text), and per scope the cross-file findings those facts lead to. `update`
 * re-lints one file and re-judges only the scope it was and is in, and says which files' findings
 * changed. A scan of many files runs `batch` so each scope is judged once, at the end.
 */
export class Session {
  private readonly entries = new Map<string, Entry>();
  /** judging unit (see `unitOf`) → paths of files in it that contribute fabric facts */
  private readonly units = new Map<string, Set<string>>();
  /** host-tree scope → paths of every file in it (evidence counts whether or not a file has facts) */
  private readonly hosts = new Map<string, Set<string>>();
  /** path → cross-file findings reported in that file */
  private readonly crossFile = new Map<string, Finding[]>();
  /** unit → paths that received cross-file findings from it */
  private readonly reportedIn = new Map<string, Set<string>>();
  /** host scope → its evidence as last computed */
  private readonly hostEvidenceOf = new Map<string, Evidence[]>();
  private batching = 0;
  private readonly dirty = new Set<string>();

  constructor(
    private settingsOf: SettingsSource,
    private readonly options: SessionOptions = {},
  ) {}

  /** Replace how settings are resolved (settings or `.vharden.yaml` changed); check files again next. */
  setSettingsSource(source: SettingsSource): void {
    this.settingsOf = source;
  }

  /**
   * Run many updates and judge the scopes they touched once, at the end (a scan, the editor's first
   * index). Returns the paths whose findings changed.
   */
  batch(work: () => void): Set<string> {
    this.hold();
    let changed = new Set<string>();
    try {
      work();
    } finally {
      changed = this.release();
    }
    return changed;
  }

  /** Start deferring judgement (see `batch`); for work that yields between updates. */
  hold(): void {
    this.batching++;
  }

  /** End one `hold`; when none is left, judge what was deferred. Returns the paths whose findings changed. */
  release(): Set<string> {
    this.batching = Math.max(0, this.batching - 1);
    return this.batching === 0 ? this.flush() : new Set();
  }

  /** The host-tree evidence to lint a file with (what the other files of its host tree show). */
  hostEvidence(scope: string): Evidence[] {
    if (!isHostScope(scope)) return [];
    let e = this.hostEvidenceOf.get(scope);
    if (!e) this.hostEvidenceOf.set(scope, (e = this.computeHostEvidence(scope)));
    return e;
  }

  /** Lint one file's text and record it (with `settings` when the caller has them already). Returns the paths whose findings changed. */
  update(input: SessionInput, settings: FileSettings = this.settingsOf(input.path)): Set<string> {
    const linted = settings.ignored ? undefined : lintFile({ ...input, config: settings.config, hostEvidence: this.hostEvidence(settings.scope) });
    return this.record(input.path, linted, settings, input.version);
  }

  /**
   * Record what the engine computed for a file elsewhere (a worker thread, linted with
   * `hostEvidence(settings.scope)`) with the settings it was computed with; `linted` undefined: the
   * file is ignored. Returns the paths whose findings changed.
   */
  record(path: string, linted: Linted | undefined, settings: FileSettings = this.settingsOf(path), version?: number): Set<string> {
    const before = this.entries.get(path);
    const result: FileResult = linted?.result ?? { path, findings: [] };
    const facts = linted?.facts ? { ...linted.facts, scope: settings.scope, config: settings.config } : undefined;
    this.entries.set(path, { settings, result, facts, version, evidence: linted?.evidence, context: result.context });
    this.move(path, before, facts, settings.scope);
    const changed = new Set<string>();
    if (!before || signature(before.result.findings) !== signature(result.findings) || before.settings.baseline !== settings.baseline) changed.add(path);
    const touched = new Set<string>();
    if (before?.facts) touched.add(unitOf(before.facts.scope));
    if (facts) touched.add(unitOf(facts.scope));
    const hosts = new Set<string>();
    if (before && isHostScope(before.settings.scope)) hosts.add(before.settings.scope);
    if (isHostScope(settings.scope)) hosts.add(settings.scope);
    for (const h of hosts) touched.add(`evidence:${h}`);
    return this.judge(touched, changed);
  }

  /** Forget a file (deleted, or closed and not on disk). Returns the paths whose findings changed. */
  remove(path: string): Set<string> {
    const before = this.entries.get(path);
    if (!before) return new Set();
    this.entries.delete(path);
    this.move(path, before, undefined, undefined);
    this.crossFile.delete(path);
    const touched = new Set<string>();
    if (before.facts) touched.add(unitOf(before.facts.scope));
    if (isHostScope(before.settings.scope)) touched.add(`evidence:${before.settings.scope}`);
    return this.judge(touched, new Set([path]));
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
    if (b && all.length) applyBaseline([{ relPath: b.relPath, findings: all }], b.baseline, canonicalRuleId);
    return all;
  }

  /**
   * The cross-file findings reported in a file, baseline applied (copies). The editor shows these for
   * files that are not open: what the file's own text says is shown when it is opened.
   */
  crossFileFindings(path: string): Finding[] {
    const list = (this.crossFile.get(path) ?? []).map((f) => ({ ...f }));
    const b = this.entries.get(path)?.settings.baseline;
    if (b && list.length) applyBaseline([{ relPath: b.relPath, findings: list }], b.baseline, canonicalRuleId);
    return list;
  }

  /** Results of every file, as reports want them (cross-file findings merged, baselines applied). */
  results(): FileResult[] {
    return [...this.entries.values()].map((e) => ({ ...e.result, findings: this.findings(e.result.path) }));
  }

  /** Baseline entries that match no finding any more, over every file that shares each baseline. */
  staleBaselineEntries(): StaleEntry[] {
    return staleEntries(this.baselineGroups());
  }

  /** Per baseline (by id, in the order files first used it): the files that share it, with their findings before it applied (copies). */
  baselineGroups(): BaselineGroups {
    const byBaseline: BaselineGroups = new Map();
    for (const [path, e] of this.entries) {
      const b = e.settings.baseline;
      if (!b) continue;
      let group = byBaseline.get(b.id);
      if (!group) byBaseline.set(b.id, (group = { baseline: b.baseline, files: [] }));
      const findings = [...e.result.findings, ...(this.crossFile.get(path) ?? [])].map((f) => ({ ...f }));
      group.files.push({ relPath: b.relPath, findings });
    }
    return byBaseline;
  }

  private move(path: string, before: Entry | undefined, facts: ScopedFacts | undefined, scope: string | undefined): void {
    if (before?.facts) this.units.get(unitOf(before.facts.scope))?.delete(path);
    if (facts) {
      const u = unitOf(facts.scope);
      let set = this.units.get(u);
      if (!set) this.units.set(u, (set = new Set()));
      set.add(path);
    }
    if (before && isHostScope(before.settings.scope)) this.hosts.get(before.settings.scope)?.delete(path);
    if (scope !== undefined && isHostScope(scope)) {
      let set = this.hosts.get(scope);
      if (!set) this.hosts.set(scope, (set = new Set()));
      set.add(path);
    }
  }

  /** Judge the touched units now, or mark them for the end of the batch. */
  private judge(touched: Set<string>, changed: Set<string>): Set<string> {
    if (this.batching > 0) {
      for (const t of touched) this.dirty.add(t);
      return changed;
    }
    for (const p of this.judgeAll(touched)) changed.add(p);
    return changed;
  }

  private flush(): Set<string> {
    const touched = new Set(this.dirty);
    this.dirty.clear();
    return this.judgeAll(touched);
  }

  /**
   * Host evidence first (it can change how files are linted, and so their facts), then the
   * cross-file rules of every touched unit.
   */
  private judgeAll(touched: Set<string>): Set<string> {
    const changed = new Set<string>();
    const units = new Set<string>();
    for (const t of touched) {
      if (!t.startsWith('evidence:')) {
        units.add(t);
        continue;
      }
      for (const [path, unit] of this.rejudgeContext(t.slice('evidence:'.length), changed)) {
        changed.add(path);
        if (unit) units.add(unit);
      }
    }
    for (const u of units) for (const p of this.judgeUnit(u)) changed.add(p);
    return changed;
  }

  /**
   * A host tree's evidence was touched: when it changed, check again (from their current text) the
   * files of the tree whose judgement it changes. Returns those files with the unit of their facts.
   */
  private rejudgeContext(host: string, changed: Set<string>): [string, string | undefined][] {
    const old = this.hostEvidenceOf.get(host);
    const next = this.computeHostEvidence(host);
    this.hostEvidenceOf.set(host, next);
    if (old && evidenceSignature(old) === evidenceSignature(next)) return [];
    const out: [string, string | undefined][] = [];
    const reread = this.options.reread;
    if (!reread) return out;
    for (const path of [...(this.hosts.get(host) ?? [])]) {
      const e = this.entries.get(path);
      if (!e?.context || !contextChanges(e.context, e.evidence, next)) continue;
      const input = reread(path);
      if (!input) continue;
      const before = signature(e.result.findings);
      const linted = e.settings.ignored ? undefined : lintFile({ ...input, config: e.settings.config, hostEvidence: next });
      const result: FileResult = linted?.result ?? { path, findings: [] };
      const facts = linted?.facts ? { ...linted.facts, scope: e.settings.scope, config: e.settings.config } : undefined;
      const prevFacts = e.facts;
      this.entries.set(path, { ...e, result, facts, evidence: linted?.evidence, context: result.context, version: input.version ?? e.version });
      this.move(path, { ...e, facts: prevFacts }, facts, e.settings.scope);
      if (signature(result.findings) !== before) changed.add(path);
      out.push([path, facts ? unitOf(facts.scope) : prevFacts ? unitOf(prevFacts.scope) : undefined]);
    }
    return out;
  }

  private computeHostEvidence(host: string): Evidence[] {
    const paths: string[] = [];
    const evidence: Evidence[] = [];
    const ports: ScopedFacts['ports'] = [];
    for (const p of this.hosts.get(host) ?? []) {
      const e = this.entries.get(p);
      if (!e) continue;
      paths.push(p);
      for (const x of e.evidence ?? []) if (x.scope === 'host') evidence.push(x);
      for (const x of e.facts?.ports ?? []) ports.push(x);
    }
    // in path order, so the evidence never depends on the order files were updated in
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    paths.sort(order);
    return scopeEvidence(paths, evidence.sort((a, b) => order(a.text, b.text)), ports);
  }

  /** Re-run the cross-file rules of one unit; returns the paths whose cross-file findings changed. */
  private judgeUnit(unit: string): Set<string> {
    const members = this.units.get(unit) ?? new Set<string>();
    const facts: ScopedFacts[] = [];
    for (const p of members) {
      const f = this.entries.get(p)?.facts;
      if (f) facts.push(f);
    }
    // in path order, so the result never depends on the order files were updated in
    facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const next = new Map<string, Finding[]>();
    if (unit.startsWith('root:')) {
      // a loose scope: files link only when the folder of one holds the other (see `looseScopes`)
      const keys = looseScopes(facts);
      const groups = new Map<string, ScopedFacts[]>();
      facts.forEach((f, i) => {
        let g = groups.get(keys[i]!);
        if (!g) groups.set(keys[i]!, (g = []));
        g.push(f);
      });
      for (const [key, g] of groups) for (const [p, list] of scopeFindings(g, undefined, key)) next.set(p, list);
    } else if (facts.length) {
      for (const [p, list] of scopeFindings(facts)) next.set(p, list);
    }
    const changed = new Set<string>();
    const previous = this.reportedIn.get(unit) ?? new Set<string>();
    for (const p of new Set([...previous, ...next.keys()])) {
      const list = next.get(p);
      if (signature(this.crossFile.get(p)) !== signature(list)) changed.add(p);
      if (list) this.crossFile.set(p, list);
      else this.crossFile.delete(p);
    }
    if (next.size) this.reportedIn.set(unit, new Set(next.keys()));
    else this.reportedIn.delete(unit);
    if (members.size === 0) this.units.delete(unit);
    return changed;
  }
}

export type BaselineGroups = Map<string, { baseline: Baseline; files: KeyedFindings[] }>;

/** Baseline entries that match no finding of the files that share each baseline. */
export function staleEntries(groups: BaselineGroups): StaleEntry[] {
  const out: StaleEntry[] = [];
  for (const g of groups.values()) out.push(...applyBaseline(g.files, g.baseline, canonicalRuleId));
  return out;
}

/** The unit the cross-file rules judge together: a scope, or the whole root of a loose scope (split by folder when judged). */
function unitOf(scope: string): string {
  if (!scope.startsWith('root:')) return scope;
  const nl = scope.indexOf('\n');
  return nl < 0 ? scope : scope.slice(0, nl);
}

function evidenceSignature(list: Evidence[]): string {
  return list.map((e) => `${e.kind}:${e.scope}:${e.tenants ? 't' : ''}:${e.text}`).join('\0');
}

/** What makes two finding lists the same for a client: rule, range, severity, message, suppression. */
export function signature(list: readonly Finding[] | undefined): string {
  return (list ?? []).map((f) => `${f.ruleId}:${f.start}:${f.end}:${f.severity}:${f.suppressed ? 1 : 0}:${f.message}`).join('|');
}
