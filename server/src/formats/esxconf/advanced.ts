import type { EsxAdvancedOptions, EsxOption } from '../vsphere/carriers';
import type { EsxConfModel, EsxEntry } from './parser';

/** `/adv/UserVars/ESXiShellTimeOut` ↔ `UserVars.ESXiShellTimeOut`. */
const keyOf = (name: string): string => `/adv/${name.split('.').join('/')}`;

/**
 * A host file's advanced options (`/adv/<Group>/<Option>` keys) as the carrier the ESXADV-* rules
 * read, the same carrier Ansible `vmware_host_config_manager` tasks provide. The file is the host's
 * whole configuration, so a missing option has its installation default (`missing`). Options keep
 * esx.conf's names and locators (the key path) in messages and baselines.
 */
export function esxConfAdvanced(m: EsxConfModel): EsxAdvancedOptions {
  const byName = new Map<string, { option: EsxOption; entry: EsxEntry }>();
  for (const e of m.matching(/^\/adv\/[^/]+\/./)) {
    const name = e.key.slice('/adv/'.length).split('/').join('.');
    byName.set(name.toLowerCase(), { option: { name: e.key, value: e.value, start: e.keyStart, end: e.valueEnd, locator: e.key }, entry: e });
  }
  return {
    get: (name) => byName.get(name.toLowerCase())?.option,
    setValue: (option, value) => {
      const hit = byName.get(option.locator.slice('/adv/'.length).split('/').join('.').toLowerCase());
      return hit ? m.setValue(hit.entry, value) : [];
    },
    missing: (name, value) => {
      const key = keyOf(name);
      const group = key.slice(0, key.lastIndexOf('/') + 1);
      let anchor: EsxEntry | undefined;
      for (const e of m.matching(/^\/adv\//)) if (e.key.startsWith(group) && (!anchor || e.line > anchor.line)) anchor = e;
      if (!anchor) return undefined;
      return { name: key, start: anchor.keyStart, end: anchor.keyEnd, locator: `${key}#absent`, edits: [m.add(key, value, group)] };
    },
  };
}
