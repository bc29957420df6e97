import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { scg } from '../refs';

const MINIMUM = 17;

export const patchHwVersion: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-PATCH-HWVERSION',
    title: 'Old virtual hardware version',
    family: 'patch-level',
    severity: 'low',
    fixSafety: 'none',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'Virtual hardware before version 17 (vSphere 7.0) lacks current security features of the virtual platform, such as virtual TPM 2.0 with newer devices, and keeps older, less maintained device emulation.',
    remedy: 'Upgrade the VM compatibility to hardware version 17 or later from vCenter (power-off required; take a snapshot first). vharden offers no text fix: editing the number by hand does not upgrade the devices.',
    notes: 'The minimum is vSphere\'s, so only VMs that may run on ESXi are measured: hosted VMs (Workstation, Fusion, Player: `virtualHW.productCompatibility = "hosted"`, NAT or host-only NICs, `vnet` NICs, `gui.*`, shared folders, and nothing that points at ESXi) get no finding, whatever the profile.',
    live: {
      client: 'VM > Actions > Compatibility > Upgrade VM Compatibility (with the VM powered off; take a snapshot first)',
      powercli: '`Set-VM -VM $vm -HardwareVersion vmx-17`',
      ansible: '`community.vmware.vmware_guest` with `hardware: { version: 17 }` (or `latest`)',
    },
    references: [scg('vm-9.virtual-hardware')],
  },
  check(s) {
    if (s.target === 'hosted') return [];
    const e = s.get('virtualHW.version');
    if (!e) return [];
    const v = Number.parseInt(e.value.trim(), 10);
    if (!Number.isFinite(v) || v >= MINIMUM) return [];
    return [{
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: `Virtual hardware version ${v} is older than ${MINIMUM} (vSphere 7.0).`,
    }];
  },
};
