import type { Format, Rule } from '../engine/types';
import { esxConfFormat } from '../formats/esxconf';
import { ansibleFormat } from '../formats/ansible';
import { libvirtdConfFormat, qemuConfFormat } from '../formats/libvirt-conf';
import { libvirtDomainFormat, libvirtNetworkFormat, libvirtOtherFormat } from '../formats/libvirt-xml';
import { pveDatacenterFormat } from '../formats/proxmox-datacenter';
import { pveFirewallFormat } from '../formats/proxmox-firewall';
import { pveProxyFormat } from '../formats/proxmox-pveproxy';
import { pveUserFormat } from '../formats/proxmox-user';
import { pveVmFormat } from '../formats/proxmox-vm';
import { vmxFormat } from '../formats/vmx';
import { ansibleRules } from './ansible';
import { esxConfRules } from './esxconf';
import { esxadvRules } from './esxadv';
import { libvirtDomainRules } from './libvirt-domain';
import { libvirtNetworkRules } from './libvirt-network';
import { libvirtdConfRules } from './libvirtd-conf';
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
  pveUserFormat,
  pveFirewallFormat,
  pveDatacenterFormat,
  pveProxyFormat,
  libvirtdConfFormat,
  qemuConfFormat,
  libvirtDomainFormat,
  libvirtNetworkFormat,
  libvirtOtherFormat,
  ansibleFormat,
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
];
