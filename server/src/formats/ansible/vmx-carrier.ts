import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { detectEol, type LineIndex } from '../../engine/text';
import type { TextEdit } from '../../engine/types';
import type { VmxSetting, VmxSettings } from '../vmx/settings';
import type { Task } from './tasks';
import { isTemplate, pairOf, scalarReplacement, scalarText } from './yaml';

interface YamlSetting extends VmxSetting {
  item: Node;
  valueNode?: Node;
}

/**
 * `vmware_guest.advanced_settings` (a list of `{key, value}`) seen as VM settings, so the .vmx
 * rules run on it unchanged. The list names only what the task changes, so the carrier is
 * `partial`: an absent key says nothing about the VM. Templated keys or values are left out.
 */
export function advancedSettingsCarrier(task: Task, text: string, index: LineIndex): VmxSettings | undefined {
  const opt = task.opt('advanced_settings');
  if (!opt || !isSeq(opt.node)) return undefined;
  const seq = opt.node as YAMLSeq<Node>;
  const settings: YamlSetting[] = [];
  for (const item of seq.items) {
    if (!isMap(item) || !item.range) continue;
    const m = item as YAMLMap<Node, Node | null>;
    const k = pairOf(m, 'key')?.value;
    const v = pairOf(m, 'value');
    if (!isScalar(k) || !v) continue;
    const key = scalarText(k, text);
    const value = isScalar(v.value) ? scalarText(v.value, text) : '';
    if (isTemplate(key) || isTemplate(value)) continue;
    const valueRange = v.value?.range ?? (v.key as Node).range!;
    settings.push({
      key,
      lower: key.toLowerCase(),
      value,
      start: item.range[0],
      end: item.range[1],
      valueStart: valueRange[0],
      valueEnd: valueRange[1],
      locator: `${task.locator}/advanced_settings/${key.toLowerCase()}`,
      item,
      valueNode: v.value ?? undefined,
    });
  }
  const effective = new Map<string, YamlSetting>();
  for (const s of settings) effective.set(s.lower, s);
  const anchor = { start: task.start, end: task.end };
  return {
    target: 'esxi',
    partial: true,
    anchor,
    carrier: `${task.locator}/advanced_settings`,
    get: (key) => effective.get(key.toLowerCase()),
    matching: (re) => [...effective.values()].filter((s) => re.test(s.lower)),
    setValue: (setting, value) => {
      const s = setting as YamlSetting;
      const node = isScalar(s.valueNode) ? s.valueNode : undefined;
      const quoted = node?.type === 'QUOTE_SINGLE' || node?.type === 'QUOTE_DOUBLE' ? scalarReplacement(node, value, 'str') : `"${value}"`;
      return [{ start: s.valueStart, end: s.valueEnd, newText: quoted }];
    },
    add: (key, value) => addItem(seq, key, value, text, index),
    remove: (setting) => removeItem(seq, (setting as YamlSetting).item, text, index),
  };
}

function addItem(seq: YAMLSeq<Node>, key: string, value: string, text: string, index: LineIndex): TextEdit[] {
  const last = seq.items[seq.items.length - 1];
  if (!last?.range) return [];
  if (seq.flow) return [{ start: last.range[1], end: last.range[1], newText: `, { key: "${key}", value: "${value}" }` }];
  const dash = text.lastIndexOf('-', last.range[0]);
  const col = index.position(dash).character;
  const inner = index.position(last.range[0]).character;
  let endOff = last.range[1];
  while (endOff > 0 && /\s/.test(text[endOff - 1]!)) endOff--;
  const at = index.lineEnd(index.position(endOff).line);
  const eol = detectEol(text);
  const item = isMap(last) && (last as YAMLMap).flow
    ? `- { key: "${key}", value: "${value}" }`
    : `-${' '.repeat(Math.max(1, inner - col - 1))}key: "${key}"${eol}${' '.repeat(inner)}value: "${value}"`;
  return [{ start: at, end: at, newText: `${eol}${' '.repeat(col)}${item}` }];
}

function removeItem(seq: YAMLSeq<Node>, item: Node, text: string, index: LineIndex): TextEdit[] {
  if (!item.range) return [];
  if (seq.items.length < 2 && seq.range) {
    let end = seq.range[1];
    while (end > seq.range[0] && /\s/.test(text[end - 1]!)) end--;
    return [{ start: seq.range[0], end, newText: '[]' }];
  }
  if (seq.flow) {
    const i = seq.items.indexOf(item);
    const prev = seq.items[i - 1];
    const next = seq.items[i + 1];
    if (prev?.range) return [{ start: prev.range[1], end: item.range[1], newText: '' }];
    if (next?.range) return [{ start: item.range[0], end: next.range[0], newText: '' }];
    return [];
  }
  const dash = text.lastIndexOf('-', item.range[0]);
  const startLine = index.position(dash).line;
  let endOff = item.range[1];
  while (endOff > 0 && /\s/.test(text[endOff - 1]!)) endOff--;
  const endLine = index.position(endOff).line;
  return [{ start: index.lineStart(startLine), end: index.lineEndWithBreak(endLine), newText: '' }];
}
