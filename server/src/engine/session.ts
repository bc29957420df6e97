import { canonicalRuleId } from '../catalog';
import { applyBaseline, type Baseline, type KeyedFindings, type StaleEntry } from './baseline';
import type { EffectiveConfig } from './config';
import { contextChanges, scopeEvidence, type Evidence, type SystemContext } from './context';
import { lintFile, moduleSignature, type FileResult, type LintInput } from './engine';
import { looseScopes } from './fabric';
import { isHostScope, scopeFindings, type ScopedFacts } from './cross-file';
import { moveFindings, movedFacts, same, sameHostEvidence } from './moved-facts';
import { byPosition, type Finding, type ModuleValue } from './types';

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
  /** Called with each group of linked files the cross-file rules judge (a scope, or a folder group of a loose scope); tests count them. */
  onJudge?: (group: string) => void;
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
  /** values the file declares for its folder (Terraform variables); undefined: its format declares none */
  moduleValues?: ModuleValue[];
  /** the names of its folder's values it reads, and their values it was linted with (see `moduleSignature`); undefined: linted without them */
  moduleUses?: string[];
  moduleSeen?: string;
}

/**
 * The one path from file texts to findings, shared by the CLI, the language server, host scans and
 * tests. It keeps, per file, its own findings, the switch/port/mirror facts and the context evidence
 * it contributes (never its text), and per scope the cross-file findings those facts lead to. `update`
 * re-lints one file and re-judges only the scope it was and is in (in a loose scope, only the folder
 * group it was and is in, unless the groups themselves change), and says which files' findings
 * changed. A scan of many files runs `batch` so each scope is judged once, at the end.
 */
export class Session {
  private readonly entries = new Map<string, Entry>();
  /** judging unit (see `unitOf`) → paths of files in it that contribute fabric facts */
  private readonly units = new Map<string, Set<string>>();
  /** host-tree scope → paths of every file in it (evidence counts whether or not a file has facts) */
  private readonly hosts = new Map<string, Set<string>>();
  /** loose root unit → folder → paths in it that contribute fabric facts */
  private readonly looseFolders = new Map<string, Map<string, Set<string>>>();
  /** loose root unit → folder → its group key (see `looseScopes`) as last judged */
  private readonly looseKeys = new Map<string, Map<string, string>>();
  /** loose root units whose set of folders changed since they were last judged (groups may merge or split) */
  private readonly reshaped = new Set<string>();
  /** path → cross-file findings reported in that file */
  private readonly crossFile = new Map<string, Finding[]>();
  /** the group whose judgement each file's cross-file findings come from */
  private readonly reporterOf = new Map<string, string>();
  /** unit (or loose root unit and group) → paths that received cross-file findings from it */
  private readonly reportedIn = new Map<string, Set<string>>();
  /** module folder → paths of the files in it that declare values for it (see `moduleValues`) */
  private readonly modules = new Map<string, Set<string>>();
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
    const linted = settings.ignored ? undefined : lintFile({ ...input, config: settings.config, hostEvidence: this.hostEvidence(settings.scope), moduleValues: this.moduleValues(input.path) });
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
    this.entries.set(path, { settings, result, facts, version, evidence: linted?.evidence, context: result.context, moduleValues: linted?.moduleValues, moduleUses: linted?.moduleUses, moduleSeen: linted?.moduleSeen });
    this.move(path, before, facts, settings.scope);
    const moduleTouched = this.moveModule(path, before?.moduleValues, linted?.moduleValues);
    const changed = new Set<string>();
    if (!before || !sameFindings(before.result.findings, result.findings) || before.settings.baseline !== settings.baseline) changed.add(path);
    const touched = new Set<string>();
    if (moduleTouched) touched.add(`module:${folderOf(path)}`);
    if (before && this.movedOnly(path, before, facts, settings, linted?.evidence, changed)) return this.judge(touched, changed);
    if (before?.facts) touched.add(before.facts.scope);
    if (facts) touched.add(facts.scope);
    const hosts = new Set<string>();
    if (before && isHostScope(before.settings.scope)) hosts.add(before.settings.scope);
    if (isHostScope(settings.scope)) hosts.add(settings.scope);
    for (const h of hosts) touched.add(`evidence:${h}`);
    return this.judge(touched, changed);
  }

  /**
   * When the file's facts only moved within their lines (see moved-facts.ts) and it says the same of
   * its host, in the same scope with the same configuration: move its cross-file findings with its
   * facts (adding it to `changed` when they moved) and return true; its scope and host evidence need
   * no judging again. False when they do. Not while batching: a batch judges its scopes at its end.
   */
  private movedOnly(path: string, before: Entry, facts: ScopedFacts | undefined, settings: FileSettings, evidence: Evidence[] | undefined, changed: Set<string>): boolean {
    // the same configuration, or a copy with the same values (the editor resolves a file's settings for every check)
    if (this.batching > 0 || before.settings.scope !== settings.scope || !same(before.settings.config, settings.config)) return false;
    if (!sameHostEvidence(before.evidence, evidence)) return false;
    if (!before.facts || !facts) return !before.facts && !facts;
    // alone in its unit, the file is judged again as fast as its facts are compared
    if ((this.units.get(unitOf(facts.scope))?.size ?? 0) < 2) return false;
    const moved = movedFacts(before.facts, facts);
    if (!moved) return false;
    const list = this.crossFile.get(path);
    if (!list) return true;
    const next = moveFindings(list, moved);
    if (!next) return false;
    if (!sameFindings(list, next)) changed.add(path);
    this.crossFile.set(path, next);
    return true;
  }

  /**
   * What the files of a path's folder declare for it (Terraform variable defaults and `.tfvars`), in
   * path order: what to lint a file of that folder with.
   */
  moduleValues(path: string): ModuleValue[] {
    const out: ModuleValue[] = [];
    const members = [...(this.modules.get(folderOf(path)) ?? [])].sort();
    for (const p of members) for (const v of this.entries.get(p)?.moduleValues ?? []) out.push(v);
    return out;
  }

  /** Keep the folder's members up to date; true when what the file declares for its folder changed. */
  private moveModule(path: string, was: ModuleValue[] | undefined, is: ModuleValue[] | undefined): boolean {
    const folder = folderOf(path);
    if (is) {
      let set = this.modules.get(folder);
      if (!set) this.modules.set(folder, (set = new Set()));
      set.add(path);
    } else if (was) {
      const set = this.modules.get(folder);
      if (set?.delete(path) && set.size === 0) this.modules.delete(folder);
    }
    if (!was && !is) return false;
    return !was || !is || moduleSignature(was, '') !== moduleSignature(is, '');
  }

  /** Forget a file (deleted, or closed and not on disk). Returns the paths whose findings changed. */
  remove(path: string): Set<string> {
    const before = this.entries.get(path);
    if (!before) return new Set();
    this.entries.delete(path);
    this.move(path, before, undefined, undefined);
    const moduleTouched = this.moveModule(path, before.moduleValues, undefined);
    this.crossFile.delete(path);
    this.reporterOf.delete(path);
    const touched = new Set<string>();
    if (moduleTouched) touched.add(`module:${folderOf(path)}`);
    if (before.facts) touched.add(before.facts.scope);
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
    const all = [...own, ...extra].map((f) => ({ ...f })).sort(byPosition);
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
    if (before?.facts) {
      this.units.get(unitOf(before.facts.scope))?.delete(path);
      const l = looseOf(before.facts.scope);
      const inRoot = l && this.looseFolders.get(l.unit);
      const set = inRoot && inRoot.get(l.folder);
      if (set && set.delete(path) && set.size === 0) {
        inRoot.delete(l.folder);
        this.reshaped.add(l.unit);
      }
    }
    if (facts) {
      const u = unitOf(facts.scope);
      let set = this.units.get(u);
      if (!set) this.units.set(u, (set = new Set()));
      set.add(path);
      const l = looseOf(facts.scope);
      if (l) {
        let inRoot = this.looseFolders.get(l.unit);
        if (!inRoot) this.looseFolders.set(l.unit, (inRoot = new Map()));
        let members = inRoot.get(l.folder);
        if (!members) {
          inRoot.set(l.folder, (members = new Set()));
          this.reshaped.add(l.unit);
        }
        members.add(path);
      }
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
   * cross-file rules of every touched scope: a whole unit, or in a loose scope the folder groups
   * the touched folders were and are in.
   */
  private judgeAll(touched: Set<string>): Set<string> {
    const changed = new Set<string>();
    const scopes = new Set<string>();
    for (const t of touched) {
      if (!t.startsWith('module:')) continue;
      for (const r of this.rejudgeModule(t.slice('module:'.length))) {
        if (r.changed) changed.add(r.path);
        if (r.scope) scopes.add(r.scope);
      }
    }
    for (const t of touched) {
      if (t.startsWith('module:')) continue;
      if (!t.startsWith('evidence:')) {
        scopes.add(t);
        continue;
      }
      for (const [path, scope] of this.rejudgeContext(t.slice('evidence:'.length), changed)) {
        changed.add(path);
        if (scope) scopes.add(scope);
      }
    }
    const units = new Set<string>();
    const loose = new Map<string, Set<string>>();
    for (const s of scopes) {
      const l = looseOf(s);
      if (!l) {
        units.add(s);
        continue;
      }
      let folders = loose.get(l.unit);
      if (!folders) loose.set(l.unit, (folders = new Set()));
      folders.add(l.folder);
    }
    for (const u of units) for (const p of this.judgeUnit(u)) changed.add(p);
    for (const [u, folders] of loose) for (const p of this.judgeLoose(u, folders)) changed.add(p);
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
      const done = this.relint(path, e, input, next);
      if (done.changed) changed.add(path);
      out.push([path, done.scope]);
    }
    return out;
  }

  /**
   * What a folder's files declare for each other changed: check again (from their current text) the
   * files of the folder that were linted with other values than the folder's now. Returns the files
   * checked again, whether their findings changed, and the unit of their facts.
   */
  private rejudgeModule(folder: string): { path: string; changed: boolean; scope?: string }[] {
    const out: { path: string; changed: boolean; scope?: string }[] = [];
    const reread = this.options.reread;
    if (!reread) return out;
    for (const path of [...(this.modules.get(folder) ?? [])].sort()) {
      const e = this.entries.get(path);
      if (e?.moduleSeen === undefined || e.moduleSeen === moduleSignature(this.moduleValues(path), path, e.moduleUses)) continue;
      const input = reread(path);
      if (!input) continue;
      out.push({ path, ...this.relint(path, e, input, this.hostEvidence(e.settings.scope)) });
    }
    return out;
  }

  /** Lint a recorded file again from its current text; says whether its findings changed, and the unit of its facts. */
  private relint(path: string, e: Entry, input: SessionInput, hostEvidence: Evidence[]): { changed: boolean; scope?: string } {
    const before = e.result.findings;
    const linted = e.settings.ignored ? undefined : lintFile({ ...input, config: e.settings.config, hostEvidence, moduleValues: this.moduleValues(path) });
    const result: FileResult = linted?.result ?? { path, findings: [] };
    const facts = linted?.facts ? { ...linted.facts, scope: e.settings.scope, config: e.settings.config } : undefined;
    const prevFacts = e.facts;
    this.entries.set(path, { ...e, result, facts, evidence: linted?.evidence, context: result.context, version: input.version ?? e.version, moduleValues: linted?.moduleValues, moduleUses: linted?.moduleUses, moduleSeen: linted?.moduleSeen });
    this.move(path, { ...e, facts: prevFacts }, facts, e.settings.scope);
    // the text may have changed since it was recorded: keep the folder's members right (judged with the folder next time)
    this.moveModule(path, e.moduleValues, linted?.moduleValues);
    return { changed: !sameFindings(before, result.findings), scope: facts?.scope ?? prevFacts?.scope };
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

  /** The fabric facts of the files linked with this one (its group, as the cross-file rules see it), with the group's key. */
  linkedFacts(path: string): { key: string; facts: ScopedFacts[] } | undefined {
    const scope = this.entries.get(path)?.facts?.scope;
    if (scope === undefined) return undefined;
    const loose = looseOf(scope);
    if (!loose) return { key: scope, facts: this.factsOf(this.units.get(unitOf(scope)) ?? []) };
    const key = this.looseKeys.get(loose.unit)?.get(loose.folder);
    if (key === undefined) return undefined;
    const members: string[] = [];
    for (const [f, k] of this.looseKeys.get(loose.unit)!) if (k === key) for (const p of this.looseFolders.get(loose.unit)?.get(f) ?? []) members.push(p);
    return { key, facts: this.factsOf(members) };
  }

  /** Re-run the cross-file rules of one unit (a scope that is not loose); returns the paths whose cross-file findings changed. */
  private judgeUnit(unit: string): Set<string> {
    const members = this.units.get(unit) ?? new Set<string>();
    const facts = this.factsOf(members);
    const next = facts.length ? scopeFindings(facts) : new Map<string, Finding[]>();
    if (facts.length) this.options.onJudge?.(unit);
    if (members.size === 0) this.units.delete(unit);
    return this.report(unit, next);
  }

  /**
   * Re-run the cross-file rules of a loose scope's folder groups that `folders` were and are in.
   * Files link only when the folder of one holds the other (see `looseScopes`); the groups are
   * worked out again only when a folder gained its first or lost its last file with facts, and then
   * every group whose folders changed is judged too.
   */
  private judgeLoose(unit: string, folders: Set<string>): Set<string> {
    const inRoot = this.looseFolders.get(unit) ?? new Map<string, Set<string>>();
    const old = this.looseKeys.get(unit) ?? new Map<string, string>();
    let keys = old;
    const groups = new Set<string>();
    if (this.reshaped.delete(unit)) {
      const list = [...inRoot.keys()];
      const found = looseScopes(list.map((f) => ({ scope: `${unit}\n${f}` })));
      keys = new Map(list.map((f, i) => [f, found[i]!]));
      for (const f of new Set([...old.keys(), ...keys.keys()])) {
        const [a, b] = [old.get(f), keys.get(f)];
        if (a === b) continue;
        if (a) groups.add(a);
        if (b) groups.add(b);
      }
    }
    for (const f of folders) {
      const [a, b] = [old.get(f), keys.get(f)];
      if (a) groups.add(a);
      if (b) groups.add(b);
    }
    if (inRoot.size) {
      this.looseKeys.set(unit, keys);
    } else {
      this.looseKeys.delete(unit);
      this.looseFolders.delete(unit);
    }
    const changed = new Set<string>();
    for (const g of groups) {
      const members: string[] = [];
      for (const [f, key] of keys) if (key === g) for (const p of inRoot.get(f) ?? []) members.push(p);
      const facts = this.factsOf(members);
      const next = facts.length ? scopeFindings(facts, undefined, g) : new Map<string, Finding[]>();
      if (facts.length) this.options.onJudge?.(g);
      for (const p of this.report(`${unit}\0${g}`, next)) changed.add(p);
    }
    const members = this.units.get(unit);
    if (members && members.size === 0) this.units.delete(unit);
    return changed;
  }

  /** The facts of these files, in path order, so a result never depends on the order files were updated in. */
  private factsOf(paths: Iterable<string>): ScopedFacts[] {
    const facts: ScopedFacts[] = [];
    for (const p of paths) {
      const f = this.entries.get(p)?.facts;
      if (f) facts.push(f);
    }
    return facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Replace the cross-file findings one judged group reported; returns the paths whose cross-file findings changed. */
  private report(key: string, next: Map<string, Finding[]>): Set<string> {
    const changed = new Set<string>();
    const previous = this.reportedIn.get(key) ?? new Set<string>();
    for (const p of new Set([...previous, ...next.keys()])) {
      const list = next.get(p);
      // a file that left this group for another (groups merged) keeps what that group reported for it
      if (!list && this.reporterOf.get(p) !== key) continue;
      if (!sameFindings(this.crossFile.get(p), list)) changed.add(p);
      if (list) {
        this.crossFile.set(p, list);
        this.reporterOf.set(p, key);
      } else {
        this.crossFile.delete(p);
        this.reporterOf.delete(p);
      }
    }
    if (next.size) this.reportedIn.set(key, new Set(next.keys()));
    else this.reportedIn.delete(key);
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

/** The folder of a path: a Terraform module. */
function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The unit the cross-file rules judge together: a scope, or the whole root of a loose scope (split by folder when judged). */
function unitOf(scope: string): string {
  if (!scope.startsWith('root:')) return scope;
  const nl = scope.indexOf('\n');
  return nl < 0 ? scope : scope.slice(0, nl);
}

/** A loose scope (`root:<root>\n<folder>`, see `scopeOf`) as its root unit and folder. */
function looseOf(scope: string): { unit: string; folder: string } | undefined {
  if (!scope.startsWith('root:')) return undefined;
  const nl = scope.indexOf('\n');
  return nl < 0 ? undefined : { unit: scope.slice(0, nl), folder: scope.slice(nl + 1) };
}

function evidenceSignature(list: Evidence[]): string {
  return list.map((e) => `${e.kind}:${e.scope}:${e.tenants ? 't' : ''}:${e.text}`).join('\0');
}

/**
 * Whether two finding lists are the same for a client: rule, range, severity, message and
 * suppression of each, in order (compared field by field: a keystroke asks twice).
 */
export function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const f = x[i]!;
    const g = y[i]!;
    if (f.ruleId !== g.ruleId || f.start !== g.start || f.end !== g.end || f.severity !== g.severity || !f.suppressed !== !g.suppressed || f.message !== g.message) return false;
  }
  return true;
}
