import { isScalar } from 'yaml';
import { detectEol, insertLineAfter } from '../../engine/text';
import type { Fix, TextEdit } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import type { Opt, Task } from '../../formats/ansible/tasks';
import { scalarReplacement } from '../../formats/ansible/yaml';

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

/**
 * Edit that replaces an option's value. `raw` writes YAML as given (booleans, numbers);
 * `str` keeps the original quoting and quotes words YAML would read as something else.
 */
export function replaceValue(opt: Opt, value: string, kind: 'str' | 'raw'): TextEdit {
  if (opt.inline) return { start: opt.start, end: opt.end, newText: value };
  const node = isScalar(opt.node) ? opt.node : undefined;
  return { start: opt.start, end: opt.end, newText: scalarReplacement(node, value, kind) };
}

/** Set an option, or add it to the task when it is absent. Empty when there is nowhere to write. */
export function ensureOpt(task: Task, opt: Opt | undefined, name: string, value: string, kind: 'str' | 'raw'): TextEdit[] {
  if (opt && opt.start !== opt.keyStart) return [replaceValue(opt, value, kind)];
  if (opt) return [{ start: opt.end, end: opt.end + (opt.inline ? 0 : 1), newText: `: ${kind === 'raw' ? value : scalarReplacement(undefined, value, 'str')}` }];
  const edit = task.insert(name, kind === 'raw' ? value : scalarReplacement(undefined, value, 'str'));
  return edit ? [edit] : [];
}

export function label(task: Task): string {
  return task.name ? `task "${task.name}"` : task.written;
}

/**
 * Commented lines inserted below the line that holds `at`, at that line's indentation, for the admin
 * to complete. Never applied by fix-all; a comment cannot change what the playbook does.
 */
export function yamlTemplate(model: AnsibleModel, title: string, at: number, lines: string[]): Fix {
  const line = model.index.position(at).line;
  const indent = /^[ \t]*/.exec(model.text.slice(model.index.lineStart(line), model.index.lineEnd(line)))![0];
  const content = lines.map((l) => `${indent}# vharden template: ${l}`).join(detectEol(model.text));
  return { title, safety: 'guarded', edits: [insertLineAfter(model.text, model.index, line, content)] };
}
