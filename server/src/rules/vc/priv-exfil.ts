import type { Rule } from '../../engine/types';
import { PRIVILEGE_SETS, type PrivilegeSet } from '../../formats/vsphere/carriers';
import { doc } from '../refs';
import { ESCALATION_NOTE, inList, privilegeFindings } from './privileges';
import { ROLE_PRIVILEGES } from '../live';

/** the privileges this rule reports */
export const EXFIL_PRIVILEGE: (id: string) => boolean = inList(['Datastore.FileManagement', 'Datastore.Browse', 'VirtualMachine.Provisioning.GetVmFiles', 'VirtualMachine.Provisioning.Clone', 'VirtualMachine.Config.AddExistingDisk', 'VirtualMachine.Config.AdvancedConfig']);

export const vcPrivExfil: Rule<PrivilegeSet> = {
  input: PRIVILEGE_SETS,
  meta: {
    id: 'VC-PRIV-EXFIL',
    title: 'Role can copy, clone or re-attach VM disks',
    family: 'excessive-role',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['ansible', 'terraform', 'vsphere-snapshot'],
    risk: 'Datastore file management and browsing, downloading VM files, cloning and attaching existing disks let a holder take a copy of a domain controller or database VM and read it offline; advanced configuration can undo VM hardening settings.',
    remedy: 'Restrict these privileges to backup and administrator roles on scoped folders, and monitor clone and disk-attach events on critical VMs.',
    notes: ESCALATION_NOTE,
    live: ROLE_PRIVILEGES,
    references: [doc('vSphere privilege reference (govmomi simulator capture)', 'Datastore.*, VirtualMachine.Provisioning.*'), doc('Broadcom BRICKSTORM defence checklist', 'hunt for cloning and disk swap of critical VMs')],
  },
  check: (set) => privilegeFindings(set, EXFIL_PRIVILEGE, 'medium', 'holders can copy or clone VM disks, attach them to another VM, or change advanced VM settings.'),
};
