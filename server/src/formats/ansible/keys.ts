import type { KeyDoc } from '../../engine/keys';

/** The rules that read `vmware_host_service_manager` tasks. */
const SERVICE_RULES = ['ANS-SSH-SERVICE', 'ANS-SLP-CIM-SERVICE'];
const SECURITY = (name: string): KeyDoc => ({ key: name, summary: 'Security policy of the switch or port group: promiscuous_mode, forged_transmits, mac_changes (`security`, `security_policy` and `network_policy` are one option).', see: ['ANS-VSWITCH-SECURITY'] });

/**
 * community.vmware module options the rules read, by module short name, for hover and inlay hints
 * (see engine/assist.ts); `*` holds the options of every module. A `default` is the module's, as the
 * rules that judge an omitted option take it.
 */
export const ANSIBLE_OPTIONS: Readonly<Record<string, KeyDoc[]>> = {
  '*': [{ key: 'validate_certs', summary: 'Check the TLS certificate of vCenter or ESXi before sending the credentials (VMWARE_VALIDATE_CERTS when unset).', values: ['true'], default: 'true', see: ['ANS-VALIDATE-CERTS'] }],
  vmware_host_service_manager: [
    { key: 'service_name', summary: 'ESXi service: TSM-SSH (SSH), TSM (ESXi Shell), slpd (SLP), sfcbd-watchdog (CIM), …', see: SERVICE_RULES },
    { key: 'state', summary: 'start, stop, restart, unchanged, present or absent.', values: ['stop', 'start'], default: 'start', see: SERVICE_RULES },
    { key: 'service_policy', summary: 'Start policy of the service at boot: on, off or automatic.', values: ['off', 'on', 'automatic'], see: SERVICE_RULES },
  ],
  vmware_host_lockdown: [{ key: 'state', summary: 'Lockdown mode of the host: normal, strict, disabled (absent is the legacy spelling of disabled).', values: ['normal', 'strict', 'disabled'], default: 'normal', see: ['ANS-LOCKDOWN-DISABLED'] }],
  vmware_object_role_permission: [
    { key: 'role', summary: 'vCenter role granted (Admin grants every privilege).', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'principal', summary: 'User the role is granted to.', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'group', summary: 'Group the role is granted to.', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'object_name', summary: 'Object the permission is set on; rootFolder is the top of the inventory.', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'object_type', summary: 'Type of the object (Folder, Datacenter, …).', default: 'Folder', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'recursive', summary: 'The permission also applies to every object below.', values: ['false', 'true'], default: 'true', see: ['ANS-PERM-ADMIN-ROOT'] },
    { key: 'state', summary: 'present grants the permission, absent removes it.', see: ['ANS-PERM-ADMIN-ROOT'] },
  ],
  vmware_dvs_portgroup: [
    { key: 'network_policy', summary: 'Security policy of the distributed port group: promiscuous, forged_transmits, mac_changes (each false by default).', see: ['ANS-DVPG-SECURITY'] },
    { key: 'port_policy', summary: 'Which port settings a VM\'s port may override, and whether they reset at disconnect.', see: ['ANS-DVPG-SECURITY'] },
    { key: 'vlan_trunk', summary: 'Trunk the VLAN ids of vlan_id to the guests.', see: ['ANS-DVPG-SECURITY'] },
  ],
  vmware_host_firewall_manager: [{ key: 'rules', summary: 'Firewall rule sets to change; `allowed_hosts: {all_ip: true}` opens a rule set to every address.', see: ['ANS-FW-ALLIP'] }],
  vmware_vswitch: ['security', 'security_policy', 'network_policy'].map(SECURITY),
  vmware_portgroup: ['security', 'security_policy', 'network_policy'].map(SECURITY),
  vmware_vspan_session: [
    { key: 'destination_port', summary: 'Port that receives the mirrored traffic.', see: ['ANS-MIR-VSPAN-UNAUTH'] },
    { key: 'destination_vm', summary: 'VM that receives the mirrored traffic.', see: ['ANS-MIR-VSPAN-UNAUTH'] },
    { key: 'enabled', summary: 'Whether the session mirrors traffic.', values: ['true', 'false'], default: 'true', see: ['ANS-MIR-VSPAN-QUALITY'] },
    { key: 'normal_traffic_allowed', summary: 'Let the destination port also carry normal traffic.', values: ['false', 'true'], default: 'false', see: ['ANS-MIR-VSPAN-QUALITY'] },
    { key: 'mirrored_packet_length', summary: 'Truncate mirrored packets to this many bytes (absent: full packets).', see: ['ANS-MIR-VSPAN-QUALITY'] },
    { key: 'sampling_rate', summary: 'Mirror one packet in this many.', see: ['ANS-MIR-VSPAN-QUALITY'] },
  ],
};
