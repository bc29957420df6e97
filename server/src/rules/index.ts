import type { Format, CrossFileRule, Rule } from '../engine/types';
import { esxConfFormat } from '../formats/esxconf';
import { ansibleFormat } from '../formats/ansible';
import { ansibleVarsFormat } from '../formats/ansible-vars';
import { interfacesFormat } from '../formats/interfaces';
import { libvirtdConfFormat, qemuConfFormat } from '../formats/libvirt-conf';
import { libvirtDomainFormat, libvirtNetworkFormat, libvirtOtherFormat } from '../formats/libvirt-xml';
import { netplanFormat } from '../formats/netplan';
import { ovsShellFormat } from '../formats/ovs';
import { ovsdbFormat } from '../formats/ovsdb';
import { pveDatacenterFormat } from '../formats/proxmox-datacenter';
import { pveFirewallFormat } from '../formats/proxmox-firewall';
import { pveLxcFormat } from '../formats/proxmox-lxc';
import { pveProxyFormat } from '../formats/proxmox-pveproxy';
import { pveUserFormat } from '../formats/proxmox-user';
import { pveVmFormat } from '../formats/proxmox-vm';
import { vmxFormat } from '../formats/vmx';
import { ansibleRules } from './ansible';
import { esxConfRules } from './esxconf';
import { esxadvRules } from './esxadv';
import { fabricRules } from './fabric';
import { libvirtDomainRules } from './libvirt-domain';
import { libvirtNetworkRules } from './libvirt-network';
import { libvirtdConfRules } from './libvirtd-conf';
import { ovsRules } from './ovs';
import { patchRules } from './patch';
import { proxmoxRules } from './proxmox';
import { qemuConfRules } from './qemu-conf';
import { vcRules } from './vc';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [
  vmxFormat,
  esxConfFormat,
  pveVmFormat,
  pveLxcFormat,
  pveUserFormat,
  pveFirewallFormat,
  pveDatacenterFormat,
  pveProxyFormat,
  libvirtdConfFormat,
  qemuConfFormat,
  libvirtDomainFormat,
  libvirtNetworkFormat,
  libvirtOtherFormat,
  interfacesFormat,
  ovsdbFormat,
  ansibleVarsFormat,
  ansibleFormat,
  netplanFormat,
  ovsShellFormat,
];

/** Every rule. A rule runs on the formats its metadata names (rules with an `input` on that format's carriers). */
export const RULES: Rule<any>[] = [
  ...vmxRules,
  ...esxConfRules,
  ...patchRules,
  ...proxmoxRules,
  ...libvirtdConfRules,
  ...qemuConfRules,
  ...libvirtDomainRules,
  ...libvirtNetworkRules,
  ...ansibleRules,
  ...vcRules,
  ...esxadvRules,
  ...ovsRules,
];

/** Rules over the switch fabric of a whole scope (cross-file). */
export const CROSS_FILE_RULES: CrossFileRule[] = [...fabricRules];
