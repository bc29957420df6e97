import type { FindingDraft } from '../../engine/types';
import { vmxBool, type VmxSettings } from '../../formats/vmx/settings';

/**
 * Findings for settings whose boolean value equals `insecure`; each gets a fix that
 * writes `hardened`, guarded when `mayBreak` says what it may break. An absent key is the product
 * default and is not reported here.
 */
export function flagBoolean(
  s: VmxSettings,
  keys: string[],
  insecure: boolean,
  hardened: string,
  message: (key: string, value: string) => string,
  mayBreak?: string,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const key of keys) {
    const e = s.get(key);
    if (!e || vmxBool(e.value) !== insecure) continue;
    out.push({
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: message(e.key, e.value),
      fixes: [{ title: `Set ${e.key} to "${hardened}"${mayBreak ? ` (guarded: ${mayBreak})` : ''}`, safety: mayBreak ? 'guarded' : 'safe', edits: s.setValue(e, hardened) }],
    });
  }
  return out;
}
