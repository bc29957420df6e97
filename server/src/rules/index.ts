import type { Format, Rule } from '../engine/types';
import { ansibleFormat } from '../formats/ansible';
import { vmxFormat } from '../formats/vmx';
import { ansibleRules } from './ansible';
import { esxadvRules } from './esxadv';
import { vcRules } from './vc';
import { vmxRules } from './vmx';

/** Every format vharden reads, in detection order (more specific first). */
export const FORMATS: Format<any>[] = [vmxFormat, ansibleFormat];

/** Every rule. A rule runs on the formats its metadata names (rules with an `input` on that format's carriers). */
export const RULES: Rule<any>[] = [...vmxRules, ...ansibleRules, ...vcRules, ...esxadvRules];
