import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import type { Task } from '../../formats/ansible/tasks';
import { doc, stig } from '../refs';
import { rootOrDatacenter } from '../../formats/ansible/vsphere';
import { label, strOf, tasksOf, yamlTemplate } from './common';

const ADMIN = new Set(['admin', 'administrator']);

export const ansPermAdminRoot: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-PERM-ADMIN-ROOT',
    title: 'Ansible grants Admin at the vCenter root or on a datacenter',
    family: 'excessive-role',
    severity: 'critical',
    fixSafety: 'none',
    formats: ['ansible'],
    risk: 'vmware_object_role_permission with role Admin on rootFolder (the module\'s object_type defaults to Folder) and recursive true (the module default) makes the principal administrator of every datacenter, host, VM and permission in vCenter. A compromised automation account or directory group then owns the whole estate, including the right to grant itself anything else.',
    remedy: 'Grant a least-privilege custom role on the lowest object the account needs (a VM folder, a cluster), with recursive: false where possible, and grant it to an SSO group rather than a directory user. Who needs what is a decision vharden cannot make, so it offers no text fix.',
    notes: 'Critical at rootFolder, high on a datacenter. recursive is judged by the module default (true); recursive: false, state: absent and templated values are not reported.',
    references: [stig('VCSA-80-000095', 'V-258921'), stig('VCSA-80-000298', 'V-258963'), doc('Ansible community.vmware', 'vmware_object_role_permission')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const task of tasksOf(model, 'vmware_object_role_permission')) {
      const binding = adminBinding(task);
      if (!binding) continue;
      const who = strOf(task.opt('principal')) ?? (strOf(task.opt('group')) ? `group ${strOf(task.opt('group'))}` : 'the principal');
      out.push({
        start: binding.role.start,
        end: binding.role.end,
        severity: binding.root ? 'critical' : 'high',
        locator: `${task.locator}/role`,
        message: binding.root
          ? `${label(task)} grants ${binding.role.text} to ${who} on rootFolder, propagating to every object in vCenter.`
          : `${label(task)} grants ${binding.role.text} to ${who} on datacenter "${binding.object}" and everything in it.`,
        templates: [
          yamlTemplate(model, 'Insert a commented least-privilege grant template (choose the role and object yourself)', binding.role.end, [
            'role: <least-privilege custom role>   object_name: <folder or cluster the account needs>   recursive: false',
            'grant it to an SSO group (group: VSPHERE.LOCAL\\<group>) rather than a directory user',
          ]),
        ],
      });
    }
    return out;
  },
};

/** An Admin grant that propagates from the root folder or a datacenter, as this task writes it. */
function adminBinding(task: Task) {
  if ((task.opt('state')?.text ?? 'present').toLowerCase() === 'absent') return undefined;
  const role = task.opt('role');
  const roleName = role?.templated ? undefined : role?.text?.trim();
  if (!role || !roleName || !ADMIN.has(roleName.toLowerCase())) return undefined;
  const target = rootOrDatacenter(task);
  return target ? { role, ...target } : undefined;
}
