import type { Format, Rule } from '../engine/types';
import { libvirtdConfFormat, qemuConfFormat } from '../formats/libvirt-conf';
import { libvirtDomainFormat, libvirtNetworkFormat, libvirtOtherFormat } from '../formats/libvirt-xml';
import { vmxFormat } from '../formats/vmx';
import { libvirtDomainRules } from './libvirt-domain';
import { libvirtNetworkRules } from './libvirt-network';
import { libvirtdConfRules } from './libvirtd-conf';
import { qemuConfRules } from './qemu-conf';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [vmxFormat, libvirtdConfFormat, qemuConfFormat, libvirtDomainFormat, libvirtNetworkFormat, libvirtOtherFormat];

/** Every rule. A rule runs on the formats its metadata names. */
export const RULES: Rule<any>[] = [...vmxRules, ...libvirtdConfRules, ...qemuConfRules, ...libvirtDomainRules, ...libvirtNetworkRules];
