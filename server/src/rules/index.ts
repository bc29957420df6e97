import type { Format, Rule } from '../engine/types';
import { pveDatacenterFormat } from '../formats/proxmox-datacenter';
import { pveFirewallFormat } from '../formats/proxmox-firewall';
import { pveProxyFormat } from '../formats/proxmox-pveproxy';
import { pveUserFormat } from '../formats/proxmox-user';
import { pveVmFormat } from '../formats/proxmox-vm';
import { vmxFormat } from '../formats/vmx';
import { proxmoxRules } from './proxmox';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [vmxFormat, pveVmFormat, pveUserFormat, pveFirewallFormat, pveDatacenterFormat, pveProxyFormat];

/** Every rule. A rule runs on the formats its metadata names. */
export const RULES: Rule<any>[] = [...vmxRules, ...proxmoxRules];
