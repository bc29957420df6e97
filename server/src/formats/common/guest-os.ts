/**
 * Carrier kind: the guest operating system a VM's configuration names (Format.carriers / Rule.input).
 * Each format gives the identifier as written and the scheme it belongs to; the patch-level rules map
 * it to an OS family with the guest OS data file. A format that cannot tell gives nothing.
 *
 * Live snapshots feed the same carrier: a vSphere snapshot's `config.guestId` (and the `guest.guestId`
 * VMware Tools reports) are `vsphere` ids, and a libvirt collector's `virsh dumpxml` output is domain
 * XML whose `<libosinfo:os id>` the libvirt format already reads.
 */
export const GUEST_OS = 'guest-os';

/**
 * `vmx`: a .vmx `guestOS` key (`windows7-64`); `vsphere`: a vSphere API guest id (`windows7_64Guest`,
 * Ansible `vmware_guest` `guest_id`, Terraform `guest_id`); `proxmox`: a qemu-server `ostype` (`win7`);
 * `libosinfo`: a libosinfo id (`http://microsoft.com/win/7`).
 */
export type GuestIdScheme = 'vmx' | 'vsphere' | 'proxmox' | 'libosinfo';

export interface GuestOsId {
  scheme: GuestIdScheme;
  /** the identifier as written, trimmed */
  id: string;
  /** range of the identifier's value */
  start: number;
  end: number;
  /** how the file writes it, for messages: `guestOS = "windows7-64"`, `ostype: win7` */
  label: string;
  /** stable locator of the setting */
  locator: string;
  /** the VM's name, when the file gives one */
  vm?: string;
}
