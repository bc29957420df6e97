import { isMap } from 'yaml';
import type { AnsibleModel } from '../../formats/ansible';
import { mapOpt, type Opt, type Task } from '../../formats/ansible/tasks';
import { asMap } from '../../formats/ansible/yaml';
import { strOf, tasksOf } from './common';

export interface VspanSession {
  task: Task;
  name: string;
  /** mirror destinations as written: a VM name and/or a distributed port key */
  destinations: { kind: 'vm' | 'port'; value: string; opt: Opt }[];
}

/** `vmware_vspan_session` tasks that create or update a session (state: present). */
export function vspanSessions(model: AnsibleModel): VspanSession[] {
  const out: VspanSession[] = [];
  for (const task of tasksOf(model, 'vmware_vspan_session')) {
    if (strOf(task.opt('state'))?.toLowerCase() !== 'present') continue;
    const destinations: VspanSession['destinations'] = [];
    const vm = task.opt('destination_vm');
    const vmName = vm && isMap(vm.node) ? mapOpt(asMap(vm.node)!, 'name', model.text) : undefined;
    const vmValue = strOf(vmName);
    if (vmName && vmValue) destinations.push({ kind: 'vm', value: vmValue, opt: vmName });
    const port = task.opt('destination_port');
    const portValue = strOf(port);
    if (port && portValue) destinations.push({ kind: 'port', value: portValue, opt: port });
    out.push({ task, name: strOf(task.opt('name')) ?? task.locator, destinations });
  }
  return out;
}
