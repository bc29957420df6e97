import type { CrossFileRule, Rule } from '../engine/types';
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
import { lxcRules } from './proxmox-lxc';
import { qemuConfRules } from './qemu-conf';
import { vcRules } from './vc';
import { vmxRules } from './vmx';

/** Every rule. A rule runs on the formats its metadata names (rules with an `input` on that format's carriers). */
export const RULES: Rule<any>[] = [
  ...vmxRules,
  ...esxConfRules,
  ...patchRules,
  ...proxmoxRules,
  ...lxcRules,
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
