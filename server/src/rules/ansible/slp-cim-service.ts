import type { Rule } from '../../engine/types';
import { ESX_SERVICES, type ServiceState } from '../../formats/vsphere/carriers';
import { doc, stig } from '../refs';
import { SERVICE_NOTE, serviceFindings } from './services';
import { hostServices } from '../live';

export const ansSlpCimService: Rule<ServiceState> = {
  input: ESX_SERVICES,
  meta: {
    id: 'ANS-SLP-CIM-SERVICE',
    title: 'SLP or the CIM server runs on a host (or code starts it)',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['ansible', 'vsphere-snapshot'],
    risk: 'The SLP daemon (slpd) had remotely exploitable heap overflows (CVE-2021-21974, CVE-2020-3992) that the ESXiArgs ransomware wave used against unpatched hosts; the CIM server (sfcbd-watchdog) is another network-facing service most estates do not need. A task that starts either of them, or omits state (module default "start"), exposes that surface.',
    remedy: 'Stop slpd and sfcbd-watchdog (state: stop, service_policy: off) unless a hardware-monitoring tool needs CIM. The fix for slpd is safe (SLP only advertises services such as CIM to discovery tools); the one for sfcbd-watchdog is guarded, as hardware health through CIM providers (vCenter, vendor agents) stops with it.',
    notes: `${SERVICE_NOTE} slpd is reported as high, sfcbd-watchdog as medium. An omitted state is judged as the module default "start"; templated values are not judged.`,
    live: hostServices('slpd', 'sfcbd-watchdog'),
    references: [stig('ESXI-80-000231'), stig('ESXI-80-000228'), doc('VMware ESXiArgs Q&A', 'ESXiArgs-Questions-Answers'), doc('Ansible community.vmware', 'vmware_host_service_manager')],
  },
  check: (state) =>
    serviceFindings(state, { slpd: { label: 'SLP', severity: 'high' }, 'sfcbd-watchdog': { label: 'the CIM server', severity: 'medium', stopping: 'hardware monitoring through CIM (vCenter hardware health, vendor agents) stops' } }),
};
