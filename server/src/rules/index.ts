import type { Format, Rule } from '../engine/types';
import { vmxFormat } from '../formats/vmx';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [vmxFormat];

/** Every rule. A rule runs on the formats its metadata names. */
export const RULES: Rule<any>[] = [...vmxRules];
