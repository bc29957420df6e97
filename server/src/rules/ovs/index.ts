import type { Rule } from '../../engine/types';
import { ovsControllerPlain } from './controller-plain';
import { ovsMirAdhoc } from './ovs-mir-adhoc';

export const ovsRules: Rule<any>[] = [ovsMirAdhoc, ovsControllerPlain];
