import type { AnsibleModel } from '../../formats/ansible';
import type { Opt, Task } from '../../formats/ansible/tasks';

export { ensureOpt, replaceValue, taskLabel as label, yamlTemplate } from '../../formats/ansible/edits';

export function tasksOf(model: AnsibleModel, ...modules: string[]): Task[] {
  return model.tasks.filter((t) => modules.includes(t.module));
}

/** Ansible's boolean reading of a value (`yes`, `on`, `True`, `1`...); undefined when not a boolean or templated. */
export function boolOf(opt: Opt | undefined): boolean | undefined {
  if (!opt || opt.templated || opt.text === undefined) return undefined;
  const v = opt.text.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y', 't'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'n', 'f'].includes(v)) return false;
  return undefined;
}

/** The plain string value of an option; undefined when absent, templated or not a scalar. */
export function strOf(opt: Opt | undefined): string | undefined {
  if (!opt || opt.templated || opt.text === undefined) return undefined;
  return opt.text.trim();
}
