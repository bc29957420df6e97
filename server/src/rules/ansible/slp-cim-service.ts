import type { Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { doc, stig } from '../refs';
import { serviceFindings } from './services';

export const ansSlpCimService: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-SLP-CIM-SERVICE',
    title: 'Ansible starts SLP or the CIM server on a host',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['ansible'],
    risk: 'The SLP daemon (slpd) had remotely exploitable heap overflows (CVE-2021-21974, CVE-2020-3992) that the ESXiArgs ransomware wave used against unpatched hosts; the CIM server (sfcbd-watchdog) is another network-facing service most estates do not need. A task that starts either of them, or omits state (module default "start"), exposes that surface.',
    remedy: 'Stop slpd and sfcbd-watchdog (state: stop, service_policy: off) unless a hardware-monitoring tool needs CIM.',
    notes: 'slpd is reported as high, sfcbd-watchdog as medium. An omitted state is judged as the module default "start"; templated values are not judged.',
    references: [stig('ESXI-80-000231'), stig('ESXI-80-000228'), doc('VMware ESXiArgs Q&A', 'ESXiArgs-Questions-Answers'), doc('Ansible community.vmware', 'vmware_host_service_manager')],
  },
  check: (model) =>
    serviceFindings(model, { slpd: { label: 'SLP', severity: 'high' }, 'sfcbd-watchdog': { label: 'the CIM server', severity: 'medium' } }, 'safe'),
};
