import type { TextEdit } from '../../engine/types';

/**
 * The .vmx rules read VM settings through this interface, so the same rules run on a
 * `.vmx` file and on settings embedded elsewhere (Ansible `vmware_guest.advanced_settings`,
 * Terraform `extra_config`, Packer `vmx_data`): each carrier supplies lookups and edits.
 */
/** Carrier kind of VM settings (Format.carriers / Rule.input). */
export const VMX_SETTINGS = 'vmx-settings';

export interface VmxSetting {
  key: string;
  /** lower-cased key: .vmx keys are case-insensitive */
  lower: string;
  value: string;
  /** range to report on (the whole setting) */
  start: number;
  end: number;
  /** range of the value token */
  valueStart: number;
  valueEnd: number;
  /** stable locator for baselines */
  locator: string;
}

export type VmxTarget = 'esxi' | 'hosted' | 'unknown';

export interface VmxSettings {
  /** where the VM runs, as far as the settings tell */
  target: VmxTarget;
  /**
   * where a finding about a missing key is reported: what names the VM (`displayName`, the task);
   * `onFile` when nothing does (the finding is then about the file as a whole)
   */
  anchor: { start: number; end: number; onFile?: boolean };
  /**
   * true when the carrier lists only the settings it changes (Ansible `advanced_settings`):
   * an absent key then says nothing about the VM, and rules do not report missing keys
   */
  partial?: boolean;
  /** `file` for a .vmx, or the name of the embedding construct */
  carrier: string;
  /** the effective setting for a key (the last one wins), case-insensitive */
  get(key: string): VmxSetting | undefined;
  /** effective settings whose lower-cased key matches */
  matching(re: RegExp): VmxSetting[];
  setValue(setting: VmxSetting, value: string): TextEdit[];
  add(key: string, value: string): TextEdit[];
  /** removes the key entirely (every occurrence) */
  remove(setting: VmxSetting): TextEdit[];
}

export function vmxBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  return undefined;
}

/** Set an existing setting or add it. */
export function ensureValue(s: VmxSettings, key: string, value: string): TextEdit[] {
  const existing = s.get(key);
  return existing ? s.setValue(existing, value) : s.add(key, value);
}
