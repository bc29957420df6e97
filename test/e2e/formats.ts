/**
 * One entry per supported format: the e2e suites (VS Code in code-server, Neovim's LSP client) run the
 * same checks on each. Adding a format = adding an insecure file under test/e2e/workspace/ and an entry.
 *
 * The file must have: a finding with a quick fix (`fix`, safe or guarded), and findings that show what
 * fix-all on save does: those it removes (`fixedOnSave`, safe fixes) and those that must stay
 * (`staysOnSave`: guarded or no fix). A format whose rules offer no safe fix leaves `fixedOnSave` empty.
 */
export interface FormatCase {
  /** Format id, as in server/src/formats. */
  format: string;
  /** Path under test/e2e/workspace/, '/'-separated. */
  file: string;
  /** The quick fix applied by hand: rule id, 1-based line of its finding, exact title of the fix. */
  fix: { rule: string; line: number; title: string };
  /** Rule ids whose findings all disappear when the file is saved with source.fixAll.vharden on. */
  fixedOnSave: string[];
  /** Rule ids (guarded or no fix) whose findings remain after fix-all on save. */
  staysOnSave: string[];
  /** Substrings the file on disk contains after the quick fix and the save. */
  hardened: string[];
  /** Substrings it no longer contains. */
  absent?: string[];
  /** Where the file sits in a host's file tree, for the host scan of a folder (omit when not scanned there). */
  hostPath?: string;
}

export const FORMATS: FormatCase[] = [
  {
    format: 'vmx',
    file: 'vmware/web01.vmx',
    fix: { rule: 'VMX-DEBUGSTUB-REMOTE', line: 12, title: 'Set debugStub.listen.guest64.remote to "FALSE"' },
    fixedOnSave: ['VMX-ISO-CLIPBOARD'],
    staysOnSave: ['VMX-CONSOLE-VNC'],
    hardened: ['debugStub.listen.guest64.remote = "FALSE"', 'isolation.tools.copy.disable = "TRUE"', 'RemoteDisplay.vnc.enabled = "TRUE"'],
  },
  {
    format: 'esxconf',
    file: 'esxi/etc/vmware/esx.conf',
    hostPath: 'etc/vmware/esx.conf',
    fix: { rule: 'ESXCONF-FW-SLP', line: 9, title: 'Set /firewall/services/CIMSLP/enabled to "false"' },
    fixedOnSave: ['ESXADV-SHELL-IDLE'],
    staysOnSave: ['ESXCONF-FW-SSH', 'ESXADV-BMC-VNIC'],
    hardened: ['/firewall/services/CIMSLP/enabled = "false"', '/adv/UserVars/ESXiShellInteractiveTimeOut = "900"', '/adv/Net/BMCNetworkEnable = "1"', '/firewall/services/sshServer/enabled = "true"'],
  },
  {
    format: 'proxmox-vm',
    file: 'proxmox/etc/pve/qemu-server/110.conf',
    hostPath: 'etc/pve/qemu-server/110.conf',
    fix: { rule: 'PVE-VM-NET-FIREWALL', line: 7, title: 'Append ,firewall=1 to net0' },
    fixedOnSave: ['PVE-VM-NET-FIREWALL'],
    staysOnSave: ['PVE-VM-ARGS-VNC'],
    hardened: ['bridge=vmbr0,firewall=1', 'bridge=vmbr1,firewall=1', 'args: -vnc 0.0.0.0:12'],
  },
  {
    format: 'proxmox-lxc',
    file: 'proxmox/etc/pve/lxc/130.conf',
    hostPath: 'etc/pve/lxc/130.conf',
    fix: { rule: 'PVE-LXC-APPARMOR', line: 14, title: 'Delete the lxc.apparmor.profile line (guarded: software that needed the profile off, often Docker, may stop working)' },
    fixedOnSave: ['PVE-VM-NET-FIREWALL'],
    staysOnSave: ['PVE-LXC-PRIVILEGED', 'PVE-LXC-NESTING-PRIV'],
    hardened: ['ip=dhcp,type=veth,firewall=1', 'bridge=vmbr1,firewall=1,', 'unprivileged: 0', 'features: nesting=1,keyctl=1'],
    absent: ['lxc.apparmor.profile'],
  },
  {
    format: 'libvirt-conf',
    file: 'libvirt/etc/libvirt/libvirtd.conf',
    hostPath: 'etc/libvirt/libvirtd.conf',
    fix: { rule: 'LV-TCP-NOAUTH', line: 5, title: 'Require SASL on the TCP socket: auth_tcp = "sasl" (guarded: clients without SASL credentials are refused)' },
    // no libvirtd.conf rule has a safe fix: verifying TLS clients again refuses those without a certificate
    fixedOnSave: [],
    staysOnSave: ['LV-ACCESS-DRIVERS', 'LV-TLS-NOVERIFY'],
    hardened: ['auth_tcp = "sasl"', 'listen_tcp = 1', 'tls_no_verify_certificate = 1'],
  },
  {
    format: 'libvirt-xml',
    file: 'libvirt/etc/libvirt/qemu/build01.xml',
    hostPath: 'etc/libvirt/qemu/build01.xml',
    fix: { rule: 'DOM-GRAPHICS-PUBLIC', line: 20, title: 'Listen on 127.0.0.1 only (guarded: remote viewers must tunnel over SSH)' },
    fixedOnSave: [],
    staysOnSave: ['DOM-CHARDEV-TCP'],
    hardened: ["<listen type='address' address='127.0.0.1'/>", "<source mode='bind' host='0.0.0.0' service='4556'/>"],
  },
  {
    format: 'ansible',
    file: 'ansible/lab-network.yml',
    hostPath: 'etc/ansible/lab-network.yml',
    fix: { rule: 'ANS-VSWITCH-SECURITY', line: 13, title: 'Set promiscuous_mode to false' },
    fixedOnSave: ['ANS-VSWITCH-SECURITY'],
    staysOnSave: ['ANS-SSH-SERVICE'],
    hardened: ['promiscuous_mode: false', 'forged_transmits: false', 'state: start'],
  },
  {
    format: 'hyperv-ps',
    file: 'hyperv/provision-web.ps1',
    fix: { rule: 'HV-NIC-MACSPOOF', line: 3, title: 'Set MacAddressSpoofing to Off' },
    fixedOnSave: ['HV-NIC-GUARDS'],
    staysOnSave: ['HV-HOST-CREDSSP'],
    hardened: ['-MacAddressSpoofing Off', '-DhcpGuard On', 'CredSSP'],
  },
  {
    format: 'terraform',
    file: 'terraform/main.tf',
    fix: { rule: 'TF-TLS-NOVERIFY', line: 13, title: 'Set allow_unverified_ssl to false (guarded: connections fail where the server presents a self-signed certificate this machine does not trust)' },
    fixedOnSave: ['TF-VSS-INSECURE-DEFAULTS'],
    staysOnSave: ['ANS-PERM-ADMIN-ROOT'],
    hardened: ['allow_unverified_ssl = false', 'allow_forged_transmits = false', 'allow_mac_changes = false', 'role_id       = "-1"'],
  },
];

/**
 * Files that only the host scan of a folder checks: findings that need the whole host tree (a bridge in
 * etc/network/interfaces and the guests that Proxmox configs put on it), without a quick fix to try.
 */
export interface HostTreeCase {
  file: string;
  hostPath: string;
  rules: string[];
}

export const HOST_TREE_EXTRAS: HostTreeCase[] = [
  { file: 'host-net/etc/network/interfaces', hostPath: 'etc/network/interfaces', rules: ['OVS-MIR-MISSING'] },
];
