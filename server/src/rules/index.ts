import type { Format, Rule } from '../engine/types';
import { esxConfFormat } from '../formats/esxconf';
import { vmxFormat } from '../formats/vmx';
import { esxConfRules } from './esxconf';
import { patchRules } from './patch';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [vmxFormat, esxConfFormat];

/** Every rule. A rule runs on the formats its metadata names. */
export const RULES: Rule<any>[] = [...vmxRules, ...esxConfRules, ...patchRules];
