import { dirname } from 'node:path';
import type { EffectiveConfig } from '../engine/config';
import { lintFile, type FileFacts, type LintInput } from '../engine/engine';
import type { Linted } from './runner';
import { scopeOf } from '../engine/fabric';
import { projectFindings, type ScopedFacts } from '../engine/project';
import type { Finding } from '../engine/types';
import { readCandidate, walk } from '../node/files';

/** Lints a file read from disk; undefined when a newer read of the same file replaced this one. */
export type DiskLint = (path: string, input: LintInput) => Promise<Linted | undefined>;

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
  private project = new Map<string, Finding[]>();
  folders: string[] = [];

  /**
   * `lint` runs the engine: the server passes its LintRunner, so files read from disk get the same
   * worker thread and time budget as open documents (one hostile file cannot block the server).
   */
  constructor(private readonly lint: DiskLint = async (_path, input) => lintFile(input)) {}

  /** The workspace folder a path belongs to (longest match), else its own folder. */
  rootOf(path: string): string {
    let best = '';
    for (const f of this.folders) if ((path === f || path.startsWith(f.endsWith('/') ? f : f + '/')) && f.length > best.length) best = f;
    return best || dirname(path);
  }

  /** Record what a file contributes (facts undefined: it contributes nothing), and the configuration it was checked with. */
  update(path: string, facts: FileFacts | undefined, findings: Finding[], config?: EffectiveConfig): void {
    if (!facts) {
      this.entries.delete(path);
      return;
    }
    this.entries.set(path, { facts: { ...facts, scope: scopeOf(path, this.rootOf(path)), config }, findings });
  }

  remove(path: string): void {
    this.entries.delete(path);
  }

  /**
   * Lint a file from disk and record it; returns false when it is not a file vharden reads (or
   * the configuration ignores it).
   */
  async readFromDisk(path: string, configFor: ConfigFor): Promise<boolean> {
    const { config, ignored } = configFor(path);
    const c = ignored ? undefined : readCandidate(path, config.maxFileSize, []);
    if (!c) {
      this.entries.delete(path);
      return false;
    }
    const input: LintInput = { path, text: c.text, config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
    const linted = await this.lint(path, input);
    if (linted) this.update(path, linted.facts, linted.result.findings, config);
    return true;
  }

  /** Read every file of the workspace folders, yielding to the event loop now and then. */
  async indexFolders(configFor: ConfigFor, isOpen: (path: string) => boolean): Promise<number> {
    let n = 0;
    for (const path of walk(this.folders, [])) {
      if (!isOpen(path)) await this.readFromDisk(path, configFor);
      if (++n % 100 === 0) await new Promise((r) => setImmediate(r));
    }
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
