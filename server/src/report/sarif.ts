import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { allRules, isToolRule, ruleMeta } from '../catalog';
import { TOOL_RULES } from '../engine/tool-rules';
import type { StaleEntry } from '../engine/baseline';
import { describeConfigFile, looseningOf, type ConfigInEffect } from '../engine/config-effects';
import type { Severity } from '../engine/types';
import { docsPage } from '../node/docs';
import { displayPath } from '../node/files';
import type { FileResult } from '../engine/engine';
import type { ScanResult } from '../node/scan';
import { configurationJson } from './json';
import { reportedData } from './model';
import type { ProfileSummary } from '../engine/context';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function uriOf(path: string): string {
  return displayPath(path).split('/').map(encodeURIComponent).join('/');
}

export interface SarifOptions {
  /** https base URL where docs/rules is published (checked by `checkDocsUrl`); rules then carry `helpUri` */
  docsUrl?: string;
}

/**
 * The rule's explanation inside the log, so code scanning shows it without a link: the generated docs
 * page (risk, fix, what is checked, examples, references) when it ships, else risk, fix and references.
 */
function helpOf(id: string, text: string, markdown: string): { text: string; markdown: string } {
  const page = docsPage(id);
  return page ? { text: page, markdown: page } : { text, markdown };
}

/** A rule's SARIF descriptor. */
function descriptorOf(m: ReturnType<typeof allRules>[number]['meta'] | (typeof TOOL_RULES)[number], options: SarifOptions) {
  const refs = m.references.map((r) => `- ${r.source}: ${r.id}${r.url ? ` <${r.url}>` : ''}`).join('\n');
  const family = isToolRule(m) ? 'tool' : m.family;
  return {
    id: m.id,
    // former ids, so code scanning keeps the alerts it raised under them (SARIF 2.1.0 §3.49.4)
    ...(!isToolRule(m) && m.aliases?.length ? { deprecatedIds: m.aliases } : {}),
    name: m.id.toLowerCase().replace(/(^|-)([a-z])/g, (_, d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: m.title },
    fullDescription: { text: m.risk },
    help: helpOf(m.id, `${m.risk}\n\nFix: ${m.remedy}`, `${m.risk}\n\n**Fix:** ${m.remedy}${refs ? `\n\n**References**\n${refs}` : ''}`),
    // a link only where the user publishes the docs: a local path means nothing to code scanning
    ...(options.docsUrl ? { helpUri: `${options.docsUrl}/${encodeURIComponent(m.id)}.md` } : {}),
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: isToolRule(m) ? ['vharden', 'tool'] : ['security', 'vharden', family], 'security-severity': SECURITY_SEVERITY[m.severity], precision: 'high' },
  };
}

/**
 * The rule descriptors of one run: only the rules its results reference, in the order they are first
 * referenced (each carries its whole docs page as help, so listing every rule would make even a
 * one-finding log megabytes). `index(id)` gives the rule's `ruleIndex`, adding it on first use; -1
 * for an id no rule has.
 */
export interface SarifDriver {
  index(id: string): number;
  rules(): unknown[];
}

export function sarifRules(options: SarifOptions = {}): SarifDriver {
  const metas = new Map<string, ReturnType<typeof allRules>[number]['meta'] | (typeof TOOL_RULES)[number]>();
  for (const m of [...allRules().map((r) => r.meta), ...TOOL_RULES]) metas.set(m.id, m);
  const indexOf = new Map<string, number>();
  const rules: unknown[] = [];
  return {
    index(id) {
      const known = indexOf.get(id);
      if (known !== undefined) return known;
      const m = metas.get(id);
      if (!m) return -1;
      indexOf.set(id, rules.length);
      rules.push(descriptorOf(m, options));
      return rules.length - 1;
    },
    rules: () => [...rules],
  };
}

/**
 * The SARIF results of files' findings, suppressed ones kept with `suppressions`. With a baseline
 * (`staleBaseline` given), results carry `baselineState` (`new`, `unchanged`, `updated`).
 */
export function sarifResults(files: FileResult[], driver: SarifDriver, staleBaseline?: StaleEntry[]) {
  return files.flatMap((file) =>
    file.findings.map((f) => {
      const uri = uriOf(file.path);
      const safeFix = f.fixes?.find((x) => x.safety === 'safe');
      return {
        ruleId: f.ruleId,
        ruleIndex: driver.index(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            // a finding about the file as a whole has no region: no line of it is the offending one
            ...(f.onFile ? {} : { region: { startLine: f.line + 1, startColumn: f.character + 1, endLine: f.endLine + 1, endColumn: f.endCharacter + 1, charOffset: f.start, charLength: Math.max(0, f.end - f.start) } }),
          },
          // the live-system object (a vSphere snapshot's host, VM, role, …) by its inventory path
          ...(f.object ? { logicalLocations: [{ name: f.object.name, fullyQualifiedName: f.object.path, kind: 'resource', properties: { objectKind: f.object.kind } }] } : {}),
        }],
        partialFingerprints: { 'vharden/v1': createHash('sha256').update(`${displayPath(file.path)}\0${f.ruleId}\0${f.locator}`).digest('hex').slice(0, 32) },
        properties: {
          severity: f.severity,
          'security-severity': SECURITY_SEVERITY[f.severity],
          locator: f.locator,
          family: (ruleMeta(f.ruleId) as { family?: string } | undefined)?.family ?? 'tool',
          ...(f.context ? { context: f.context } : {}),
          ...(f.details ? { details: f.details } : {}),
        },
        ...(staleBaseline ? { baselineState: f.baselined ? 'unchanged' : f.baselineChanged ? 'updated' : 'new' } : {}),
        ...(f.suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppressed.reason || '(no reason given)' }] } : {}),
        ...(safeFix ? {
          fixes: [{
            description: { text: safeFix.title },
            artifactChanges: [{
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              replacements: safeFix.edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.newText } })),
            }],
          }],
        } : {}),
      };
    }),
  );
}

/**
 * SARIF 2.1.0 log with `results` and the profile summary of the files read given (the report
 * stream writes results as the scan goes); baseline
 * entries that match nothing any more are listed after them as `absent` results. The run's `results`
 * come before `tool`, so a streamed log can list, after them, only the rules they referenced.
 */
export function sarifLog(result: ScanResult, version: string, driver: SarifDriver, results: unknown[], profile: ProfileSummary, staleBaseline?: StaleEntry[], configuration?: ConfigInEffect) {
  for (const e of staleBaseline ?? []) {
    results.push({
      ruleId: e.ruleId,
      ruleIndex: driver.index(e.ruleId),
      level: 'note',
      message: { text: `Baseline entry no longer matches (fixed or moved): ${e.locator}${e.missing < e.count ? ` (${e.missing} of ${e.count})` : ''}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: e.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' } } }],
      partialFingerprints: { 'vharden/v1': createHash('sha256').update(`${e.path}\0${e.ruleId}\0${e.locator}`).digest('hex').slice(0, 32) },
      properties: { locator: e.locator },
      baselineState: 'absent',
    });
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      results,
      tool: { driver: { name: 'vharden', semanticVersion: version, version, rules: driver.rules() } },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + '/').href } },
      properties: { advisories: result.advisories, data: reportedData(result), profile, ...(configuration ? { configuration: configurationJson(configuration) } : {}) },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: [
          ...result.problems.map((p) => ({ level: 'warning', message: { text: `not read: ${displayPath(p.path)} (${p.reason})` } })),
          ...result.notWritten.map((p) => ({ level: 'error', message: { text: `not written: ${displayPath(p.path)} (${p.reason})` } })),
        ],
        toolConfigurationNotifications: configurationNotifications(configuration),
      }],
    }],
  };
  return log;
}

/** One notification per `.vharden.yaml` in effect (a warning when it loosens anything) and the baseline's notes. */
function configurationNotifications(c: ConfigInEffect | undefined) {
  const at = (path: string) => [{ physicalLocation: { artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' } } }];
  const out: { level: 'warning' | 'note'; message: { text: string }; locations: ReturnType<typeof at> }[] = [];
  for (const f of c?.files ?? []) {
    const text = `${displayPath(f.path)} applies to ${f.files} file${f.files === 1 ? '' : 's'}${f.ignored ? ` (${f.ignored} ignored)` : ''}: ${describeConfigFile(f)}`;
    out.push({ level: looseningOf(f).length ? 'warning' : 'note', message: { text }, locations: at(f.path) });
  }
  const b = c?.baseline;
  if (b) out.push({ level: b.notes.length ? 'warning' : 'note', message: { text: `baseline ${displayPath(b.path)} (${b.entries} entries)${b.notes.map((n) => `: ${n}`).join('')}` }, locations: at(b.path) });
  return out;
}
