import { missingMirrorRule } from './missing';
import { NIST_125B, OVS_DEBIAN, OVS_FAQ_SPAN } from './refs';

export const ovsMirMissing = missingMirrorRule(
  {
    id: 'OVS-MIR-MISSING',
    title: 'Open vSwitch bridge with guests and no mirror',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['ovs-shell', 'interfaces', 'netplan', 'ovsdb'],
    risk: 'Traffic between guests on the same bridge never leaves the host, so an IDS or packet broker on the physical network never sees it. Without a mirror session on the bridge, lateral movement between VMs on this host is invisible to network monitoring.',
    remedy: 'Create a mirror on the bridge that selects all traffic (`select-all=true`) and outputs to a dedicated sensor port (an internal port or the sensor VM\'s tap) that carries nothing else; in /etc/network/interfaces this is an `ovs_extra` line on the bridge stanza. The quick fix inserts a commented template with the sensor port to fill in.',
    notes: 'Cross-file: the bridge, its guest ports and the mirror may come from different files of the same scope (a `scopes:` entry of `.vharden.yaml`, a host tree above /etc, a git repository, else a folder and the folders below it; see the README): shell scripts with ovs-vsctl, /etc/network/interfaces, netplan, /etc/openvswitch/conf.db. Guest ports are ports named as hypervisors name guest NICs (tap<VMID>i<N>, vnetN, vifN.M, vhost-user, OpenStack tap<uuid>) or carrying external_ids such as iface-id; a plain tapN only in a file that starts QEMU on it or is a qemu-ifup script (OpenVPN taps are not guests). The rule stays quiet for bridges without guest ports in scope. Policy: `monitoring.requiredFor` (globs) lists the switches that must be mirrored; its default, `*`, requires it of every bridge that carries guest traffic, which reports at medium. Bridges not matched by a narrower list are reported as info hints. Set `requiredFor: []` to make every report a hint. netplan cannot express mirrors: a netplan OVS bridge is mirrored by a mirror elsewhere in scope (script, conf.db).',
    references: [OVS_FAQ_SPAN, OVS_DEBIAN, NIST_125B],
  },
  (sw) => sw.def.kind === 'ovs-bridge',
);
