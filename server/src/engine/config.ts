import type { AdvisoryData } from '../rules/patch/advisories';
import type { GuestData } from '../rules/patch/guests';
import type { HypervisorData } from '../rules/patch/hypervisors';
import type { Profile } from './context';
import { nameGlob, type Glob } from './glob';
import { SEVERITIES, type Severity } from './types';

export type RuleSetting = Severity | 'off' | 'on';

/** Configuration the engine runs with; the same shape comes from editor settings, CLI flags and `.vharden.yaml`. */
export interface EffectiveConfig {
  /** rule id or glob (`VMX-*`, `*-MIR-*`) → severity, `off`, or `on` (default severity). Later entries win. */
  rules: Record<string, RuleSetting>;
  /** policy values rules read */
  monitoring: {
    /**
     * switch, bridge or port-group names (globs) that must be mirrored. Default `*`: every switch that
     * carries guest traffic; switches not matched get hints only; empty = no switch is required
     */
    requiredFor: string[];
    /** mirror destinations (ports, VMs, addresses) that are allowed to receive mirrored traffic */
    authorizedSensors: string[];
  };
  /**
   * VM names (globs) that policy requires to be shielded (a virtual TPM on generation 2 Hyper-V VMs).
   * Absent or empty: no VM is required to be, and HV-VM-VTPM reports nothing.
   */
  shielding?: { requiredFor: string[] };
  /** networks (CIDR) from which management access is expected */
  managementNetworks: string[];
  /** files larger than this (bytes) are not parsed; a diagnostic says so */
  maxFileSize: number;
  /** the kind of system rules judge for (`auto`: inferred per file from evidence); see engine/context.ts */
  profile: Profile;
  /** advisories data loaded by the caller from a user file (`--advisories`, `vharden.advisoriesFile`); the bundled data when absent */
  advisories?: AdvisoryData;
  /** guest OS data newer than the bundled one (installed with `vharden advisories update`); the bundled data when absent */
  guests?: GuestData;
  /** hypervisor data newer than the bundled one (installed with `vharden advisories update`); the bundled data when absent */
  hypervisors?: HypervisorData;
  /** the date findings are judged on, YYYY-MM-DD (tests inject it); absent: today in UTC */
  today?: string;
}

export function defaultConfig(): EffectiveConfig {
  return {
    rules: {},
    monitoring: { requiredFor: ['*'], authorizedSensors: [] },
    managementNetworks: [],
    maxFileSize: 5 * 1024 * 1024,
    profile: 'auto',
  };
}

export function isRuleSetting(v: unknown): v is RuleSetting {
  return typeof v === 'string' && (v === 'off' || v === 'on' || (SEVERITIES as readonly string[]).includes(v));
}

/**
 * The user's setting for a rule, if any: exact ids and globs are applied in the order
 * they appear, so a later, more specific entry can turn one rule back on. Each config's
 * patterns are compiled once and each rule id's answer is kept (configs are not changed once in use).
 */
export function ruleOverride(config: EffectiveConfig, ruleId: string, aliases: readonly string[] = []): RuleSetting | undefined {
  let compiled = compiledRules.get(config.rules);
  if (!compiled) compiledRules.set(config.rules, (compiled = { entries: Object.entries(config.rules).map(([p, s]) => [ruleIdMatcher(p), s]), answers: new Map() }));
  const id = ruleId.toUpperCase();
  if (compiled.answers.has(id)) return compiled.answers.get(id);
  let result: RuleSetting | undefined;
  for (const [matches, setting] of compiled.entries) if (matches(ruleId) || aliases.some(matches)) result = setting;
  compiled.answers.set(id, result);
  return result;
}

const compiledRules = new WeakMap<Record<string, RuleSetting>, { entries: [(id: string) => boolean, RuleSetting][]; answers: Map<string, RuleSetting | undefined> }>();

/** An exact rule id (case-insensitive) or, with `*` or `?`, a glob over rule ids. */
function ruleIdMatcher(pattern: string): (id: string) => boolean {
  if (pattern.includes('*') || pattern.includes('?')) {
    const glob = nameGlob(pattern);
    return (id) => glob.test(id);
  }
  const upper = pattern.toUpperCase();
  return (id) => id.toUpperCase() === upper;
}

/** True when `name` matches one of the glob patterns (case-insensitive). Each list is compiled once. */
export function matchesAny(name: string, patterns: string[]): boolean {
  let globs = compiledLists.get(patterns);
  if (!globs) compiledLists.set(patterns, (globs = patterns.map(nameGlob)));
  return globs.some((g) => g.test(name));
}

const compiledLists = new WeakMap<string[], Glob[]>();
