import { defaultConfig, isRuleSetting, type EffectiveConfig } from '../engine/config';

/** The `vharden.*` settings a client may send (workspace/configuration or initializationOptions). */
export interface ClientSettings {
  enable?: boolean;
  run?: 'onType' | 'onSave';
  rules?: Record<string, unknown>;
  maxFileSize?: number;
  monitoring?: { requiredFor?: unknown; authorizedSensors?: unknown };
  managementNetworks?: unknown;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Settings → engine config; unknown or ill-typed values fall back to defaults. */
export function toConfig(s: ClientSettings | undefined): EffectiveConfig {
  const config = defaultConfig();
  if (!s || typeof s !== 'object') return config;
  if (s.rules && typeof s.rules === 'object') {
    for (const [id, v] of Object.entries(s.rules)) if (isRuleSetting(v)) config.rules[id] = v;
  }
  if (typeof s.maxFileSize === 'number' && s.maxFileSize > 0) config.maxFileSize = s.maxFileSize;
  if (s.monitoring && typeof s.monitoring === 'object') {
    if (Array.isArray(s.monitoring.requiredFor)) config.monitoring.requiredFor = strings(s.monitoring.requiredFor);
    config.monitoring.authorizedSensors = strings(s.monitoring.authorizedSensors);
  }
  config.managementNetworks = strings(s.managementNetworks);
  return config;
}
