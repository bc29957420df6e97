import type { FindingDraft, Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, finding, optBool } from './options';
import { hostOptions } from '../live';

export const esxadvEsxAdmins: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-ESXADMINS',
    title: 'Host trusts the well-known "ESX Admins" directory group',
    family: 'excessive-role',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'On an AD-joined host, members of the group named by Config.HostAgent.plugins.hostsvc.esxAdminsGroup get full administrator rights. With the well-known default "ESX Admins" and automatic adding enabled, anyone who can create or join a group of that name in the directory becomes root on the host (CVE-2024-37085, exploited by ransomware operators).',
    remedy: 'Name a site-specific, tightly held group in esxAdminsGroup (or leave it empty when the host is not AD-joined), and set esxAdminsGroupAutoAdd to false. The fix writes esxAdminsGroupAutoAdd: false; the group name needs your decision.',
    notes: `${PARTIAL_NOTE} The group-name finding has no fix: vharden cannot know your group.`,
    live: hostOptions(['Config.HostAgent.plugins.hostsvc.esxAdminsGroupAutoAdd', 'false']),
    references: [stig('ESXI-80-000241', 'V-258796'), scg('esx-9.ad-admin-group-name'), scg('esx-9.ad-admin-group-autoadd')],
  },
  check(s) {
    const out: FindingDraft[] = [];
    const group = s.get('Config.HostAgent.plugins.hostsvc.esxAdminsGroup');
    if (group && group.value.trim().toLowerCase() === 'esx admins') {
      out.push(finding(s, group, `${group.name} = "${group.value}" makes every member of the well-known "ESX Admins" directory group an administrator of the host.`));
    }
    const auto = s.get('Config.HostAgent.plugins.hostsvc.esxAdminsGroupAutoAdd');
    if (auto && optBool(auto) === true) {
      out.push(finding(s, auto, `${auto.name} = ${auto.value} adds the ESX admins group to the host's administrators automatically.`, { value: 'false', type: 'bool', safety: 'safe' }));
    }
    return out;
  },
};
