import type { Rule } from '../../engine/types';
import { patchEol } from './eol';
import { patchEsxiVmsa } from './esxi-vmsa';
import { patchVcenterVmsa } from './vcenter-vmsa';
import { patchVibAcceptance } from './vib-acceptance';
import { patchGuestEol } from './guest-eol';
import { patchVmTools } from './vm-tools';
import { patchHostEol } from './host-eol';
import { patchKvmCve } from './kvm-cve';
import { patchPveEol } from './pve-eol';
import { patchHypervEol } from './hyperv-eol';

/** Patch-level rules: version literals of every format that provides them (text literals, a live system's builds), the Ansible VIB acceptance level, guest OS end of support, hypervisor hosts' packages, Proxmox VE releases installed or pinned, and Hyper-V hosts' Windows Server releases. */
export const patchRules: Rule<any>[] = [patchEsxiVmsa, patchVcenterVmsa, patchEol, patchVibAcceptance, patchGuestEol, patchHostEol, patchPveEol, patchKvmCve, patchHypervEol, patchVmTools];
