import type { Rule } from '../../engine/types';
import { patchEol } from './eol';
import { patchEsxiVmsa } from './esxi-vmsa';
import { patchVcenterVmsa } from './vcenter-vmsa';
import { patchVibAcceptance } from './vib-acceptance';

/** Patch-level rules: version literals of every format that provides them (text literals, a live system's builds), and the Ansible VIB acceptance level. */
export const patchRules: Rule<any>[] = [patchEsxiVmsa, patchVcenterVmsa, patchEol, patchVibAcceptance];
