import type { FormatKeys, KeyDoc, KeySyntax } from '../../engine/keys';

const KV: KeySyntax = { separator: ':', quoted: false, caseInsensitive: false, comment: '#' };

const firewallOption = (rules?: string[]): KeyDoc => ({
  key: 'firewall',
  summary: 'Put the NIC behind the Proxmox VM firewall (its rules and MAC/IP anti-spoofing filters).',
  values: ['1', '0'],
  default: '0',
  ...(rules ? { rules, insecure: '0' } : {}),
});

const nicOptions = (rules?: string[]): KeyDoc[] => [
  firewallOption(rules),
  { key: 'bridge', summary: 'Host bridge the NIC is plugged into (its guests share the bridge\'s traffic).', values: ['vmbr0'] },
  { key: 'tag', summary: 'VLAN tag of the NIC on the bridge.' },
  { key: 'link_down', summary: 'Disconnect the NIC.', values: ['1', '0'] },
  { key: 'rate', summary: 'Rate limit in MB/s.' },
];

/** Proxmox VE VM config (`qemu-server/<vmid>.conf`) keys the rules read (see engine/keys.ts). */
export const PVE_VM_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    {
      key: 'net<n>',
      summary: 'Network device: `model[=MAC],bridge=…,firewall=1,tag=…`.',
      values: ['virtio,bridge=vmbr0,firewall=1'],
      rules: ['PVE-VM-NET-FIREWALL'],
      insecure: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
      options: nicOptions(['PVE-VM-NET-FIREWALL']),
    },
    { key: 'args', summary: 'Raw arguments appended to the QEMU command line, outside Proxmox\'s permission checks (root only).', rules: ['PVE-VM-ARGS-VNC'], insecure: '-vnc 0.0.0.0:12' },
    { key: 'hostpci<n>', summary: 'Host PCI device passed through to the VM: the guest drives host hardware directly.', see: ['PVE-VM-PASSTHRU'] },
    { key: 'usb<n>', summary: 'Host USB device passed through to the VM (`host=…`, `mapping=…`, or `spice`).', see: ['PVE-VM-PASSTHRU'] },
    { key: 'protection', summary: 'Protect the VM against removal and its disks against deletion.', values: ['1', '0'], default: '0' },
  ],
};

/** Proxmox VE container config (`lxc/<vmid>.conf`) keys (format knowledge; see engine/keys.ts). */
export const PVE_LXC_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    { key: 'unprivileged', summary: 'Map the container\'s root to an unprivileged host user; 0 makes root in the container root on the host.', values: ['1', '0'], default: '0 (privileged)' },
    { key: 'features', summary: 'Extra container features: `nesting=1`, `keyctl=1`, `fuse=1`, `mount=…` (each widens what the container can do to the host).', options: [
      { key: 'nesting', summary: 'Allow containers and namespaces inside the container (exposes procfs and sysfs of the host).', values: ['0', '1'], default: '0' },
      { key: 'keyctl', summary: 'Allow the keyctl() system call (unprivileged containers only).', values: ['0', '1'], default: '0' },
      { key: 'fuse', summary: 'Allow FUSE mounts inside the container.', values: ['0', '1'], default: '0' },
      { key: 'mount', summary: 'File system types the container may mount (`nfs;cifs`).' },
    ] },
    { key: 'net<n>', summary: 'Network device: `name=eth0,bridge=…,firewall=1,hwaddr=…,ip=…`.', values: ['name=eth0,bridge=vmbr0,firewall=1,ip=dhcp'], options: nicOptions() },
    { key: 'lxc.apparmor.profile', summary: 'AppArmor profile of the container; `unconfined` removes the confinement.', values: ['generated'] },
    { key: 'lxc.cap.drop', summary: 'Capabilities dropped from the container (an empty value keeps every capability).' },
    { key: 'lxc.cgroup2.devices.allow', summary: 'Host devices the container may open (`c 226:* rwm` hands it every GPU node).' },
    { key: 'lxc.mount.entry', summary: 'A host path bind-mounted into the container.' },
    { key: 'protection', summary: 'Protect the container against removal and its disks against deletion.', values: ['1', '0'], default: '0' },
  ],
};

/** Proxmox VE firewall files (`cluster.fw`, `host.fw`, `<vmid>.fw`): the `[OPTIONS]` keys the rules read. */
export const PVE_FIREWALL_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    { key: 'enable', section: 'OPTIONS', summary: 'Switch the firewall of this file on (cluster.fw: the cluster firewall; <vmid>.fw: the VM firewall).', values: ['1', '0'], default: '0', rules: ['PVE-FW-DISABLED', 'PVE-VMFW-SPOOF'], insecure: '0' },
    { key: 'policy_in', section: 'OPTIONS', summary: 'What happens to inbound traffic no rule matches.', values: ['DROP', 'REJECT', 'ACCEPT'], default: 'DROP', rules: ['PVE-FW-POLICY-IN'], insecure: 'ACCEPT' },
    { key: 'policy_out', section: 'OPTIONS', summary: 'What happens to outbound traffic no rule matches.', values: ['ACCEPT', 'DROP', 'REJECT'], default: 'ACCEPT' },
    { key: 'macfilter', section: 'OPTIONS', summary: 'VM firewall: drop frames whose source MAC is not the NIC\'s (anti-spoofing).', values: ['1', '0'], default: '1', rules: ['PVE-VMFW-SPOOF'], insecure: '0' },
    { key: 'ipfilter', section: 'OPTIONS', summary: 'VM firewall: drop packets from addresses not listed in `[IPSET ipfilter-net<n>]` (anti-spoofing).', values: ['1', '0'], default: '0', see: ['PVE-VMFW-SPOOF'] },
  ],
};

/** Proxmox VE `datacenter.cfg` keys the rules read (see engine/keys.ts). */
export const PVE_DATACENTER_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    {
      key: 'migration',
      summary: 'How VMs migrate between nodes: `type=secure|insecure,network=<CIDR>`.',
      values: ['type=secure'],
      options: [
        { key: 'type', summary: 'secure tunnels migration through SSH; insecure sends VM memory and disks in clear text.', values: ['secure', 'insecure'], default: 'secure', rules: ['PVE-DC-MIGRATION'], insecure: 'insecure' },
        { key: 'network', summary: 'Network (CIDR) migration traffic uses.' },
      ],
    },
    { key: 'migration_unsecure', summary: 'Legacy switch that turns off encryption of migration traffic.', values: ['0'], default: '0', rules: ['PVE-DC-MIGRATION'], insecure: '1' },
  ],
};

/** `/etc/default/pveproxy` variables the rules read (see engine/keys.ts). */
export const PVE_PROXY_KEYS: FormatKeys = {
  syntax: { separator: '=', quoted: true, caseInsensitive: false, comment: '#' },
  keys: [
    { key: 'ALLOW_FROM', summary: 'Addresses allowed to reach the web UI and API (port 8006), comma-separated.', values: ['192.0.2.0/24'], see: ['PVE-PVEPROXY-ACL'] },
    { key: 'DENY_FROM', summary: 'Addresses denied; "all" with ALLOW_FROM admits only the listed networks.', values: ['all'], rules: ['PVE-PVEPROXY-ACL'], insecure: '198.51.100.7' },
    { key: 'POLICY', summary: 'What happens to addresses neither list names.', values: ['deny', 'allow'], default: 'allow', see: ['PVE-PVEPROXY-ACL'] },
  ],
};
