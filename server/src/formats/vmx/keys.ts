import type { FormatKeys } from '../../engine/keys';

/** `.vmx` keys the rules read, for completion and hover (see engine/keys.ts). */
export const VMX_KEYS: FormatKeys = {
  syntax: { separator: '=', quoted: true, caseInsensitive: true, comment: '#' },
  keys: [
    { key: 'RemoteDisplay.vnc.enabled', summary: 'Starts a VNC server for this VM\'s console on the host, outside vCenter permissions and auditing.', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-CONSOLE-VNC'], insecure: 'TRUE' },
    { key: 'RemoteDisplay.vnc.ip', summary: 'Address the VM\'s VNC console listens on; absent: every host interface.', values: ['127.0.0.1'], see: ['VMX-CONSOLE-VNC'] },
    { key: 'RemoteDisplay.vnc.password', summary: 'VNC console password, stored in plain text in the .vmx.', rules: ['VMX-CONSOLE-VNC-PASSWD'], insecure: 'secret', see: ['VMX-CONSOLE-VNC'] },
    { key: 'RemoteDisplay.maxConnections', summary: 'How many remote consoles may attach to the VM at once; -1 is unlimited (judged on ESXi).', values: ['1'], default: '-1 (unlimited)', rules: ['VMX-CONSOLE-MAXCONN'], insecure: '-1', with: ['ethernet0.networkName = "VM Network"'] },
    { key: 'debugStub.listen.guest64.remote', summary: 'Lets any machine that reaches the host attach a GDB debugger to a 64-bit guest.', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-DEBUGSTUB-REMOTE'], insecure: 'TRUE' },
    { key: 'debugStub.listen.guest32.remote', summary: 'Lets any machine that reaches the host attach a GDB debugger to a 32-bit guest.', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-DEBUGSTUB-REMOTE'], insecure: 'TRUE' },
    { key: 'isolation.tools.copy.disable', summary: 'Blocks copying from the guest to the console client\'s clipboard.', values: ['TRUE', 'FALSE'], default: 'TRUE', rules: ['VMX-ISO-CLIPBOARD'], insecure: 'FALSE' },
    { key: 'isolation.tools.paste.disable', summary: 'Blocks pasting from the console client into the guest.', values: ['TRUE', 'FALSE'], default: 'TRUE', rules: ['VMX-ISO-CLIPBOARD'], insecure: 'FALSE' },
    { key: 'isolation.tools.dnd.disable', summary: 'Blocks drag and drop between the console client and the guest.', values: ['TRUE', 'FALSE'], default: 'TRUE', rules: ['VMX-ISO-CLIPBOARD'], insecure: 'FALSE' },
    { key: 'isolation.device.connectable.disable', summary: 'Stops the guest from connecting and disconnecting its own devices (CD-ROM, NICs).', values: ['TRUE', 'FALSE'], default: 'TRUE', rules: ['VMX-ISO-DEVICE-CONNECT'], insecure: 'FALSE' },
    { key: 'tools.guestlib.enableHostInfo', summary: 'Exposes host performance data to the guest through VMware Tools.', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-ISO-HOSTINFO'], insecure: 'TRUE' },
    { key: 'sched.mem.pshare.salt', summary: 'Memory page-sharing salt: VMs with the same salt share pages (a side channel between them). Hardened: absent.', rules: ['VMX-ISO-TPS-SALT'], insecure: 'shared' },
    { key: 'isolation.tools.hgfs.disable', summary: 'Turns off the host-guest file system (HGFS) that shared folders use.', values: ['TRUE', 'FALSE'], rules: ['VMX-ISO-HGFS'], insecure: 'FALSE', see: ['VMX-ISO-SHAREDFOLDER'] },
    { key: 'isolation.tools.hgfsServerSet.disable', summary: 'Turns off the HGFS file transfer interface VMware Tools offers the guest.', values: ['TRUE', 'FALSE'], default: 'FALSE on ESXi (the interface is on)', rules: ['VMX-ISO-HGFS'], insecure: 'FALSE', see: ['VMX-ISO-SHAREDFOLDER'] },
    { key: 'sharedFolder<n>.hostPath', summary: 'Host folder shared into the guest (hosted products).', see: ['VMX-ISO-SHAREDFOLDER'] },
    { key: 'sharedFolder<n>.writeAccess', summary: 'Whether the guest may write to the shared folder.', values: ['FALSE', 'TRUE'], rules: ['VMX-ISO-SHAREDFOLDER'], insecure: 'TRUE', with: ['sharedFolder0.present = "TRUE"'] },
    { key: 'usb.present', summary: 'Adds a virtual UHCI USB controller (VM-escape attack surface).', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-ISO-USB'], insecure: 'TRUE' },
    { key: 'ehci.present', summary: 'Adds a virtual EHCI (USB 2) controller (VM-escape attack surface).', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-ISO-USB'], insecure: 'TRUE' },
    { key: 'usb_xhci.present', summary: 'Adds a virtual xHCI (USB 3) controller (VM-escape attack surface).', values: ['FALSE', 'TRUE'], default: 'FALSE', rules: ['VMX-ISO-USB'], insecure: 'TRUE' },
    { key: 'serial<n>.fileType', summary: 'What the virtual serial port connects to: file, device, pipe or network.', values: ['file', 'pipe', 'network'], see: ['VMX-SERIAL-NET'] },
    { key: 'serial<n>.fileName', summary: 'Where the serial port connects; with fileType network, the URI it serves (telnet://:23 listens on every interface).', rules: ['VMX-SERIAL-NET'], insecure: 'telnet://:23', with: ['serial0.fileType = "network"'] },
    { key: 'serial<n>.present', summary: 'Whether the serial port exists.', values: ['FALSE', 'TRUE'], see: ['VMX-SERIAL-NET'] },
    { key: 'virtualHW.version', summary: 'Virtual hardware version; older versions lack security features and fixes (17 is vSphere 7.0).', values: ['21', '20', '19'], rules: ['VMX-PATCH-HWVERSION'], insecure: '11' },
  ],
};
