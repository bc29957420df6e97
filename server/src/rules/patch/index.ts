import type { Rule } from '../../engine/types';
import { patchEol } from './eol';
import { patchEsxiVmsa } from './esxi-vmsa';
import { patchVcenterVmsa } from './vcenter-vmsa';

/** Cross-format patch-level rules: they read version literals from the text of any format they list. */
export const patchRules: Rule<unknown>[] = [patchEsxiVmsa, patchVcenterVmsa, patchEol];
