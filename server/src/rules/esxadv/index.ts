import type { Rule } from '../../engine/types';
import type { EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { esxadvAccountLockout } from './account-lockout';
import { esxadvBmcVnic } from './bmc-vnic';
import { esxadvDcuiAccess } from './dcui-access';
import { esxadvEsxAdmins } from './esxadmins';
import { esxadvExecInstalledOnly } from './exec-installed-only';
import { esxadvMob } from './mob';
import { esxadvShellIdle } from './shell-idle';
import { esxadvShellTimeout } from './shell-timeout';

/** Rules over ESXi advanced options written as code. */
export const esxadvRules: Rule<EsxAdvancedOptions>[] = [
  esxadvMob,
  esxadvAccountLockout,
  esxadvEsxAdmins,
  esxadvDcuiAccess,
  esxadvExecInstalledOnly,
  esxadvShellTimeout,
  esxadvShellIdle,
  esxadvBmcVnic,
];
