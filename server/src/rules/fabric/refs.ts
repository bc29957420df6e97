import { doc } from '../refs';

export const OVS_FAQ_SPAN = doc('Open vSwitch FAQ (configuration)', 'How do I configure a port as a SPAN port?', 'https://docs.openvswitch.org/en/latest/faq/configuration/');
export const OVS_DEBIAN = doc('Open vSwitch', 'debian/openvswitch-switch.README.Debian (ifupdown ovs_* options, ovs_extra)');
export const OVS_TCPDUMP = doc('Open vSwitch', 'ovs-tcpdump(8): temporary mirror ports');
export const NIST_125B = doc('NIST SP 800-125B', 'VM Traffic Monitoring', 'https://doi.org/10.6028/NIST.SP.800-125B');
export const PVE_NO_MIRROR = doc('Proxmox VE admin guide', 'Network configuration (no native port mirroring)');
