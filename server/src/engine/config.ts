import type { AdvisoryData } from '../rules/patch/advisories';
import type { Profile } from './context';
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
  /** networks (CIDR) from which management access is expected */
  managementNetworks: string[];
  /** files larger than this (bytes) are not parsed; a diagnostic says so */
  maxFileSize: number;
  /** the kind of system rules judge for (`auto`: inferred per file from evidence); see engine/context.ts */
  profile: Profile;
  /** advisories data loaded by the caller from a user file (`--advisories`, `vharden.advisoriesFile`); the bundled data when absent */
  advisories?: AdvisoryData;
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

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function isRuleSetting(v: unknown): v is RuleSetting {
  return typeof v === 'string' && (v === 'off' || v === 'on' || (SEVERITIES as readonly string[]).includes(v));
}

/**
 * The user's setting for a rule, if any: exact ids and globs are applied in the order
 * they appear, so a later, more specific entry can turn one rule back on.
 */
export function ruleOverride(config: EffectiveConfig, ruleId: string): RuleSetting | undefined {
  let result: RuleSetting | undefined;
  for (const [pattern, setting] of Object.entries(config.rules)) {
    const isGlob = pattern.includes('*') || pattern.includes('?');
    if (pattern.toUpperCase() === ruleId.toUpperCase() || (isGlob && globToRegExp(pattern).test(ruleId))) result = setting;
  }
  return result;
}

/** True when `name` matches one of the glob patterns (case-insensitive). */
export function matchesAny(name: string, patterns: string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(name));
}
