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

/*
 * PATCH-HYPERV-EOL (./hyperv-eol.ts) joins this list, with `meta.formats` naming the format, when the
 * Hyper-V inventory snapshot format provides its carrier (HYPERV_HOST_BUILD): a rule runs on the
 * formats that provide its carrier, and test/rules.test.ts needs at least one with fixtures.
 * Until then it is checked through the carrier in test/patch-hyperv.test.ts.
 */

/** Patch-level rules: version literals of every format that provides them (text literals, a live system's builds), the Ansible VIB acceptance level, guest OS end of support, hypervisor hosts' packages, and Proxmox VE releases installed or pinned. */
export const patchRules: Rule<any>[] = [patchEsxiVmsa, patchVcenterVmsa, patchEol, patchVibAcceptance, patchGuestEol, patchHostEol, patchPveEol, patchKvmCve, patchVmTools];
