import type { TextEdit } from '../../engine/types';

/** Carrier kind: vCenter role definitions that list privilege ids (Ansible local roles, later Terraform/PowerCLI). */
export const PRIVILEGE_SETS = 'vc-privilege-sets';
/** Carrier kind: ESXi advanced options written as code (Ansible `vmware_host_config_manager.options`). */
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
  /** options by name (case-insensitive) */
  get(name: string): EsxOption | undefined;
  /** edit that writes a value of the option's type: `bool`, `int` or `str` */
  setValue(option: EsxOption, value: string, type: 'bool' | 'int' | 'str'): TextEdit[];
}
