import type { Rule } from '../../engine/types';
import { PRODUCT_VERSIONS, type ProductVersions } from '../../formats/vsphere/carriers';
import { doc } from '../refs';
import { advisoryListNote, vmsaFindings } from './vmsa';

export const patchVcenterVmsa: Rule<ProductVersions> = {
  input: PRODUCT_VERSIONS,
  meta: {
    id: 'PATCH-VCENTER-VMSA',
    title: 'vCenter version below a security fix',
    family: 'patch-level',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['esxconf', 'ansible', 'vmx', 'ansible-vars', 'vsphere-snapshot'],
    risk: 'vCenter builds below the fixes of VMSA-2024-0012 and VMSA-2024-0019 have heap overflows in the DCERPC service: anyone who reaches vCenter on the network can run code on it, and from vCenter every host and VM it manages. VMSA-2024-0019 is exploited in the wild.',
    remedy: 'Update vCenter to the fixed build named in the finding or later (and the VCSA installer image pinned in code). Keep vCenter management ports on a management network only.',
    notes: 'Reads vCenter version literals outside comments, also in Ansible variables files (`group_vars/`, `host_vars/`, `vars/`, `defaults/`): VCSA installer names (VMware-VCSA-all-8.0.2-22385739.iso, with the release-notes ISO build), appliance image names (version only: their build is not the release-notes build), variables such as vcenter_version/vcenter_build, and the build a live vCenter reports (`vharden collect vsphere` snapshots). Always critical (network remote code execution on the management plane). Same "cannot tell" handling as PATCH-ESXI-VMSA for versions without a build. vCenter 7.0 fixed builds were not confirmed for the bundled data, so 7.0 is left to PATCH-EOL.' + advisoryListNote('vcenter'),
    references: [doc('Broadcom', 'VMware Security Advisories', 'https://www.broadcom.com/support/vmware-security-advisories')],
  },
  check(versions, ctx) {
    return vmsaFindings('vcenter', versions, ctx, () => 'critical');
  },
};
