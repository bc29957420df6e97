import type { KeyDoc } from '../../engine/keys';

/**
 * Elements and attributes of libvirt XML the rules read, for hover (see engine/assist.ts): `key` is
 * the element path from the root without indexes, `/@name` for an attribute. The editor's XML
 * extension completes the schema; these say which rules judge what.
 */
const chardev = (el: string): KeyDoc[] => [
  { key: `/domain/devices/${el}/@type`, summary: `What the ${el} connects to: pty, unix, file, tcp (a network socket), …`, values: ['pty', 'unix'], see: ['DOM-CHARDEV-TCP'] },
  { key: `/domain/devices/${el}/source/@mode`, summary: 'bind: QEMU listens for connections; connect: QEMU connects out.', see: ['DOM-CHARDEV-TCP'] },
  { key: `/domain/devices/${el}/source/@host`, summary: 'Address a tcp device binds to; absent, empty or 0.0.0.0: every host interface.', values: ['127.0.0.1'], see: ['DOM-CHARDEV-TCP'] },
  { key: `/domain/devices/${el}/source/@service`, summary: 'TCP port of the device.', see: ['DOM-CHARDEV-TCP'] },
  { key: `/domain/devices/${el}/source/@tls`, summary: 'Protect the tcp device with TLS (the host\'s chardev TLS certificates).', values: ['yes', 'no'], see: ['DOM-CHARDEV-TCP'] },
];

export const DOMAIN_XML_KEYS: KeyDoc[] = [
  { key: '/domain/devices/graphics/@type', summary: 'Console protocol: vnc, spice, rdp, …', see: ['DOM-GRAPHICS-PUBLIC', 'DOM-GRAPHICS-PASSWD'] },
  { key: '/domain/devices/graphics/@listen', summary: 'Address the console listens on (older form of `<listen type=\'address\'>`); 0.0.0.0 or :: is every host interface. Absent: qemu.conf\'s vnc_listen or spice_listen.', values: ['127.0.0.1'], see: ['DOM-GRAPHICS-PUBLIC'] },
  { key: '/domain/devices/graphics/listen/@type', summary: 'address, network, socket (a UNIX socket, not the network) or none.', values: ['socket', 'address'], see: ['DOM-GRAPHICS-PUBLIC'] },
  { key: '/domain/devices/graphics/listen/@address', summary: 'Address the console listens on; 0.0.0.0 or :: is every host interface.', values: ['127.0.0.1'], see: ['DOM-GRAPHICS-PUBLIC'] },
  { key: '/domain/devices/graphics/@passwd', summary: 'Console password, in clear text in the domain XML (VNC uses at most 8 characters).', see: ['DOM-GRAPHICS-PASSWD', 'DOM-GRAPHICS-PUBLIC'] },
  { key: '/domain/devices/graphics/@defaultMode', summary: 'SPICE: secure makes every channel use TLS.', values: ['secure', 'any', 'insecure'], see: ['DOM-GRAPHICS-PUBLIC'] },
  ...['serial', 'console', 'channel', 'parallel'].flatMap(chardev),
  { key: '/domain/devices/filesystem/@accessmode', summary: 'How guest file access maps to the host: passthrough (the guest\'s owners and modes are the host\'s), mapped or squash.', values: ['mapped', 'squash', 'passthrough'], default: 'passthrough', see: ['DOM-FS-PASSTHROUGH'] },
  { key: '/domain/devices/filesystem/readonly', summary: 'Share the host folder read-only.', see: ['DOM-FS-PASSTHROUGH'] },
  { key: '/domain/devices/filesystem/source/@dir', summary: 'Host folder shared into the guest.', see: ['DOM-FS-PASSTHROUGH'] },
  { key: '/domain/devices/hostdev/@mode', summary: 'subsystem: a host PCI, USB or SCSI device (or a mediated device) driven by the guest directly.', see: ['DOM-HOSTDEV-PASSTHRU'] },
  { key: '/domain/seclabel/@type', summary: 'sVirt confinement of the guest: dynamic (a label per guest), static, or none (no confinement).', values: ['dynamic', 'static', 'none'], default: 'dynamic', see: ['DOM-SECLABEL-NONE'] },
  { key: '/domain/seclabel/@model', summary: 'Security driver the label is for: selinux, apparmor, dac.', see: ['DOM-SECLABEL-NONE'] },
  { key: '/domain/devices/interface/filterref', summary: 'nwfilter applied to the NIC; clean-traffic drops MAC, IP and ARP spoofing.', see: ['DOM-NO-FILTERREF'] },
  { key: '/domain/devices/interface/filterref/@filter', summary: 'Name of the nwfilter; clean-traffic is libvirt\'s anti-spoofing filter.', values: ['clean-traffic'], see: ['DOM-NO-FILTERREF'] },
  { key: '/domain/devices/interface/port/@isolated', summary: 'yes: the guest cannot reach other isolated ports of the bridge.', values: ['yes', 'no'], default: 'no', see: ['DOM-PORT-ISOLATION'] },
  { key: '/domain/devices/interface/@trustGuestRxFilters', summary: 'yes: the host follows MAC and multicast filter changes the guest makes (macvtap).', values: ['no', 'yes'], default: 'no', see: ['NET-TRUST-RX'] },
];

export const NETWORK_XML_KEYS: KeyDoc[] = [
  { key: '/network/@trustGuestRxFilters', summary: 'yes: the host follows MAC and multicast filter changes guests on this network make.', values: ['no', 'yes'], default: 'no', see: ['NET-TRUST-RX'] },
  { key: '/network/portgroup/@trustGuestRxFilters', summary: 'yes: the host follows MAC and multicast filter changes guests in this port group make.', values: ['no', 'yes'], default: 'no', see: ['NET-TRUST-RX'] },
];
