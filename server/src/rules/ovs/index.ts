import type { Rule } from '../../engine/types';
import { ovsMirAdhoc } from './ovs-mir-adhoc';

export const ovsRules: Rule<any>[] = [ovsMirAdhoc];
