import type { Rule } from '../../engine/types';
import { PRODUCT_VERSIONS, type ProductVersions } from '../../formats/vsphere/carriers';
import { doc, scg, stig } from '../refs';
import { advisoryListNote, vmsaFindings } from './vmsa';

export const patchEsxiVmsa: Rule<ProductVersions> = {
  input: PRODUCT_VERSIONS,
  meta: {
    id: 'PATCH-ESXI-VMSA',
    title: 'ESXi version below a security fix',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['esxconf', 'ansible', 'vmx', 'ansible-vars', 'vsphere-snapshot'],
    risk: 'An ESXi build older than the fix of a VMware security advisory carries its flaws: VM escapes through virtual devices (VMSA-2025-0004, exploited in the wild; VMSA-2025-0013; VMSA-2024-0006; VMSA-2022-0004) or remote code execution through OpenSLP (the ESXiArgs-era CVE-2021-21974 and CVE-2020-3992). One compromised guest or one reachable management port then owns every VM on the host.',
    remedy: 'Update the host (and the installer image, offline bundle or pinned version in code) to the fixed build named in the finding or later. The advisory link in the message has the patch and workaround details.',
    notes: 'Reads ESXi version and build literals anywhere in the file outside comments (a commented-out variable or a "was 7.0 U3" note is not a deployed version), including Ansible `group_vars/`, `host_vars/`, `vars/` and `defaults/` files: installer and depot names (VMware-VMvisor-Installer-8.0U2-22380479.x86_64.iso, VMware-ESXi-7.0U3j-21053776-depot.zip, ESXi-…-standard image profiles), "VMware ESXi 7.0.3 build-20328353" version strings, variables such as esxi_version/esxi_build (also `version:`/`build:` inside an `esxi:` block, and full version strings like 8.0.2-0.0.22380479), esx.conf /system/version, and the product build a live host reports (`vharden collect vsphere` snapshots). A build pairs with a version when each is the only one for the product in the file. Fixed builds come from the advisories data file (bundled, dated; `--advisories FILE` or `vharden.advisoriesFile` point at a newer one); the data date is in every message. Critical when an applicable advisory is exploited in the wild, else high. A version without a build ("7.0 U3", "8.0.2") names a line of patch builds: vharden reports an info finding that it cannot tell, unless the version alone proves the gap (an update line older than every fixed line, or a patch letter below the fixed one). A bare "8.0" gives no finding. Branches past general support are reported by PATCH-EOL.' + advisoryListNote('esxi'),
    references: [
      doc('Broadcom', 'VMware Security Advisories', 'https://www.broadcom.com/support/vmware-security-advisories'),
      stig('ESXI-80-000221'),
      scg('esx-9.updates'),
    ],
  },
  check(versions, ctx) {
    return vmsaFindings('esxi', versions, ctx, (exploited) => (exploited ? 'critical' : 'high'));
  },
};
