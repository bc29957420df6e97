import type { FormatKeys, KeyDoc } from '../engine/keys';
import { ESXCONF_KEYS } from './esxconf/keys';
import { LIBVIRTD_KEYS, QEMU_KEYS } from './libvirt-conf/keys';
import { DOMAIN_XML_KEYS, NETWORK_XML_KEYS } from './libvirt-xml/keys';
import { PVE_DATACENTER_KEYS, PVE_FIREWALL_KEYS, PVE_LXC_KEYS, PVE_PROXY_KEYS, PVE_VM_KEYS } from './proxmox-common/keys';
import { VMX_KEYS } from './vmx/keys';

/** Key tables of the line-based formats vharden owns, by format id (completion and hover). */
export const KEY_TABLES: Readonly<Record<string, FormatKeys>> = {
  vmx: VMX_KEYS,
  esxconf: ESXCONF_KEYS,
  'proxmox-vm': PVE_VM_KEYS,
  'proxmox-lxc': PVE_LXC_KEYS,
  'proxmox-firewall': PVE_FIREWALL_KEYS,
  'proxmox-datacenter': PVE_DATACENTER_KEYS,
  'proxmox-pveproxy': PVE_PROXY_KEYS,
  'libvirtd-conf': LIBVIRTD_KEYS,
  'qemu-conf': QEMU_KEYS,
};

/** Elements and attributes of the XML formats the rules read, by format id (hover only). */
export const XML_KEY_TABLES: Readonly<Record<string, readonly KeyDoc[]>> = {
  'libvirt-domain': DOMAIN_XML_KEYS,
  'libvirt-network': NETWORK_XML_KEYS,
};
