import { dirname } from 'node:path';
import type { EffectiveConfig } from '../engine/config';
import { contextChanges, scopeEvidence, type Evidence, type SystemContext } from '../engine/context';
import { lintFile, type FileFacts, type LintInput } from '../engine/engine';
import { isHostScope, projectFindings, type ScopedFacts } from '../engine/project';
import type { Finding } from '../engine/types';
import { readCandidate, scanRoots, walk } from '../node/files';
import { Scopes } from '../node/scope';

/** The configuration a file is checked with (`.vharden.yaml` and settings), and whether it is ignored. */
export type ConfigFor = (path: string) => { config: EffectiveConfig; ignored: boolean };

interface Entry {
  facts: ScopedFacts;
  /** the file's own findings, kept so its diagnostics can be published while it is not open */
  findings: Finding[];
}

/**
 * The switch fabric of the workspace: fabric facts of every file that has some (never file
 * texts), and the project findings they lead to. Open documents replace their file on disk.
 */
export class FabricIndex {
  private readonly entries = new Map<string, Entry>();
  /** context evidence of every file read in a host tree, and how the file was judged */
  private readonly contexts = new Map<string, { scope: string; evidence: Evidence[]; context?: SystemContext }>();
  /** host evidence per scope, computed on demand; cleared whenever a file changes */
  private readonly hostCache = new Map<string, Evidence[]>();
  private project = new Map<string, Finding[]>();
  private readonly scopes = new Scopes();
  folders: string[] = [];
  /** the folder of the `.vharden.yaml` `scopes:` entry that covers a file, if any */
  declaredScope: (path: string) => string | undefined = () => undefined;

  /** The cross-file scope of a path (see `Scopes`). */
  scopeOf(path: string): string {
    return this.scopes.of(path, this.rootOf(path), this.declaredScope(path));
  }

  /** The workspace folder a path belongs to (longest match), else its own folder. */
  rootOf(path: string): string {
    let best = '';
    for (const f of this.folders) if ((path === f || path.startsWith(f.endsWith('/') ? f : f + '/')) && f.length > best.length) best = f;
    return best || dirname(path);
  }

  /** Record what a file contributes (facts undefined: it contributes nothing), and the configuration it was checked with. */
  update(path: string, facts: FileFacts | undefined, findings: Finding[], config?: EffectiveConfig, context?: { evidence?: Evidence[]; context?: SystemContext }): void {
    const scope = this.scopeOf(path);
    this.hostCache.clear();
    if (context && isHostScope(scope)) this.contexts.set(path, { scope, evidence: context.evidence ?? [], context: context.context });
    else this.contexts.delete(path);
    if (!facts) {
      this.entries.delete(path);
      return;
    }
    this.entries.set(path, { facts: { ...facts, scope, config }, findings });
  }

  remove(path: string): void {
    this.entries.delete(path);
    this.contexts.delete(path);
    this.hostCache.clear();
  }

  /** What the other files of the host tree of `path` show about the host (empty outside host trees). */
  hostEvidence(path: string): Evidence[] {
    const scope = this.scopeOf(path);
    if (!isHostScope(scope)) return [];
    const cached = this.hostCache.get(scope);
    if (cached) return cached;
    const paths: string[] = [];
    const evidence: Evidence[] = [];
    for (const [p, c] of this.contexts) {
      if (c.scope !== scope) continue;
      paths.push(p);
      for (const e of c.evidence) evidence.push(e);
    }
    const ports = [...this.entries.values()].filter((e) => e.facts.scope === scope).flatMap((e) => e.facts.ports);
    const out = scopeEvidence(paths, evidence, ports);
    this.hostCache.set(scope, out);
    return out;
  }

  /** Files read from disk before the rest of their host tree was: read them again when the tree changes how they are judged. */
  settle(configFor: ConfigFor, isOpen: (path: string) => boolean): void {
    const byScope = new Map<string, Evidence[]>();
    for (const [path, c] of this.contexts) if (!byScope.has(c.scope)) byScope.set(c.scope, this.hostEvidence(path));
    for (const [path, c] of [...this.contexts]) {
      const host = byScope.get(c.scope) ?? [];
      if (!isOpen(path) && contextChanges(c.context, c.evidence, host)) this.readFromDisk(path, configFor, host);
    }
  }

  /**
   * Lint a file from disk and record it; returns false when it is not a file vharden reads (or
   * the configuration ignores it).
   */
  readFromDisk(path: string, configFor: ConfigFor, hostEvidence?: Evidence[]): boolean {
    const { config, ignored } = configFor(path);
    // links leaving the workspace folders are not read (no folders: a single file, read as it is)
    const c = ignored ? undefined : readCandidate(path, config.maxFileSize, [], this.folders.length ? scanRoots(this.folders) : undefined);
    if (!c) {
      this.entries.delete(path);
      return false;
    }
    const input: LintInput = { path, text: c.text, config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason, hostEvidence: hostEvidence ?? this.hostEvidence(path) };
    const { result, facts, evidence } = lintFile(input);
    this.update(path, facts, result.findings, config, { evidence, context: result.context });
    return true;
  }

  /** Read every file of the workspace folders, yielding to the event loop now and then. */
  async indexFolders(configFor: ConfigFor, isOpen: (path: string) => boolean): Promise<number> {
    let n = 0;
    for (const path of walk(this.folders, [])) {
      if (!isOpen(path)) this.readFromDisk(path, configFor, []); // the tree is not read yet: settle() below
      if (++n % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    this.settle(configFor, isOpen);
    return n;
  }

  /** Recompute the project findings; returns the paths whose project findings changed. */
  recompute(config: EffectiveConfig): Set<string> {
    const next = projectFindings([...this.entries.values()].map((e) => e.facts), config);
    const changed = new Set<string>();
    for (const path of new Set([...this.project.keys(), ...next.keys()])) {
      if (signature(this.project.get(path)) !== signature(next.get(path))) changed.add(path);
    }
    this.project = next;
    return changed;
  }

  projectFor(path: string): Finding[] {
    return this.project.get(path) ?? [];
  }

  /** Stored own findings of a file that is not open (empty when it contributes no facts). */
  storedFindings(path: string): Finding[] {
    return this.entries.get(path)?.findings ?? [];
  }
}

function signature(list: Finding[] | undefined): string {
  return (list ?? []).map((f) => `${f.ruleId}:${f.start}:${f.end}:${f.severity}:${f.suppressed ? 1 : 0}:${f.message}`).join('|');
}
