import type { Rule } from '../../engine/types';
import type { PrivilegeSet } from '../../formats/vsphere/carriers';
import { vcRoleAdminEquiv } from './admin-equiv';
import { AUTHZ_PRIVILEGE, vcPrivAuthz } from './priv-authz';
import { CRYPTO_PRIVILEGE, vcPrivCrypto } from './priv-crypto';
import { EXFIL_PRIVILEGE, vcPrivExfil } from './priv-exfil';
import { GUESTOPS_PRIVILEGE, vcPrivGuestOps } from './priv-guestops';
import { NETPOLICY_PRIVILEGE, vcPrivNetPolicy } from './priv-netpolicy';

/** Rules over vCenter privilege sets, in any format that carries role definitions. */
export const vcRules: Rule<PrivilegeSet>[] = [vcPrivCrypto, vcPrivAuthz, vcPrivGuestOps, vcPrivNetPolicy, vcPrivExfil, vcRoleAdminEquiv];

/** Which rule reports a vCenter privilege, most severe first (the editor's permission lenses name them). */
export const FLAGGED_PRIVILEGES: readonly { rule: string; match: (id: string) => boolean }[] = [
  { rule: vcPrivAuthz.meta.id, match: AUTHZ_PRIVILEGE },
  { rule: vcPrivCrypto.meta.id, match: CRYPTO_PRIVILEGE },
  { rule: vcPrivGuestOps.meta.id, match: GUESTOPS_PRIVILEGE },
  { rule: vcPrivNetPolicy.meta.id, match: NETPOLICY_PRIVILEGE },
  { rule: vcPrivExfil.meta.id, match: EXFIL_PRIVILEGE },
];
