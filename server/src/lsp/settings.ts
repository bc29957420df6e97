import { defaultConfig, isRuleSetting, type EffectiveConfig, type RuleSetting } from '../engine/config';
import { isProfile } from '../engine/context';
import { withConfigFile, type ConfigFile } from '../engine/config-file';

/** The `vharden.*` settings a client may send (workspace/configuration or initializationOptions). */
export interface ClientSettings {
  enable?: boolean;
  run?: 'onType' | 'onSave';
  rules?: Record<string, unknown>;
  maxFileSize?: number;
  maxFileTimeMs?: number;
  monitoring?: { requiredFor?: unknown; authorizedSensors?: unknown };
  managementNetworks?: unknown;
  /** path of a baseline file (absolute, or relative to the workspace folder); empty: look for .vharden-baseline.json */
  baseline?: string;
  /** path of an advisories JSON file replacing the bundled one (loaded by the server, not here) */
  advisoriesFile?: unknown;
  /** `auto`, `server`, `desktop` or `lab`; empty or unset: the `.vharden.yaml` value, else `auto` */
  profile?: unknown;
  /** code lenses (switch definitions: guests, mirroring; permissions: what they grant); false turns all off; default on */
  codeLens?: boolean;
  /** code lenses above Proxmox ACL lines and vCenter permissions (what they grant); default on */
  permissionLens?: boolean;
  /** inlay hints with the defaults of omitted options a rule judges; default on */
  inlayHints?: boolean;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/**
 * The settings that are set, as overrides laid over `.vharden.yaml`: rule entries come after the
 * file's (so they win), lists replace the file's when given and non-empty, `maxFileSize` when positive.
 */
export function toOverrides(s: ClientSettings | undefined): ConfigFile {
  const o: ConfigFile = {};
  if (!s || typeof s !== 'object') return o;
  if (s.rules && typeof s.rules === 'object') {
    const rules: Record<string, RuleSetting> = {};
    for (const [id, v] of Object.entries(s.rules)) if (isRuleSetting(v)) rules[id] = v;
    if (Object.keys(rules).length) o.rules = rules;
  }
  if (typeof s.maxFileSize === 'number' && s.maxFileSize > 0) o.maxFileSize = s.maxFileSize;
  if (s.monitoring && typeof s.monitoring === 'object') {
    const requiredFor = strings(s.monitoring.requiredFor);
    const authorizedSensors = strings(s.monitoring.authorizedSensors);
    if (requiredFor?.length || authorizedSensors?.length) {
      o.monitoring = {};
      if (requiredFor?.length) o.monitoring.requiredFor = requiredFor;
      if (authorizedSensors?.length) o.monitoring.authorizedSensors = authorizedSensors;
    }
  }
  const nets = strings(s.managementNetworks);
  if (nets?.length) o.managementNetworks = nets;
  if (isProfile(s.profile)) o.profile = s.profile;
  return o;
}

/** Settings → engine config, without any `.vharden.yaml`; unknown or ill-typed values fall back to defaults. */
export function toConfig(s: ClientSettings | undefined): EffectiveConfig {
  return withConfigFile(defaultConfig(), toOverrides(s));
}

export const DEFAULT_MAX_FILE_TIME_MS = 5000;

/** How long the server may spend on one large file before it stops and reports it as not checked. */
export function maxFileTimeMs(s: ClientSettings | undefined): number {
  const v = s?.maxFileTimeMs;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_FILE_TIME_MS;
}
