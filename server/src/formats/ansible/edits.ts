import { isScalar } from 'yaml';
import { detectEol, insertLineAfter, type LineIndex } from '../../engine/text';
import type { Fix, TextEdit } from '../../engine/types';
import type { Opt, Task } from './tasks';
import { scalarReplacement } from './yaml';

/** Edits of Ansible tasks shared by the rules and the carriers the format provides. */

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

/** How messages name a task: `task "Enable SSH"`, or the module as written when the task has no name. */
export function taskLabel(task: Task): string {
  return task.name ? `task "${task.name}"` : task.written;
}

/**
 * Commented lines inserted below the line that holds `at`, at that line's indentation, for the admin
 * to complete. Never applied by fix-all; a comment cannot change what the playbook does.
 */
export function yamlTemplate(model: { text: string; index: LineIndex }, title: string, at: number, lines: string[]): Fix {
  const line = model.index.position(at).line;
  const indent = /^[ \t]*/.exec(model.text.slice(model.index.lineStart(line), model.index.lineEnd(line)))![0];
  const content = lines.map((l) => `${indent}# vharden template: ${l}`).join(detectEol(model.text));
  return { title, safety: 'guarded', edits: [insertLineAfter(model.text, model.index, line, content)] };
}
