import type { FormatKeys, KeyDoc } from '../../engine/keys';

const ruleset = (name: string, what: string, rules: string[]): KeyDoc => ({
  key: `/firewall/services/${name}/enabled`,
  summary: `Opens the ESXi firewall for ${what}.`,
  values: ['false', 'true'],
  rules,
  insecure: 'true',
});

/** the rule also reports forgedTx and macChange a switch omits (they default to accept): the lines written with the one judged */
const others = (setting: string): string[] => ['forgedTx', 'macChange'].filter((s) => s !== setting).map((s) => `/net/vswitch/child[0000]/securityPolicy/${s} = "false"`);

const policy = (setting: string, what: string): KeyDoc[] => [
  { key: `/net/vswitch/child[<n>]/securityPolicy/${setting}`, summary: `Standard vSwitch security policy: accept ${what}.`, values: ['false', 'true'], rules: ['ESXCONF-VSS-POLICY'], insecure: 'true', with: others(setting) },
  { key: `/net/vswitch/child[<n>]/portgroup/child[<n>]/securityPolicy/${setting}`, summary: `Port group override of the vSwitch policy: accept ${what}.`, values: ['false', 'true'], rules: ['ESXCONF-VSS-POLICY'], insecure: 'true' },
];

/** An ESXi advanced option as esx.conf writes it (`/adv/<Group>/<Option>`), judged by the ESXADV-* rules. */
const adv = (name: string, doc: Omit<KeyDoc, 'key'>): KeyDoc => ({ key: `/adv/${name.split('.').join('/')}`, ...doc });

/** the rule reports a missing ESXiShellInteractiveTimeOut (default 0) on the other timeouts' lines */
const SHELL_IDLE_SET = '/adv/UserVars/ESXiShellInteractiveTimeOut = "900"';

/** esx.conf keys the rules read, for completion and hover (see engine/keys.ts). */
export const ESXCONF_KEYS: FormatKeys = {
  syntax: { separator: '=', quoted: true, firstIndex: '0000', caseInsensitive: false, comment: '#' },
  keys: [
    ruleset('sshServer', 'the SSH server', ['ESXCONF-FW-SSH']),
    ruleset('CIMSLP', 'SLP (the service the ESXiArgs ransomware used)', ['ESXCONF-FW-SLP']),
    ruleset('gdbserver', 'GDB debugging', ['ESXCONF-FW-DEBUG']),
    ruleset('remoteSerialPort', 'the remote serial port', ['ESXCONF-FW-DEBUG']),
    { key: '/firewall/services/<name>/allowedall', summary: 'The ruleset accepts connections from every address; false limits it to its allowed IP list.', values: ['false', 'true'], rules: ['ESXCONF-FW-ALLOWEDALL'], insecure: 'true', with: ['/firewall/services/sshServer/enabled = "true"'] },
    ...policy('promiscuous', 'promiscuous mode (a VM sees every frame on the switch)'),
    ...policy('forgedTx', 'forged transmits (a VM sends with another source MAC)'),
    ...policy('macChange', 'MAC address changes by the guest'),
    { key: '/net/vswitch/child[<n>]/portgroup/child[<n>]/vlanId', summary: 'VLAN of the port group; 4095 trunks every VLAN to the guests (VGT).', rules: ['ESXCONF-VSS-VGT'], insecure: '4095', with: ['/net/vswitch/child[0000]/portgroup/child[0000]/name = "VM Network"'] },
    adv('Config.HostAgent.plugins.solo.enableMob', { summary: 'Managed Object Browser: a web interface to the host\'s whole API.', values: ['false', 'true'], rules: ['ESXADV-MOB'], insecure: 'true' }),
    adv('Security.AccountLockFailures', { summary: 'Failed logins before an account is locked; 0 never locks.', values: ['3', '5'], rules: ['ESXADV-ACCOUNT-LOCKOUT'], insecure: '0' }),
    adv('Security.AccountUnlockTime', { summary: 'Seconds a locked account stays locked.', values: ['900'], rules: ['ESXADV-ACCOUNT-LOCKOUT'], insecure: '60' }),
    adv('Config.HostAgent.plugins.hostsvc.esxAdminsGroup', { summary: 'Directory group whose members become host administrators; "ESX Admins" is well known.', rules: ['ESXADV-ESXADMINS'], insecure: 'ESX Admins' }),
    adv('Config.HostAgent.plugins.hostsvc.esxAdminsGroupAutoAdd', { summary: 'Adds the admins group to the host\'s administrators automatically.', values: ['false', 'true'], rules: ['ESXADV-ESXADMINS'], insecure: 'true' }),
    adv('DCUI.Access', { summary: 'Users who may use the DCUI even in lockdown mode.', values: ['root'], rules: ['ESXADV-DCUI-ACCESS'], insecure: 'root,admin' }),
    adv('VMkernel.Boot.execInstalledOnly', { summary: 'Runs only binaries installed from signed VIBs.', values: ['true', 'false'], rules: ['ESXADV-EXECINSTALLEDONLY'], insecure: 'false' }),
    adv('UserVars.ESXiShellTimeOut', { summary: 'Seconds the ESXi Shell and SSH stay enabled; 0 is forever.', values: ['600'], default: '0 (forever)', rules: ['ESXADV-SHELL-TIMEOUT'], insecure: '0' }),
    adv('UserVars.ESXiShellInteractiveTimeOut', { summary: 'Seconds before an idle ESXi Shell or SSH session ends; 0 never.', values: ['900'], default: '0 (never)', rules: ['ESXADV-SHELL-IDLE'], insecure: '0' }),
    adv('UserVars.DcuiTimeOut', { summary: 'Seconds before an idle DCUI session ends.', values: ['600'], default: '600', rules: ['ESXADV-SHELL-IDLE'], insecure: '0', with: [SHELL_IDLE_SET] }),
    adv('UserVars.HostClientSessionTimeout', { summary: 'Seconds before an idle host client session ends.', values: ['900'], default: '900', rules: ['ESXADV-SHELL-IDLE'], insecure: '0', with: [SHELL_IDLE_SET] }),
    adv('Net.BMCNetworkEnable', { summary: 'Lets the host open a virtual NIC to its BMC (iDRAC, iLO).', values: ['0', '1'], default: '1', rules: ['ESXADV-BMC-VNIC'], insecure: '1' }),
  ],
};
