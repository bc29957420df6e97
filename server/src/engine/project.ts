import { ruleOverride, type EffectiveConfig } from './config';
import { capFindings, lintFile, type FileFacts, type FileResult, type LintInput } from './engine';
import { linkFabric, scopeOf, type At, type MirrorFact, type PortFact, type SwitchFact } from './fabric';
import { projectRules } from './registry';
import { applySuppressions } from './suppress';
import type { Finding, Severity } from './types';

export interface ScopedFacts extends FileFacts {
  scope: string;
  /** the configuration the file was checked with (`.vharden.yaml` can differ per folder) */
  config?: EffectiveConfig;
}

/**
 * Run the project rules over the facts of many files, grouped by scope. Returns the findings
 * per file path (only paths that have some). Suppression comments in a file cover the project
 * findings reported in it. A scope is judged with the configuration of its first file that has
 * one (a host tree has one `.vharden.yaml`), else with `config`.
 */
export function projectFindings(files: Iterable<ScopedFacts>, config: EffectiveConfig): Map<string, Finding[]> {
  const scopes = new Map<string, { switches: At<SwitchFact>[]; ports: At<PortFact>[]; mirrors: At<MirrorFact>[]; config: EffectiveConfig }>();
  const directives = new Map<string, FileFacts['directives']>();
  for (const f of files) {
    let s = scopes.get(f.scope);
    if (!s) scopes.set(f.scope, (s = { switches: [], ports: [], mirrors: [], config: f.config ?? config }));
    for (const x of f.switches) s.switches.push(x);
    for (const x of f.ports) s.ports.push(x);
    for (const x of f.mirrors) s.mirrors.push(x);
    if (f.directives.length) directives.set(f.path, f.directives);
  }
  const out = new Map<string, Finding[]>();
  for (const [scope, s] of scopes) {
    const fabric = linkFabric(scope, s.switches, s.ports, s.mirrors);
    const where = positions(fabric);
    for (const rule of projectRules()) {
      const setting = ruleOverride(s.config, rule.meta.id);
      if (setting === 'off') continue;
      for (const d of rule.checkProject(fabric, s.config)) {
        const pos = where.get(d.path)?.get(spanKey(d.start, d.end));
        if (!pos) continue;
        const severity: Severity = setting && setting !== 'on' ? setting : (d.severity ?? rule.meta.severity);
        const { path, ...draft } = d;
        const finding: Finding = { ...draft, ruleId: rule.meta.id, severity, ...pos };
        let list = out.get(path);
        if (!list) out.set(path, (list = []));
        list.push(finding);
      }
    }
  }
  for (const [path, list] of out) {
    const dirs = directives.get(path);
    if (dirs) applySuppressions(list, dirs, () => true);
    // a file of 20,000 bridges has 20,000 missing-mirror findings: capped like a file's own findings
    const capped = capFindings(list, undefined, config, 'cross-file findings', 'too-many-project-findings');
    capped.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    out.set(path, capped);
  }
  return out;
}

type Position = { line: number; character: number; endLine: number; endCharacter: number };

/** One number for an offset range (offsets stay far below 2^26 in files vharden reads). */
function spanKey(start: number, end: number): number {
  return start * 2 ** 26 + end;
}

/** Positions of every fact range of a fabric: rules report on fact ranges, whose positions are known. */
function positions(fabric: ReturnType<typeof linkFabric>): Map<string, Map<number, Position>> {
  const out = new Map<string, Map<number, Position>>();
  const add = (x: Position & { path: string; start: number; end: number }): void => {
    let inFile = out.get(x.path);
    if (!inFile) out.set(x.path, (inFile = new Map()));
    inFile.set(spanKey(x.start, x.end), { line: x.line, character: x.character, endLine: x.endLine, endCharacter: x.endCharacter });
  };
  for (const s of fabric.switches) for (const d of s.defs) add(d);
  for (const p of fabric.ports) add(p);
  for (const m of fabric.mirrors) add(m);
  return out;
}

/** Add project findings to per-file results (results of files not in `results` are created). */
export function mergeFindings(results: FileResult[], extra: Map<string, Finding[]>): FileResult[] {
  const byPath = new Map(results.map((r) => [r.path, r]));
  for (const [path, list] of extra) {
    const r = byPath.get(path);
    if (!r) continue;
    r.findings = [...r.findings, ...list].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  }
  return results;
}

export interface ProjectInput extends LintInput {
  /** workspace folder or scan root the file was found under (decides its scope unless it is in a host tree) */
  root?: string;
}

/** Lint files as one project: per-file rules on each, project rules on the facts of each scope. */
export function lintProject(inputs: Iterable<ProjectInput>, config?: EffectiveConfig): FileResult[] {
  const results: FileResult[] = [];
  const facts: ScopedFacts[] = [];
  let cfg = config;
  for (const input of inputs) {
    cfg ??= input.config;
    const { result, facts: f } = lintFile(input);
    results.push(result);
    if (f) facts.push({ ...f, scope: scopeOf(input.path, input.root) });
  }
  if (!cfg) return results;
  return mergeFindings(results, projectFindings(facts, cfg));
}
