import type { FormatKeys, KeyDoc, KeySyntax } from '../../engine/keys';

const KV: KeySyntax = { separator: ':', quoted: false, caseInsensitive: false, comment: '#' };

/** Sources of the entries no rule reads (the Proxmox VE administration guide's config references). */
const QM_CONF = 'qm.conf(5), Proxmox VE Administration Guide: https://pve.proxmox.com/wiki/Manual:_qm.conf';
const PCT_CONF = 'pct.conf(5), Proxmox VE Administration Guide: https://pve.proxmox.com/wiki/Manual:_pct.conf';
const FW_DOC = 'pve-firewall(8), Firewall options: https://pve.proxmox.com/wiki/Firewall';
const DC_CONF = 'datacenter.cfg(5): https://pve.proxmox.com/wiki/Manual:_datacenter.cfg';

const firewallOption = (source: string, rules?: string[]): KeyDoc => ({
  key: 'firewall',
  summary: 'Put the NIC behind the Proxmox VM firewall (its rules and MAC/IP anti-spoofing filters).',
  values: ['1', '0'],
  default: '0',
  ...(rules ? { rules, insecure: '0' } : { source }),
});

const nicOptions = (source: string, rules?: string[]): KeyDoc[] => [
  firewallOption(source, rules),
  { key: 'bridge', summary: 'Host bridge the NIC is plugged into (its guests share the bridge\'s traffic).', values: ['vmbr0'], source },
  { key: 'tag', summary: 'VLAN tag of the NIC on the bridge.', source },
  { key: 'link_down', summary: 'Disconnect the NIC.', values: ['1', '0'], source },
  { key: 'rate', summary: 'Rate limit in MB/s.', source },
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
      options: nicOptions(QM_CONF, ['PVE-VM-NET-FIREWALL']),
    },
    { key: 'args', summary: 'Raw arguments appended to the QEMU command line, outside Proxmox\'s permission checks (root only).', rules: ['PVE-VM-ARGS-VNC'], insecure: '-vnc 0.0.0.0:12' },
    { key: 'hostpci<n>', summary: 'Host PCI device passed through to the VM: the guest drives host hardware directly.', see: ['PVE-VM-PASSTHRU'] },
    { key: 'usb<n>', summary: 'Host USB device passed through to the VM (`host=…`, `mapping=…`, or `spice`).', see: ['PVE-VM-PASSTHRU'] },
    { key: 'protection', summary: 'Protect the VM against removal and its disks against deletion.', values: ['1', '0'], default: '0', source: QM_CONF },
  ],
};

/** Proxmox VE container config (`lxc/<vmid>.conf`) keys the rules read (see engine/keys.ts). */
export const PVE_LXC_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    { key: 'unprivileged', summary: 'Map the container\'s root to an unprivileged host user; 0 makes root in the container root on the host.', values: ['1', '0'], default: '0 (privileged)', rules: ['PVE-LXC-PRIVILEGED'], insecure: '0', see: ['PVE-LXC-NESTING-PRIV', 'PVE-LXC-CAP-DROP', 'PVE-LXC-DEVICES-ALL', 'PVE-LXC-MOUNT-AUTO-RW'] },
    { key: 'features', summary: 'Extra container features: `nesting=1`, `keyctl=1`, `fuse=1`, `mount=…` (each widens what the container can do to the host).', see: ['PVE-LXC-NESTING-PRIV'], options: [
      { key: 'nesting', summary: 'Allow containers and namespaces inside the container (exposes procfs and sysfs of the host).', values: ['0', '1'], default: '0', rules: ['PVE-LXC-NESTING-PRIV'], insecure: '1' },
      { key: 'keyctl', summary: 'Allow the keyctl() system call (unprivileged containers only).', values: ['0', '1'], default: '0', source: PCT_CONF },
      { key: 'fuse', summary: 'Allow FUSE mounts inside the container.', values: ['0', '1'], default: '0', source: PCT_CONF },
      { key: 'mount', summary: 'File system types the container may mount (`nfs;cifs`).', source: PCT_CONF },
    ] },
    { key: 'net<n>', summary: 'Network device: `name=eth0,bridge=…,firewall=1,hwaddr=…,ip=…`.', values: ['name=eth0,bridge=vmbr0,firewall=1,ip=dhcp'], source: PCT_CONF, options: nicOptions(PCT_CONF) },
    { key: 'mp<n>', summary: 'Mount point: a storage volume, or a host path bind-mounted into the container (`/srv/data,mp=/data`).', rules: ['PVE-LXC-BIND-SENSITIVE'], insecure: '/var/run/docker.sock,mp=/var/run/docker.sock' },
    { key: 'lxc.apparmor.profile', summary: 'AppArmor profile of the container; `unconfined` removes the confinement.', values: ['generated'], rules: ['PVE-LXC-APPARMOR'], insecure: 'unconfined' },
    { key: 'lxc.cap.drop', summary: 'Capabilities dropped from the container; an empty value clears the default drop list.', values: ['sys_module sys_rawio'], rules: ['PVE-LXC-CAP-DROP'], insecure: '' },
    { key: 'lxc.cgroup2.devices.allow', summary: 'Host devices the container may open (`a` or `c *:* rwm` opens every device).', values: ['c 226:128 rwm'], rules: ['PVE-LXC-DEVICES-ALL'], insecure: 'a' },
    { key: 'lxc.mount.auto', summary: 'Kernel file systems LXC mounts into the container; `:rw` makes the host\'s kernel settings writable.', values: ['proc:mixed sys:mixed cgroup:mixed'], rules: ['PVE-LXC-MOUNT-AUTO-RW'], insecure: 'proc:rw sys:rw' },
    { key: 'lxc.mount.entry', summary: 'A host path bind-mounted into the container (fstab syntax).', rules: ['PVE-LXC-BIND-SENSITIVE'], insecure: '/var/run/docker.sock var/run/docker.sock none bind,create=file 0 0' },
    { key: 'protection', summary: 'Protect the container against removal and its disks against deletion.', values: ['1', '0'], default: '0', source: PCT_CONF },
  ],
};

/** Proxmox VE firewall files (`cluster.fw`, `host.fw`, `<vmid>.fw`): the `[OPTIONS]` keys the rules read. */
export const PVE_FIREWALL_KEYS: FormatKeys = {
  syntax: KV,
  keys: [
    { key: 'enable', section: 'OPTIONS', summary: 'Switch the firewall of this file on (cluster.fw: the cluster firewall; <vmid>.fw: the VM firewall).', values: ['1', '0'], default: '0', rules: ['PVE-FW-DISABLED', 'PVE-VMFW-SPOOF'], insecure: '0', with: ['ipfilter: 1'] },
    { key: 'policy_in', section: 'OPTIONS', summary: 'What happens to inbound traffic no rule matches.', values: ['DROP', 'REJECT', 'ACCEPT'], default: 'DROP', rules: ['PVE-FW-POLICY-IN'], insecure: 'ACCEPT' },
    { key: 'policy_out', section: 'OPTIONS', summary: 'What happens to outbound traffic no rule matches.', values: ['ACCEPT', 'DROP', 'REJECT'], default: 'ACCEPT', source: FW_DOC },
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
      see: ['PVE-DC-MIGRATION'],
      options: [
        { key: 'type', summary: 'secure tunnels migration through SSH; insecure sends VM memory and disks in clear text.', values: ['secure', 'insecure'], default: 'secure', rules: ['PVE-DC-MIGRATION'], insecure: 'insecure' },
        { key: 'network', summary: 'Network (CIDR) migration traffic uses.', source: DC_CONF },
      ],
    },
    { key: 'migration_unsecure', summary: 'Legacy switch that turns off encryption of migration traffic.', values: ['0'], default: '0', rules: ['PVE-DC-MIGRATION'], insecure: '1' },
  ],
};

/** `/etc/default/pveproxy` variables the rules read (see engine/keys.ts). */
export const PVE_PROXY_KEYS: FormatKeys = {
  syntax: { separator: '=', quoted: true, tight: true, caseInsensitive: false, comment: '#' },
  keys: [
    { key: 'ALLOW_FROM', summary: 'Addresses allowed to reach the web UI and API (port 8006), comma-separated.', values: ['192.0.2.0/24'], see: ['PVE-PVEPROXY-ACL'] },
    { key: 'DENY_FROM', summary: 'Addresses denied; "all" with ALLOW_FROM admits only the listed networks.', values: ['all'], rules: ['PVE-PVEPROXY-ACL'], insecure: '198.51.100.7' },
    { key: 'POLICY', summary: 'What happens to addresses neither list names.', values: ['deny', 'allow'], default: 'allow', see: ['PVE-PVEPROXY-ACL'] },
  ],
};
