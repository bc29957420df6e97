import type { FindingDraft, Rule, Severity } from '../../engine/types';
import { VM_TOOLS, type ToolsValue, type VmTools } from '../../formats/common/vm-tools';
import { doc } from '../refs';

/**
 * guest.toolsVersionStatus2 values that mean the installed Tools are out of date, with severity and
 * what vCenter means by them. `guestToolsUnmanaged` (open-vm-tools, updated by the guest OS's own
 * packages), `guestToolsCurrent`, `guestToolsSupportedNew` and `guestToolsTooNew` are not findings;
 * `guestToolsNotInstalled` is reported through the running status.
 */
const OUTDATED = new Map<string, [Severity, string]>([
  ['guestToolsBlacklisted', ['high', 'a VMware Tools version VMware withdrew for known serious problems']],
  ['guestToolsTooOld', ['medium', 'VMware Tools too old to be supported on this host']],
  ['guestToolsNeedUpgrade', ['low', 'VMware Tools older than the version this host offers']],
  ['guestToolsSupportedOld', ['low', 'VMware Tools older than the version this host offers']],
]);

function finding(t: VmTools, v: ToolsValue, severity: Severity, what: string): FindingDraft {
  return { start: v.start, end: v.end, severity, locator: `vm-tools:${v.locator}`, message: `${t.vm ? `VM ${t.vm}: ` : ''}the powered-on guest reports ${what} (${v.value}).` };
}

export const patchVmTools: Rule<VmTools> = {
  meta: {
    id: 'PATCH-VM-TOOLS',
    title: 'VMware Tools out of date or not running in a powered-on VM',
    family: 'patch-level',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['vsphere-snapshot'],
    risk: 'VMware Tools run with system rights inside the guest and talk to the hypervisor over the backdoor and VMCI channels; VMware has fixed authentication bypasses and privilege escalations in them (VMSA-2023-0013 lets a compromised host run commands in every guest). An old or withdrawn Tools version keeps those flaws. Tools that are not running leave vCenter blind to the guest (no heartbeat, no guest identity, no quiesced backups) and often mean a guest nobody maintains.',
    remedy: 'Upgrade VMware Tools in the guest (vSphere Client: Actions > Guest OS > Upgrade VMware Tools, or the guest\'s own open-vm-tools package), or set the VM to upgrade Tools at power cycle. Start the Tools service where it is installed but stopped.',
    notes: 'Reads live snapshots only (`vharden collect vsphere` records `guest.toolsVersionStatus2` and `guest.toolsRunningStatus` under `tools`, and `runtime.powerState`); a VM that is not powered on, or whose power state was not recorded, is not judged. Version status `guestToolsBlacklisted` is high, `guestToolsTooOld` medium, `guestToolsNeedUpgrade` and `guestToolsSupportedOld` low. `guestToolsUnmanaged` is open-vm-tools updated by the guest OS\'s packages and is not a finding (the guest\'s own patch level covers it), nor are `guestToolsCurrent`, `guestToolsSupportedNew` and `guestToolsTooNew`. Running status `guestToolsNotRunning` is low (it includes Tools not installed).',
    references: [
      doc('Broadcom', 'VMSA-2023-0013: VMware Tools authentication bypass (CVE-2023-20867)', 'https://www.broadcom.com/support/vmware-security-advisories'),
      doc('VMware vSphere API', 'VirtualMachineToolsVersionStatus and VirtualMachineToolsRunningStatus (GuestInfo)'),
      doc('NIST', 'SP 800-125 Guide to Security for Full Virtualization Technologies (keep guest software patched)', 'https://csrc.nist.gov/pubs/sp/800/125/final'),
    ],
    live: {
      client: 'VM > Actions > Guest OS > Upgrade VMware Tools',
      powercli: '`Update-Tools -VM $vm`',
      ansible: '`community.vmware.vmware_guest_tools_upgrade`',
    },
  },
  input: VM_TOOLS,
  check(t) {
    if (t.powerState !== 'poweredOn') return [];
    const out: FindingDraft[] = [];
    const old = t.versionStatus && OUTDATED.get(t.versionStatus.value);
    if (t.versionStatus && old) out.push(finding(t, t.versionStatus, old[0], old[1]));
    if (t.runningStatus?.value === 'guestToolsNotRunning') {
      const what = t.versionStatus?.value === 'guestToolsNotInstalled' ? 'VMware Tools not installed' : 'VMware Tools not running';
      out.push(finding(t, t.runningStatus, 'low', what));
    }
    return out;
  },
};
