import { HV_SECURITY, HYPERVDSC, SET_VMNETWORKADAPTER } from '../hyperv/refs';
import { missingMirrorRule } from './missing';
import { NIST_125B } from './refs';

export const hvMirMissing = missingMirrorRule(
  {
    id: 'HV-MIR-MISSING',
    title: 'Hyper-V switch with guests and no port mirroring',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Traffic between guests on the same Hyper-V switch never leaves the host, so an IDS or packet broker on the physical network never sees it. Without port mirroring on the switch (guest adapters in `Source` mode copying to a sensor adapter in `Destination` mode), lateral movement between VMs on this host is invisible to network monitoring.',
    remedy: 'Give a sensor VM an adapter on the switch with `Set-VMNetworkAdapter -PortMirroring Destination`, and set `-PortMirroring Source` on the guest adapters to watch (DSC: `VMNetworkAdapterSettings` with `PortMirroring`). The template inserts both commands, commented, with the sensor VM to fill in.',
    notes: 'Cross-file: the switch (`New-VMSwitch`, DSC `VMSwitch`), the guest adapters (`New-VM -SwitchName`, `Add-VMNetworkAdapter`, `Connect-VMNetworkAdapter`, DSC `VMHyperV`/`VMNetworkAdapter`) and the mirroring settings may come from different scripts of one scope. Only external and internal switches are judged (the issue\'s scope: they join guests to the host or the network); private switches and switches whose type is not written are not. An adapter\'s `-PortMirroring` counts when the script that sets it also creates the adapter, or when DSC names the switch. Policy: `monitoring.requiredFor` (globs over switch names; default `*`) decides medium versus an info hint, as for Open vSwitch.',
    references: [SET_VMNETWORKADAPTER, HV_SECURITY, HYPERVDSC, NIST_125B],
  },
  (sw) => sw.def.kind === 'hyperv-switch' && (sw.def.hypervType === 'external' || sw.def.hypervType === 'internal'),
  'no adapter on it mirrors traffic to a sensor (no PortMirroring Source or Destination in scope)',
);
