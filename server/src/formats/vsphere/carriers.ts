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

/**
 * Carrier kind: the security policy of a vSphere switch or port group (Terraform
 * `vsphere_host_virtual_switch`, `vsphere_host_port_group`, `vsphere_distributed_virtual_switch`,
 * `vsphere_distributed_port_group`), with the documented default of each omitted setting.
 */
export const VSWITCH_POLICY = 'vswitch-policy';

export type PolicyKey = 'promiscuous' | 'forgedTransmits' | 'macChanges';

export interface PolicySetting {
  /** how the setting is spelled where it is (or would be) written: `allow_forged_transmits` */
  name: string;
  /** true/false as written or, when omitted, the documented default; undefined: unknown (computed) */
  value: boolean | undefined;
  /** false when the value is the default of an omitted setting */
  written: boolean;
  /** where to report: the setting, or the object's head when it is omitted */
  start: number;
  end: number;
  locator: string;
  /** edits that set it to false here (absent when it cannot be edited in place: a variable's default) */
  reject?: TextEdit[];
  /** where a value not written in place came from, for messages (" (the default of var.x …)") */
  note?: string;
}

export interface SwitchPolicy {
  kind: 'standard-switch' | 'standard-portgroup' | 'distributed-switch' | 'distributed-portgroup';
  /** the object's name for messages (its `name`, else its address) */
  name: string;
  locator: string;
  /** the settings the carrier knows: written, or omitted with a documented default; absent: inherited */
  get(key: PolicyKey): PolicySetting | undefined;
  /** per-port override permissions set to true, and a reset-at-disconnect set to false (distributed port groups) */
  portOverrides: PolicySetting[];
}

/**
 * Carrier kind: a grant of a vCenter role to a principal on an inventory object (Terraform
 * `vsphere_entity_permissions`), with what the file says about the role, the object and propagation.
 */
export const PERMISSION_GRANTS = 'vc-permission-grants';

export interface PermissionGrant {
  /** `user_or_group` as written (undefined when computed) */
  principal?: string;
  isGroup?: boolean;
  /** the role as written (`data.vsphere_role.admin.id`, `"-1"`) and whether it is Administrator (undefined: unknown) */
  role: { text: string; admin: boolean | undefined; start: number; end: number };
  /** `root`: the root folder; `datacenter`: a datacenter; `other`: a narrower object; undefined: unknown */
  target: 'root' | 'datacenter' | 'other' | undefined;
  /** the object as written, for messages */
  object: string;
  propagate: boolean | undefined;
  /** the grant (a `permissions` block) */
  start: number;
  end: number;
  locator: string;
  /** a commented template inserted after the grant, in the carrier's syntax (undefined where it has none) */
  template(lines: string[]): TextEdit | undefined;
}
