import type { Rule } from '../../engine/types';
import { PRIVILEGE_SETS, type PrivilegeSet } from '../../formats/vsphere/carriers';
import { doc, scg } from '../refs';
import { ESCALATION_NOTE, inList, privilegeFindings } from './privileges';
import { ROLE_PRIVILEGES } from '../live';

/** the privileges this rule reports */
export const GUESTOPS_PRIVILEGE = (id: string): boolean => /^virtualmachine\.guestoperations\.(execute|modify|query|modifyaliases|queryaliases)$/i.test(id);

export const vcPrivGuestOps: Rule<PrivilegeSet> = {
  input: PRIVILEGE_SETS,
  meta: {
    id: 'VC-PRIV-GUESTOPS',
    title: 'Role can run commands inside guests',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'VirtualMachine.GuestOperations.* privileges run programs and read or write files inside guest operating systems through VMware Tools, from the vCenter API and without network access to the guest. With guest credentials, or aliases that replace them, this is remote code execution on every VM in scope.',
    remedy: 'Grant guest operations only to the automation accounts that need them, scoped to their own VM folders; disable guest operations in VMware Tools where nothing uses them.',
    notes: ESCALATION_NOTE,
    live: ROLE_PRIVILEGES,
    references: [scg('guest-9.tools-deactivate-guestoperations'), doc('VMware Security Advisory', 'VMSA-2023-0013')],
  },
  check: (set) => privilegeFindings(set, GUESTOPS_PRIVILEGE, 'high', 'holders can run programs and move files inside guests through VMware Tools.'),
};
