import type { Rule } from '../../engine/types';
import type { PrivilegeSet } from '../../formats/vsphere/carriers';
import { vcRoleAdminEquiv } from './admin-equiv';
import { vcPrivAuthz } from './priv-authz';
import { vcPrivCrypto } from './priv-crypto';
import { vcPrivExfil } from './priv-exfil';
import { vcPrivGuestOps } from './priv-guestops';
import { vcPrivNetPolicy } from './priv-netpolicy';

/** Rules over vCenter privilege sets, in any format that carries role definitions. */
export const vcRules: Rule<PrivilegeSet>[] = [vcPrivCrypto, vcPrivAuthz, vcPrivGuestOps, vcPrivNetPolicy, vcPrivExfil, vcRoleAdminEquiv];
