import type { Rule } from '../../engine/types';
import { ESX_SERVICES, type ServiceState } from '../../formats/vsphere/carriers';
import { doc, scg, stig } from '../refs';
import { SERVICE_NOTE, serviceFindings } from './services';
import { hostServices } from '../live';

const SHELL = 'ends remote shell access to the host';

export const ansSshService: Rule<ServiceState> = {
  input: ESX_SERVICES,
  meta: {
    id: 'ANS-SSH-SERVICE',
    title: 'SSH or the ESXi Shell runs on a host (or code starts it)',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['ansible', 'vsphere-snapshot'],
    risk: 'vmware_host_service_manager with service_name TSM-SSH (SSH) or TSM (ESXi Shell) and a running state opens a root shell interface on the hypervisor. Attackers who reach it with a stolen or guessed password bypass vCenter, its roles and its audit trail; ransomware campaigns against ESXi use exactly this path. The module\'s default state is "start", so a task that omits state starts the service.',
    remedy: 'Keep SSH and the ESXi Shell stopped (state: stop) with service_policy: off, and start them only for a maintenance window. The fix writes state: stop (and service_policy: off where a policy turns the service on).',
    notes: `${SERVICE_NOTE} An omitted state is judged as the module default "start". Templated service names or states are not judged. A task whose arguments come from a merge key or a templated string is only judged on what it writes.`,
    live: hostServices('TSM-SSH', 'TSM'),
    references: [stig('ESXI-80-000193'), stig('ESXI-80-000194'), scg('esx-9.ssh'), scg('esx-9.deactivate-shell'), doc('Ansible community.vmware', 'vmware_host_service_manager')],
  },
  check: (state) =>
    serviceFindings(state, { 'TSM-SSH': { label: 'SSH', severity: 'high', stopping: SHELL }, TSM: { label: 'the ESXi Shell', severity: 'high', stopping: SHELL } }),
};
