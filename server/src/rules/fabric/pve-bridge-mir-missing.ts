import { missingMirrorRule } from './missing';
import { NIST_125B, OVS_DEBIAN, PVE_NO_MIRROR } from './refs';

export const pveBridgeMirMissing = missingMirrorRule(
  {
    id: 'PVE-BRIDGE-MIR-MISSING',
    title: 'Linux bridge with guests and no mirror',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['interfaces', 'netplan', 'ovs-shell'],
    risk: 'A Linux bridge (Proxmox vmbrN, a `bridge-ports` stanza, a netplan bridge) forwards traffic between guests inside the kernel; nothing copies it to a monitoring port unless a tc mirred hook does. Attacks between VMs on this bridge stay invisible to network monitoring.',
    remedy: 'Move monitored guests to an Open vSwitch bridge with a mirror to a dedicated sensor port (OVS-MIR-MISSING), or add `post-up tc … action mirred egress mirror dev <sensor>` hooks for the guest ports. The quick fix inserts a commented tc template to complete.',
    notes: 'Cross-file: guests come from VM configs, domain XML and scripts in the same scope; a `tc … mirred … mirror` hook on the bridge or one of its ports in any file of the scope counts as a mirror. Quiet for bridges without guest ports in scope. Policy as OVS-MIR-MISSING: medium for bridges matched by `monitoring.requiredFor` (default `*`), info otherwise.',
    references: [PVE_NO_MIRROR, OVS_DEBIAN, NIST_125B],
  },
  (sw) => sw.def.kind === 'linux-bridge',
);
