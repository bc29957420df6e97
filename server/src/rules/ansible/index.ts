import type { Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { ansDvpgSecurity } from './dvpg-security';
import { ansFwAllIp } from './fw-allip';
import { ansLockdownDisabled } from './lockdown';
import { ansPermAdminRoot } from './perm-admin-root';
import { ansSlpCimService } from './slp-cim-service';
import { ansSshService } from './ssh-service';
import { ansValidateCerts } from './validate-certs';
import { ansMirVspanQuality } from './vspan-quality';
import { ansMirVspanUnauth } from './vspan-unauth';
import { ansVswitchSecurity } from './vswitch-security';

/** Rules over Ansible community.vmware tasks. */
export const ansibleRules: Rule<any>[] = [
  ansSshService,
  ansSlpCimService,
  ansFwAllIp,
  ansLockdownDisabled,
  ansVswitchSecurity,
  ansDvpgSecurity,
  ansPermAdminRoot,
  ansMirVspanUnauth,
  ansMirVspanQuality,
  ansValidateCerts,
];
