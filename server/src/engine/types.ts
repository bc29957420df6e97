/**
 * Core types of the vharden engine. The engine is pure: it imports neither `vscode`
 * nor the LSP connection. Offsets are UTF-16 code-unit offsets into the decoded text,
 * which is what both LSP positions and JavaScript strings count in.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FAMILIES = [
  'exposed-management',
  'mirror-port',
  'excessive-role',
  'patch-level',
  'guest-isolation',
  'vswitch-policy',
] as const;
export type Family = (typeof FAMILIES)[number];

/** safe: only tightens a setting, may be bulk-applied; guarded: deterministic but can break a workflow; none: no edit. */
export type FixSafety = 'safe' | 'guarded' | 'none';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  safety: 'safe' | 'guarded';
  edits: TextEdit[];
}

export interface Reference {
  /** e.g. "DISA STIG", "VMware SCG", "libvirt docs" */
  source: string;
  /** e.g. "VMCH-80-000195 (V-258708)" */
  id: string;
  url?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  family: Family;
  severity: Severity;
  fixSafety: FixSafety;
  /** format ids this rule reads */
  formats: string[];
  /** one paragraph: what can go wrong */
  risk: string;
  /** one paragraph: what to do */
  remedy: string;
  /** optional: when the rule stays quiet, defaults it assumes, how severity varies */
  notes?: string;
  /**
   * Why the rule fires on most real files of the formats it reads, and why each finding is still one
   * to act on. Required when it does (test/corpus-prevalence.test.ts measures it on the shared
   * corpus): a rule that fires almost everywhere without a reason is taken for a wrong one.
   */
  common?: string;
  references: Reference[];
  /** a hint that is dropped on exactly the lines another finding of the file already marks */
  quietWhereMarked?: boolean;
  /**
   * Former ids of this rule (two rules that became one): suppressions, `rules:` entries, `--rule`
   * flags and baselines that name them apply to this rule.
   */
  aliases?: string[];
  /** how to change it on a live system (findings in vSphere snapshots): shown in hovers and docs */
  live?: LiveHowTo;
}

/** Where an admin changes what a rule reports on a live vSphere system. */
export interface LiveHowTo {
  /** the vSphere Client path */
  client: string;
  /** the PowerCLI command or API setting */
  powercli?: string;
  /** the community.vmware Ansible module and option */
  ansible?: string;
}

/** What a rule reports; the engine adds rule id, docs link, severity overrides and suppression state. */
export interface FindingDraft {
  start: number;
  end: number;
  message: string;
  /** overrides the rule's default severity for this occurrence (context-dependent severity) */
  severity?: Severity;
  fixes?: Fix[];
  /**
   * Edits that insert a commented template or placeholder the admin completes (an ACL scoped to a
   * path, a mirror with the sensor port left to fill in). Never applied by fix-all or --fix; they
   * exist for rules whose fix needs facts vharden does not have (fixSafety `none`).
   */
  templates?: Fix[];
  /** stable locator for baselines: key name, XML path, record id; never a line number */
  locator: string;
  /** the full list the message shortens ("… and 4 more"): shown in the hover, JSON and SARIF result properties */
  details?: string[];
  /** the context that decided the finding, with its evidence ("desktop KVM: SPICE display") */
  context?: string;
  /**
   * The finding is about the file as a whole (a key is missing and nothing in the file names the
   * object): the range is empty at the start, and reports show no source line for it.
   */
  onFile?: boolean;
}

/** The object of a live system a finding is about (a vSphere inventory object in a snapshot). */
export interface FindingObject {
  /** `host`, `vm`, `dvswitch`, `portgroup`, `role`, `permission`, `vcenter` */
  kind: string;
  name: string;
  /** where it is: an inventory path (`/DC0/host/Cluster/esx01`), or `roles/<name>` for objects outside the inventory */
  path: string;
}

export interface Finding extends FindingDraft {
  ruleId: string;
  severity: Severity;
  /** 0-based */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  suppressed?: Suppression;
  /** set by formats that describe a live system (Format.objectAt): the object the finding is about */
  object?: FindingObject;
  /** set when a baseline accepts this finding: it is then reported at `info`; this keeps the original severity */
  baselined?: { severity: Severity };
  /** set when a baseline entry has this finding's key but not its value or severity (it got worse): it counts as new; `severity` is the accepted one */
  baselineChanged?: { severity?: Severity };
}

/** The order a file's findings are reported in: by offset, then rule id. */
export function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || a.ruleId.localeCompare(b.ruleId);
}

export interface Suppression {
  kind: 'line' | 'file';
  reason: string;
  /** offset range of the comment that suppresses */
  start: number;
  end: number;
}

export interface Comment {
  /** offset range of the whole comment, including its delimiters */
  start: number;
  end: number;
  /** text inside the delimiters */
  text: string;
  /** true when code precedes the comment on its line */
  trailing: boolean;
  /**
   * Set by formats where a comment above a construct stands for the whole construct (a YAML task):
   * a line directive in this comment also covers findings inside this range.
   */
  scope?: { start: number; end: number };
}

/** A problem of the file itself (cannot parse, duplicate key, unused suppression...). Tool diagnostics are documented like rules but have no family. */
export interface ToolDiagnostic {
  code: string;
  start: number;
  end: number;
  message: string;
  severity: Severity;
  fixes?: Fix[];
  locator: string;
}

export interface ParsedDocument<M = unknown> {
  format: string;
  model: M;
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

export interface FormatContext {
  path: string;
  /**
   * The values the other files of the file's module folder declare (see `Format.moduleValues`), when
   * the caller knows them (a session); undefined when the file is linted alone.
   */
  moduleValues?: ModuleValue[];
}

/**
 * A value one file declares for the other files of its folder: a Terraform module is a folder, whose
 * `variable` defaults and `.tfvars` assignments decide what `var.x` is in every `.tf` file of it.
 * The format that reads them decides precedence; the session only carries them between files.
 */
export interface ModuleValue {
  name: string;
  path: string;
  /** what kind of declaration it is, as the format names it (`default`, `declared`, `tfvars`, `damaged`) */
  source: string;
  /** the literal; undefined when computed, or not given */
  value?: boolean | number | string;
  /** where it is written (0-based line) */
  line: number;
  start: number;
  end: number;
}

export interface Format<M = unknown> {
  id: string;
  /** human name, e.g. "VMware .vmx" */
  name: string;
  /** VS Code language id used by the extension for this format */
  languageId: string;
  /** how to write a comment in this format (used by "suppress" quick fixes) */
  comment: { line: string } | { open: string; close: string };
  /** true when the file name or path alone identifies the format */
  matchesPath(path: string): boolean;
  /** true when the content identifies the format (called when no path matched) */
  matchesContent?(text: string, path: string): boolean;
  /**
   * For a file matched by its path: false when the content shows it is something else (a JSON
   * `datacenter.cfg`). Without it, JSON or XML contradicts a line format and anything but XML an
   * XML format; binary and empty content never do.
   */
  confirms?(text: string): boolean;
  /** the encoding the file declares when it is not UTF-8 (a `.vmx` `.encoding`); the scan re-reads its bytes in it */
  declaredEncoding?(text: string): string | undefined;
  parse(text: string, ctx: FormatContext): ParsedDocument<M>;
  /**
   * Models embedded in this format's model, by kind (e.g. `vmx-settings`: VM settings carried by
   * a .vmx file or by an Ansible task). Rules that declare an `input` kind run once per carrier.
   */
  carriers?(model: M): Record<string, unknown[]>;
  /** the carrier kinds `carriers` returns: a rule that reads one of them runs on this format */
  provides?: string[];
  /** switches, ports and mirror sessions this file defines, for the cross-file rules (offsets into this file) */
  fabric?(model: M, ctx: FormatContext & { text: string }): import('./fabric').FabricFacts;
  /** the live-system object (host, VM, switch, role) whose text holds `offset`, for snapshots of live systems */
  objectAt?(model: M, offset: number): FindingObject | undefined;
  /** values this file declares for the other files of its folder (Terraform variable defaults, `.tfvars`) */
  moduleValues?(model: M, ctx: FormatContext & { text: string }): ModuleValue[];
  /** the names of its folder's values this file reads (`var.x`): it is checked again when one of them changes */
  moduleUses?(model: M): string[];
  /** what the file shows about the kind of system it belongs to (desktop, server, lab), for context-dependent rules */
  context?(model: M, ctx: FormatContext & { text: string }): import('./context').ContextFacts;
}

export interface RuleContext {
  path: string;
  text: string;
  config: import('./config').EffectiveConfig;
  /** the file's comments, as its format parsed them (rules that read literals anywhere skip them) */
  comments?: Comment[];
  /** the kind of system the file describes, with the evidence (see engine/context.ts) */
  system: import('./context').SystemContext;
  /** the date findings are judged on, YYYY-MM-DD (the engine sets it from the configuration or the clock) */
  today?: string;
  /** a rule that judged something with a data file (advisories, end-of-support dates) says which, for VH-DATA-STALE */
  usedData?: (data: { name: string; updated: string }) => void;
}

export interface Rule<M = unknown> {
  meta: RuleMeta;
  /**
   * carrier kind this rule reads (see Format.carriers): the rule runs on every format that provides it,
   * which `meta.formats` lists; absent: the model of the formats `meta.formats` names
   */
  input?: string;
  check(model: M, ctx: RuleContext): FindingDraft[];
}

/** A finding of a cross-file rule: it names the file it belongs to. */
export interface CrossFileFindingDraft extends FindingDraft {
  path: string;
}

/**
 * A rule over the fabric of one scope (a host tree or a workspace folder) rather than one file.
 * It sees the facts of every file in scope, never their text.
 */
export interface CrossFileRule {
  meta: RuleMeta;
  checkScope(fabric: import('./fabric').Fabric, config: import('./config').EffectiveConfig): CrossFileFindingDraft[];
}
