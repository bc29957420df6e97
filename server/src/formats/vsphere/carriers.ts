import type { Comment, TextEdit } from '../../engine/types';
import type { VersionLiteral } from './versions';

/** Carrier kind: vCenter role definitions that list privilege ids (Ansible local roles, a live vCenter's roles). */
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
export const TF_PERMISSION_GRANTS = 'tf-permission-grants';

export interface TfPermissionGrant {
  /** `user_or_group` as written (undefined when computed) */
  principal?: string;
  isGroup?: boolean;
  /** the role as written (`data.vsphere_role.admin.id`, `"-1"`) and whether it is Administrator (undefined: unknown) */
  role: { text: string; admin: boolean | undefined; start: number; end: number };
  /** the role's name when the file says it: a `vsphere_role` resource (as its PRIVILEGE_SETS entry names it) or a `data.vsphere_role` label */
  roleName?: string;
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

/** Carrier kind: ESXi and vCenter versions that a file deploys or a live system reports, for the PATCH-* rules. */
export const PRODUCT_VERSIONS = 'vsphere-product-versions';

export interface ProductVersions {
  /** the version literals, given the file's text and comments (text formats read them outside comments) */
  literals(text: string, comments: readonly Comment[]): VersionLiteral[];
}

/** Carrier kind: an ESXi host's firewall rule sets (esx.conf `/firewall/services/`, a live host's `config.firewall`). */
export const ESX_FIREWALL = 'esx-firewall';

export interface FirewallValue {
  value: boolean;
  /** the setting as the carrier names it, for fix titles (`/firewall/services/sshServer/enabled`) */
  name: string;
  start: number;
  end: number;
  locator: string;
}

export interface FirewallRuleset {
  key: string;
  enabled?: FirewallValue;
  /** the rule set accepts connections from every address */
  allowedAll?: FirewallValue;
}

export interface EsxFirewall {
  ruleset(key: string): FirewallRuleset | undefined;
  /** edit that writes a value; empty where the carrier is a read-out that editing would not change (a snapshot) */
  set(v: FirewallValue, value: boolean): TextEdit[];
  /** commented lines restricting the rule set to `networks`, for the admin to complete; empty where none can be written */
  allowedIpTemplate(rs: FirewallRuleset, networks: string[]): TextEdit[];
}

/** Carrier kind: ESXi services whose state code sets (Ansible `vmware_host_service_manager`) or a live host reports. */
export const ESX_SERVICES = 'esx-services';

export interface ServiceState {
  /** service key as written (`TSM-SSH`, `slpd`) */
  key: string;
  /** the service runs (or the code starts it); undefined when not, or unknown */
  running?: ServiceFact;
  /** the startup policy starts it with the host */
  startsWithHost?: ServiceFact;
  /** edit that stops the service (state: stop); empty where the carrier cannot be edited */
  stop(): TextEdit[];
  /** edit that turns the startup policy off; empty where the carrier cannot be edited */
  policyOff(): TextEdit[];
}

export interface ServiceFact {
  start: number;
  end: number;
  locator: string;
  /** the sentence that says so, given how to name the service ("SSH (TSM-SSH)") */
  describe(service: string): string;
}

/** Carrier kind: permissions (a role granted to a principal on an object), from code or a live vCenter/ESXi. */
export const PERMISSION_GRANTS = 'vc-permission-grants';

export interface PermissionGrant {
  /** role name as written */
  role: string;
  /** the range of the role name, where findings go */
  start: number;
  end: number;
  locator: string;
  /** "VSPHERE.LOCAL\\ops" or "group CORP\\admins" */
  principal: string;
  /** where the grant propagates from: the root folder, or a datacenter by name; undefined elsewhere or without propagation */
  at?: { root: true } | { root: false; datacenter: string };
  /** the object granted on, for the editor's code lens: "Folder rootFolder", "/DC1/vm" (undefined: templated or unknown) */
  object?: string;
  /** the grant propagates to the object's children (undefined: unknown) */
  propagate?: boolean;
  /** what grants it, for messages: `task "Grant admin"`, `permission on /` */
  by: string;
  /** the product's own administrator (vCenter's SSO Administrators, ESXi root): granted at the root by design */
  builtIn?: boolean;
  /** commented template lines below the grant, for the admin to complete; empty where none can be written */
  template(lines: string[]): TextEdit[];
}
