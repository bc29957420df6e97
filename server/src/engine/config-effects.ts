import { defaultConfig, ruleOverride, type RuleSetting } from './config';
import type { ConfigFile } from './config-file';
import { allRules } from '../catalog';
import { TOOL_RULES } from './tool-rules';
import type { Severity } from './types';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const DEFAULTS = defaultConfig();

/** What one `rules:` entry does to the rules it matches, judged by their default severities. */
export type RuleEffect = 'off' | 'lowers' | 'raises' | 'keeps' | 'on';

export interface RuleEntryEffect {
  pattern: string;
  setting: RuleSetting;
  effect: RuleEffect;
  /** how many rules (tool checks included) the entry matches */
  matches: number;
}

/** What a `.vharden.yaml` changes, for reports ("configuration in effect") and for untrusted workspaces. */
export interface ConfigEffects {
  rules: RuleEntryEffect[];
  ignore: string[];
  requiredFor?: string[];
  authorizedSensors?: string[];
  shieldingRequiredFor?: string[];
  managementNetworks?: string[];
  maxFileSize?: number;
}

/** A `.vharden.yaml` that applied to scanned files, with what it changes. */
export interface ConfigFileInEffect extends ConfigEffects {
  path: string;
  /** files it applied to (checked or ignored) */
  files: number;
  /** files its `ignore` globs left unread */
  ignored: number;
}

/** The configuration a scan ran with: every `.vharden.yaml` in effect and the baseline, listed in every report. */
export interface ConfigInEffect {
  files: ConfigFileInEffect[];
  baseline?: { path: string; entries: number; notes: string[] };
}

let ruleSeverities: { id: string; severity: Severity; aliases: readonly string[] }[] | undefined;

function everyRule(): { id: string; severity: Severity; aliases: readonly string[] }[] {
  ruleSeverities ??= [...allRules().map((r) => r.meta), ...TOOL_RULES].map((m) => ({ id: m.id, severity: m.severity, aliases: 'aliases' in m ? (m.aliases ?? []) : [] }));
  return ruleSeverities;
}

function entryEffect(pattern: string, setting: RuleSetting): RuleEntryEffect {
  const config = { ...DEFAULTS, rules: { [pattern]: setting } };
  const matched = everyRule().filter((r) => ruleOverride(config, r.id, r.aliases) !== undefined);
  let effect: RuleEffect;
  if (setting === 'off' || setting === 'on') effect = setting;
  else if (matched.some((r) => RANK[setting] < RANK[r.severity])) effect = 'lowers';
  else if (matched.some((r) => RANK[setting] > RANK[r.severity])) effect = 'raises';
  else effect = 'keeps';
  return { pattern, setting, effect, matches: matched.length };
}

export function configEffects(p: ConfigFile): ConfigEffects {
  return {
    rules: Object.entries(p.rules ?? {}).map(([pattern, setting]) => entryEffect(pattern, setting)),
    ignore: p.ignore ?? [],
    ...(p.monitoring?.requiredFor ? { requiredFor: p.monitoring.requiredFor } : {}),
    ...(p.monitoring?.authorizedSensors ? { authorizedSensors: p.monitoring.authorizedSensors } : {}),
    ...(p.shielding?.requiredFor ? { shieldingRequiredFor: p.shielding.requiredFor } : {}),
    ...(p.managementNetworks ? { managementNetworks: p.managementNetworks } : {}),
    ...(p.maxFileSize !== undefined ? { maxFileSize: p.maxFileSize } : {}),
  };
}

const list = (xs: string[]) => xs.join(', ');
const rulesCount = (n: number) => `${n} rule${n === 1 ? '' : 's'}`;

/** Narrower than the default `*`: some switches no longer have to be mirrored. */
const narrowsRequired = (xs: string[] | undefined) => !!xs && !xs.includes('*');

/**
 * What the configuration loosens, one phrase each: rules turned off or lowered, paths ignored,
 * switches no longer required to be mirrored, mirror destinations accepted, a larger size limit.
 */
export function looseningOf(e: ConfigEffects): string[] {
  const out: string[] = [];
  for (const r of e.rules) {
    if (r.effect === 'off') out.push(`turns off ${r.pattern} (${rulesCount(r.matches)})`);
    else if (r.effect === 'lowers') out.push(`lowers ${r.pattern} to ${r.setting} (${rulesCount(r.matches)})`);
  }
  if (e.ignore.length) out.push(`ignores ${list(e.ignore)}`);
  if (narrowsRequired(e.requiredFor)) out.push(`requires mirrors only on ${e.requiredFor!.length ? list(e.requiredFor!) : 'no switch'} (monitoring.requiredFor)`);
  if (e.authorizedSensors) out.push(`accepts mirror destinations ${list(e.authorizedSensors)} (monitoring.authorizedSensors)`);
  if (e.maxFileSize !== undefined && e.maxFileSize > DEFAULTS.maxFileSize) out.push(`raises maxFileSize to ${e.maxFileSize}`);
  return out;
}

/** The other settings: rules turned on or raised, and policy values that loosen nothing. */
export function otherSettingsOf(e: ConfigEffects): string[] {
  const out: string[] = [];
  for (const r of e.rules) {
    if (r.effect === 'on') out.push(`turns on ${r.pattern}`);
    else if (r.effect === 'raises' || r.effect === 'keeps') out.push(`sets ${r.pattern} to ${r.setting}`);
  }
  if (e.requiredFor && !narrowsRequired(e.requiredFor)) out.push(`monitoring.requiredFor: ${list(e.requiredFor)}`);
  if (e.shieldingRequiredFor?.length) out.push(`shielding.requiredFor: ${list(e.shieldingRequiredFor)}`);
  if (e.managementNetworks) out.push(`managementNetworks: ${list(e.managementNetworks)}`);
  if (e.maxFileSize !== undefined && e.maxFileSize <= DEFAULTS.maxFileSize) out.push(`maxFileSize: ${e.maxFileSize}`);
  return out;
}

/**
 * The part of a repository's configuration an untrusted workspace may apply: entries that turn
 * rules on or raise them and values that loosen nothing. `dropped` says what was left out.
 */
export function tighteningOnly(p: ConfigFile): { config: ConfigFile; dropped: string[] } {
  const e = configEffects(p);
  const config: ConfigFile = {};
  const rules = Object.fromEntries(e.rules.filter((r) => r.effect !== 'off' && r.effect !== 'lowers').map((r) => [r.pattern, r.setting]));
  if (Object.keys(rules).length) config.rules = rules;
  if (p.monitoring?.requiredFor && !narrowsRequired(p.monitoring.requiredFor)) config.monitoring = { requiredFor: p.monitoring.requiredFor };
  if (p.shielding?.requiredFor?.length) config.shielding = { requiredFor: p.shielding.requiredFor };
  if (p.managementNetworks) config.managementNetworks = p.managementNetworks;
  if (p.maxFileSize !== undefined && p.maxFileSize <= DEFAULTS.maxFileSize) config.maxFileSize = p.maxFileSize;
  return { config, dropped: looseningOf(e) };
}

/** One line about a config file: what it loosens first, then its other settings. */
export function describeConfigFile(e: ConfigEffects): string {
  return [...looseningOf(e), ...otherSettingsOf(e)].join('; ') || 'sets nothing';
}
