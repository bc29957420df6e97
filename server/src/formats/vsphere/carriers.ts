import type { TextEdit } from '../../engine/types';

/** Carrier kind: vCenter role definitions that list privilege ids (Ansible local roles, later Terraform/PowerCLI). */
export const PRIVILEGE_SETS = 'vc-privilege-sets';
/** Carrier kind: ESXi advanced options: written as code (Ansible `vmware_host_config_manager.options`) or a host's esx.conf `/adv/` keys. */
export const ESX_ADVANCED = 'esx-advanced-options';

export interface PrivilegeItem {
  id: string;
  start: number;
  end: number;
}

export interface PrivilegeSet {
  /** role name as written, when known */
  role?: string;
  /** privilege ids with their ranges; templated entries are left out */
  items: PrivilegeItem[];
  /** where a finding about the whole list is reported */
  anchor: { start: number; end: number };
  /** stable locator of the role definition */
  locator: string;
  /** true when the same file binds this role with propagation at the root folder or a datacenter */
  boundAtRoot: boolean;
}

export interface EsxOption {
  name: string;
  /** the value as written (templated values are left out of the carrier) */
  value: string;
  start: number;
  end: number;
  locator: string;
}

export interface EsxAdvancedOptions {
  /** options by dotted name (`UserVars.ESXiShellTimeOut`; case-insensitive) */
  get(name: string): EsxOption | undefined;
  /** edit that writes a value of the option's type: `bool`, `int` or `str` */
  setValue(option: EsxOption, value: string, type: 'bool' | 'int' | 'str'): TextEdit[];
  /**
   * Set when the carrier holds a host's whole configuration (esx.conf): an option it lacks has its
   * installation default. Returns the option's name as the carrier spells it, where to report it
   * missing (the last option of its group, when the carrier has that group) and the edit that adds
   * it; undefined without the group.
   * Absent for carriers that list only the options they change (an Ansible task).
   */
  missing?(name: string, value: string): { name: string; start: number; end: number; locator: string; edits: TextEdit[] } | undefined;
}
