import type { Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { esxconfFwAllowedAll } from './fw-allowedall';
import { esxconfFwDebug } from './fw-debug';
import { esxconfFwSlp } from './fw-slp';
import { esxconfFwSsh } from './fw-ssh';
import { esxconfVssPolicy } from './vss-policy';
import { esxconfVssVgt } from './vss-vgt';

/** Rules over an ESXi host's esx.conf (the firewall rules also over every format with its firewall carrier). */
export const esxConfRules: Rule<any>[] = [
  esxconfFwAllowedAll,
  esxconfFwSsh,
  esxconfFwSlp,
  esxconfFwDebug,
  esxconfVssPolicy,
  esxconfVssVgt,
];
