import { ruleOverride, type EffectiveConfig } from './config';
import { capFindings, type FileFacts } from './engine';
import { boundTexts } from './diagnostics';
import { linkFabric, type At, type MirrorFact, type PortFact, type SwitchFact } from './fabric';
import { aliasesOf, crossFileRules } from '../catalog';
import { applySuppressions } from './suppress';
import { byPosition, type Finding, type FindingObject, type Severity } from './types';

export interface ScopedFacts extends FileFacts {
  scope: string;
  /** the configuration the file was checked with (`.vharden.yaml` can differ per folder) */
  config?: EffectiveConfig;
}

/**
 * Only a host tree is one machine: a folder of unrelated files (a repository of examples, test data)
 * says nothing about the host of each of them, so its files share no context evidence.
 */
export function isHostScope(scope: string): boolean {
  return scope.startsWith('host:');
}

/**
 * The cross-file findings of one group of files that are linked (one scope, or one folder group of a
 * loose scope), per file path. Suppression comments in a file cover the cross-file findings reported in
 * it. The group is judged with the configuration of its first file that has one, else with `fallback`.
 */
export function scopeFindings(files: readonly ScopedFacts[], fallback?: EffectiveConfig, key = files[0]?.scope ?? ''): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const config = files.find((f) => f.config)?.config ?? fallback;
  if (!config || files.length === 0) return out;
  const switches: At<SwitchFact>[] = [];
  const ports: At<PortFact>[] = [];
  const mirrors: At<MirrorFact>[] = [];
  const directives = new Map<string, FileFacts['directives']>();
  for (const f of files) {
    for (const x of f.switches) switches.push(x);
    for (const x of f.ports) ports.push(x);
    for (const x of f.mirrors) mirrors.push(x);
    if (f.directives.length) directives.set(f.path, f.directives);
  }
  const fabric = linkFabric(key, switches, ports, mirrors);
  const where = positions(fabric);
  for (const rule of crossFileRules()) {
    const setting = ruleOverride(config, rule.meta.id, rule.meta.aliases);
    if (setting === 'off') continue;
    for (const d of rule.checkScope(fabric, config)) {
      const pos = where.get(d.path)?.get(spanKey(d.start, d.end));
      if (!pos) continue;
      const severity: Severity = setting && setting !== 'on' ? setting : (d.severity ?? rule.meta.severity);
      const { path, ...draft } = d;
      const { object, ...at } = pos;
      const finding: Finding = boundTexts({ ...draft, ruleId: rule.meta.id, severity, ...at, ...(object ? { object } : {}) });
      let list = out.get(path);
      if (!list) out.set(path, (list = []));
      list.push(finding);
    }
  }
  for (const [path, list] of out) {
    const dirs = directives.get(path);
    if (dirs) applySuppressions(list, dirs, () => true, aliasesOf);
    // a file of 20,000 bridges has 20,000 missing-mirror findings: capped like a file's own findings
    const capped = capFindings(list, undefined, config, 'cross-file findings', 'too-many-project-findings');
    capped.sort(byPosition);
    out.set(path, capped);
  }
  return out;
}

type Position = { line: number; character: number; endLine: number; endCharacter: number; object?: FindingObject };

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
    inFile.set(spanKey(x.start, x.end), { line: x.line, character: x.character, endLine: x.endLine, endCharacter: x.endCharacter, object: x.object });
  };
  for (const s of fabric.switches) for (const d of s.defs) add(d);
  for (const p of fabric.ports) add(p);
  for (const m of fabric.mirrors) add(m);
  return out;
}
