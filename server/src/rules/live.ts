import type { LiveHowTo } from '../engine/types';

/** How to change host advanced options (name, wanted value) in the vSphere Client, PowerCLI and Ansible. */
export function hostOptions(...opts: [string, string][]): LiveHowTo {
  return {
    client: `Host > Configure > System > Advanced System Settings > Edit: ${opts.map(([n]) => `\`${n}\``).join(', ')}`,
    powercli: opts.map(([n, v]) => `\`Get-AdvancedSetting -Entity $vmhost -Name ${n} | Set-AdvancedSetting -Value ${v}\``).join('; '),
    ansible: `\`community.vmware.vmware_host_config_manager\` with \`options: { ${opts.map(([n, v]) => `'${n}': ${v}`).join(', ')} }\``,
  };
}

/** How to change VM configuration parameters (extraConfig key, wanted value). */
export function vmOptions(...opts: [string, string][]): LiveHowTo {
  return {
    client: `VM > Edit Settings > Advanced Parameters (vSphere 7: VM Options > Advanced > Edit Configuration): ${opts.map(([n]) => `\`${n}\``).join(', ')}`,
    powercli: opts.map(([n, v]) => `\`New-AdvancedSetting -Entity $vm -Name ${n} -Value ${v} -Force\``).join('; '),
    ansible: `\`community.vmware.vmware_guest\` with \`advanced_settings: [${opts.map(([n, v]) => `{ key: ${n}, value: '${v}' }`).join(', ')}]\``,
  };
}

/** How to stop host services (service keys such as `TSM-SSH`) and keep them off at boot. */
export function hostServices(...keys: string[]): LiveHowTo {
  return {
    client: 'Host > Configure > System > Services: select the service, Stop, then Edit Startup Policy > Start and stop manually',
    powercli: `\`$s = Get-VMHostService -VMHost $vmhost | Where-Object Key -in ${keys.map((k) => `'${k}'`).join(',')}; $s | Set-VMHostService -Policy Off; $s | Stop-VMHostService\``,
    ansible: `\`community.vmware.vmware_host_service_manager\` with \`state: stop\` and \`service_policy: off\`, for ${keys.map((k) => `\`service_name: ${k}\``).join(' and ')}`,
  };
}

/** How to close host firewall rulesets (ruleset ids as in esx.conf and esxcli). */
export function closeRulesets(...ids: string[]): LiveHowTo {
  return {
    client: 'Host > Configure > System > Firewall > Edit: clear the ruleset',
    powercli: ids.map((id) => `\`(Get-EsxCli -VMHost $vmhost -V2).network.firewall.ruleset.set.Invoke(@{rulesetid='${id}'; enabled=$false})\``).join('; '),
    ansible: `\`community.vmware.vmware_host_firewall_manager\` with \`rules: [${ids.map((id) => `{ name: ${id}, enabled: false }`).join(', ')}]\``,
  };
}

/** How to take privileges out of a vCenter role. */
export const ROLE_PRIVILEGES: LiveHowTo = {
  client: 'Administration > Access Control > Roles: select the role, Edit, and clear the privileges',
  powercli: "`Set-VIRole -Role '<role>' -RemovePrivilege (Get-VIPrivilege -Id '<privilege>')`",
  ansible: '`community.vmware.vmware_local_role_manager` with `local_role_name:`, `local_privilege_ids:` and `action: remove` (or `set`)',
};
